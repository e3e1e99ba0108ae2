/**
 * The editor's look: the page's fonts and colours, a quiet gutter, clear lint marks.
 * @module
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: t.comment, color: '#6a737d', fontStyle: 'italic' },
  { tag: [t.propertyName, t.definition(t.propertyName)], color: '#005cc5' },
  { tag: [t.string, t.special(t.string)], color: '#0b6e4f' },
  { tag: [t.number, t.bool, t.null, t.atom], color: '#b35900' },
  { tag: [t.keyword, t.definitionKeyword, t.modifier], color: '#8a3ffc' },
  { tag: [t.punctuation, t.separator, t.squareBracket, t.brace], color: '#57606a' },
  { tag: t.meta, color: '#8a3ffc' },
]);

export const editorTheme = [
  EditorView.theme({
    '&': { height: '100%', fontSize: '13px', backgroundColor: '#fff' },
    '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
    '.cm-gutters': { backgroundColor: '#f6f8fa', borderRight: '1px solid #e1e4e8', color: '#8c959f' },
    '.cm-activeLine': { backgroundColor: '#f3f7ff' },
    '.cm-activeLineGutter': { backgroundColor: '#e8eefc', color: '#24292f' },
    '&.cm-focused': { outline: 'none' },
    '.cm-tooltip': { border: '1px solid #d0d7de', borderRadius: '6px', boxShadow: '0 4px 12px rgba(27,31,36,.15)', fontFamily: 'var(--sans)' },
    '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: '#0969da', color: '#fff' },
    '.cm-completionInfo': { maxWidth: '360px', padding: '6px 8px', fontSize: '12px', lineHeight: '1.4' },
    '.cm-diagnostic': { fontFamily: 'var(--sans)', fontSize: '12px', whiteSpace: 'pre-wrap', maxWidth: '520px' },
    '.cm-schema-help': { padding: '6px 8px', maxWidth: '420px', fontSize: '12px', lineHeight: '1.4' },
    '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy #cf222e', textUnderlineOffset: '3px' },
    '.cm-lintRange-warning': { backgroundImage: 'none', textDecoration: 'underline wavy #bf8700', textUnderlineOffset: '3px' },
  }),
  syntaxHighlighting(highlight),
];
