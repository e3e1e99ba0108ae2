/**
 * The deployment editor: CodeMirror 6 with YAML highlighting, completion and hover help from the
 * JSON Schema, and the problems shown at their place.
 * @module
 */
import { autocompletion } from '@codemirror/autocomplete';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, hoverTooltip, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'preact/hooks';
import { cspNonce } from '../csp.js';
import { schemaCompletion, type CompletionData } from './complete.js';
import { contextAt } from './context.js';
import type { Problems } from './problems.js';
import { schemasAt } from './schema.js';
import { editorTheme } from './theme.js';

export interface EditorHandle {
  /** Moves the cursor to an offset (or line) and focuses the editor. */
  reveal(at: { from?: number; line?: number; col?: number }): void;
  setText(text: string): void;
  text(): string;
}

interface Props {
  initial: string;
  onChange: (text: string) => void;
  onSave?: () => void;
  problems: Problems | undefined;
  completion: CompletionData;
  handle: (h: EditorHandle) => void;
}

export function YamlEditor({ initial, onChange, onSave, problems, completion, handle }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>();
  const callbacks = useRef({ onChange, onSave });
  callbacks.current = { onChange, onSave };

  useEffect(() => {
    const help = hoverTooltip((v, pos) => {
      const schema = completion.schema();
      if (!schema) return null;
      const line = v.state.doc.lineAt(pos);
      const m = /("[^"]*"|'[^']*'|[\w.$-]+)\s*:/g;
      let hit: RegExpExecArray | null;
      while ((hit = m.exec(line.text))) {
        const from = line.from + hit.index;
        const to = from + hit[1]!.length;
        if (pos < from || pos > to) continue;
        const at = contextAt(v.state.doc.toString(), from);
        if (!at) return null;
        const key = hit[1]!.replace(/^["']|["']$/g, '');
        const sub = schemasAt(schema, [...at.path, key]).find((s) => s.description);
        if (!sub?.description) return null;
        return {
          pos: from,
          end: to,
          above: true,
          create: () => {
            const dom = document.createElement('div');
            dom.className = 'cm-schema-help';
            dom.textContent = sub.description!;
            return { dom };
          },
        };
      }
      return null;
    });
    const state = EditorState.create({
      doc: initial,
      extensions: [
        basicSetup,
        yaml(),
        EditorView.lineWrapping,
        lintGutter(),
        autocompletion({ override: [schemaCompletion(completion)], icons: false }),
        help,
        EditorView.cspNonce.of(cspNonce()),
        EditorView.contentAttributes.of({ 'aria-label': 'Deployment YAML', 'aria-multiline': 'true' }),
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              callbacks.current.onSave?.();
              return true;
            },
          },
        ]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
        }),
        editorTheme,
      ],
    });
    const v = new EditorView({ state, parent: host.current! });
    view.current = v;
    handle({
      reveal: ({ from, line, col }) => {
        let pos = from;
        if (pos === undefined && line !== undefined) {
          const l = v.state.doc.line(Math.min(Math.max(1, line), v.state.doc.lines));
          pos = Math.min(l.from + Math.max(0, (col ?? 1) - 1), l.to);
        }
        if (pos === undefined) return;
        pos = Math.min(pos, v.state.doc.length);
        v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
        v.focus();
      },
      setText: (text) => {
        if (text === v.state.doc.toString()) return;
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
      },
      text: () => v.state.doc.toString(),
    });
    return () => v.destroy();
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || !problems) return;
    if (v.state.doc.toString() !== problems.text) return;
    const len = v.state.doc.length;
    const diags: Diagnostic[] = problems.list
      .filter((p) => p.from !== undefined)
      .map((p) => {
        const from = Math.min(p.from!, len);
        return {
          from,
          to: Math.min(Math.max(p.to ?? from, from), len),
          severity: p.severity,
          source: p.code,
          message: p.hint ? `${p.message}\nhint: ${p.hint}` : p.message,
        };
      });
    v.dispatch(setDiagnostics(v.state, diags));
  }, [problems]);

  return <div class="editor" ref={host} />;
}
