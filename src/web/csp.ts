/**
 * The Content Security Policy nonce of this page load, for the editor's style elements (the
 * server puts a fresh one in the page's meta tag and in the policy of each response).
 * @module
 */
let nonce: string | undefined;

export function cspNonce(): string {
  nonce ??= document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
  return nonce;
}
