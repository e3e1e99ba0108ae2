/**
 * The HTML target: a self-contained change-request report with the zone diagram.
 * @module
 */
import { DOCUMENT_SUPPORTS } from '../csv/rows.js';
import type { Renderer } from '../types.js';
import { renderHtml } from './render.js';

export const html: Renderer = {
  id: 'html',
  names: ['report'],
  title: 'HTML change-request report (diagram, zone-pair matrix, rules with reasons; self-contained)',
  kind: 'document',
  extension: 'html',
  supports: DOCUMENT_SUPPORTS,
  docs: [
    'https://html.spec.whatwg.org/multipage/semantics.html#attr-meta-http-equiv-content-security-policy',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy',
    'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html',
  ],
  render: renderHtml,
};
