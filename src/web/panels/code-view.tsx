/**
 * A read-only code view with line numbers, search and a highlighter that suits every target's
 * syntax well enough: comments, strings, addresses, ports and the verbs that allow or deny.
 * @module
 */
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StringStream } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers, drawSelection } from '@codemirror/view';
import { defaultKeymap } from '@codemirror/commands';
import { tags as t } from '@lezer/highlight';
import { useEffect, useRef } from 'preact/hooks';
import { cspNonce } from '../csp.js';

const ALLOW = /^(accept|allow|permit|pass|established|related|enable)\b/i;
const DENY = /^(drop|deny|reject|block|disable)\b/i;
const KEYWORD = /^(table|chain|rule|add|set|define|type|hook|priority|policy|ip|ip6|inet|saddr|daddr|dport|sport|tcp|udp|icmp|icmpv6|ct|state|from|to|any|config|edit|next|end|object|object-group|network-object|service|access-list|extended|rulebase|security|rules|source|destination|application|action|resource|ingress|egress|protocol|port|ports|New-NetFirewallRule|Direction|Inbound|Outbound|Action|RemoteAddress|LocalPort|-[A-Za-z]+)\b/;

interface State {
  comment: string | null;
}

function commentStart(line: string): string | null {
  if (line.startsWith('#!')) return '#';
  return null;
}

const rules = StreamLanguage.define<State>({
  name: 'rules',
  startState: () => ({ comment: null }),
  token(stream: StringStream) {
    if (stream.eatSpace()) return null;
    if (stream.sol() && commentStart(stream.string)) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^(#|\/\/|!(?=\s|$)|;;|--\s)/)) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return 'string';
    if (stream.match(/^[0-9a-fA-F:]*:[0-9a-fA-F:]+(\/\d+)?/) || stream.match(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?/)) return 'number';
    if (stream.match(/^\d+(-\d+)?\b/)) return 'number';
    if (stream.match(ALLOW)) return 'keyword';
    if (stream.match(DENY)) return 'invalid';
    if (stream.match(KEYWORD)) return 'typeName';
    if (stream.match(/^[\w.$@*-]+/)) return null;
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '#' } },
});

const style = HighlightStyle.define([
  { tag: t.comment, color: '#6a737d', fontStyle: 'italic' },
  { tag: t.string, color: '#0b6e4f' },
  { tag: t.number, color: '#b35900' },
  { tag: t.keyword, color: '#1a7f37', fontWeight: '600' },
  { tag: t.invalid, color: '#cf222e', fontWeight: '600' },
  { tag: t.typeName, color: '#005cc5' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '12.5px', backgroundColor: '#fff' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: '#f6f8fa', borderRight: '1px solid #e1e4e8', color: '#8c959f' },
  '&.cm-focused': { outline: '2px solid #0969da', outlineOffset: '-2px' },
  '.cm-activeLine': { backgroundColor: '#f3f7ff' },
});

export function CodeView({ text, label }: { text: string; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>();
  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          highlightActiveLine(),
          drawSelection(),
          EditorState.readOnly.of(true),
          EditorView.editable.of(true),
          EditorView.cspNonce.of(cspNonce()),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-readonly': 'true' }),
          keymap.of(defaultKeymap),
          rules,
          syntaxHighlighting(style),
          theme,
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
  }, []);
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== text) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
  }, [text]);
  return <div class="code-view" ref={host} data-text-length={text.length} />;
}
