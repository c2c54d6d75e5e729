import { useEffect, useRef, useState } from 'react';
import type { ErrorDetail } from '../api/client';
import type { EditorVocabulary } from '../editor/completion';
import { locatePointer, ruleSetPointer } from '../editor/json-pointer';
import { monaco, RULE_SET_MODEL_PREFIX, setModelVocabulary } from '../editor/monaco-setup';

interface Props {
  /** Identifies the model (and attaches the rule-set schema): e.g. "warning.obligor/v3". */
  modelName: string;
  value: string;
  onChange?: (text: string) => void;
  readOnly: boolean;
  vocabulary?: EditorVocabulary;
  /** Problems the server reported for this draft (save, tests, submit), drawn where their path points. */
  problems?: ErrorDetail[];
}

/** The Monaco JSON editor for a rule-set version, with schema errors listed under it. */
export default function JsonEditor({ modelName, value, onChange, readOnly, vocabulary, problems = [] }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  const [markers, setMarkers] = useState<monaco.editor.IMarker[]>([]);

  useEffect(() => {
    const uri = monaco.Uri.parse(`${RULE_SET_MODEL_PREFIX}${modelName}.json`);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, 'json', uri);
    if (model.getValue() !== value) model.setValue(value);
    const editor = monaco.editor.create(host.current!, {
      model,
      readOnly,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
    });
    editorRef.current = editor;
    const subscription = model.onDidChangeContent(() => changeRef.current?.(model.getValue()));
    const markerSubscription = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((changed) => changed.toString() === uri.toString())) setMarkers(monaco.editor.getModelMarkers({ resource: uri }));
    });
    return () => {
      subscription.dispose();
      markerSubscription.dispose();
      editor.dispose();
      model.dispose();
    };
    // The model is recreated only when the version changes; value updates are applied below.
  }, [modelName]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    // Pushed as an edit (not setValue) so a table change can be undone with Ctrl+Z in the editor.
    if (model && model.getValue() !== value) model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
  }, [value]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly });
  }, [readOnly]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && vocabulary) setModelVocabulary(model, vocabulary);
  }, [vocabulary, modelName]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const text = model.getValue();
    const markers = problems.flatMap((problem) => {
      const pointer = ruleSetPointer(problem.path);
      const span = pointer === undefined ? undefined : locatePointer(text, pointer);
      if (!span) return [];
      const start = model.getPositionAt(span.start);
      const end = model.getPositionAt(span.end);
      return [{ severity: monaco.MarkerSeverity.Error, message: `${problem.message} (server: ${problem.path})`, startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column }];
    });
    monaco.editor.setModelMarkers(model, 'server', markers);
  }, [problems, modelName]);

  return (
    <div>
      <div ref={host} className="monaco-host" data-testid="json-editor" />
      {markers.length > 0 && (
        <ul className="markers" aria-label="schema problems">
          {markers.slice(0, 50).map((marker, index) => (
            <li key={index}>
              <button type="button" className="link" onClick={() => { editorRef.current?.revealLineInCenter(marker.startLineNumber); editorRef.current?.setPosition({ lineNumber: marker.startLineNumber, column: marker.startColumn }); editorRef.current?.focus(); }}>
                第 {marker.startLineNumber} 行 line {marker.startLineNumber}
              </button>
              : {marker.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
