import { useEffect, useRef } from 'react';
import { monaco } from '../editor/monaco-setup';

/** Monaco's side-by-side diff of two JSON texts (read-only). */
export default function DiffEditor({ original, modified, height = 480 }: { original: string; modified: string; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const editor = monaco.editor.createDiffEditor(host.current!, {
      readOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      renderSideBySide: true,
      originalEditable: false,
    });
    const left = monaco.editor.createModel(original, 'json');
    const right = monaco.editor.createModel(modified, 'json');
    editor.setModel({ original: left, modified: right });
    return () => {
      editor.dispose();
      left.dispose();
      right.dispose();
    };
  }, [original, modified]);
  return <div ref={host} className="monaco-host" style={{ height }} data-testid="diff-editor" />;
}
