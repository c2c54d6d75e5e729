import { useEffect, useRef, useState } from 'react';
import type { ErrorDetail } from '../api/client';
import type { EditorVocabulary } from '../editor/completion';
import { factSchemaName, familyModelUri, familyOfText, type FactSchema } from '../editor/family-schema';
import { locatePointer, ruleSetPointer } from '../editor/json-pointer';
import { monaco, setModelDomains, setModelVocabulary } from '../editor/monaco-setup';
import { SCHEMAS } from '../editor/schemas';
import { domainProblems, valueDomains } from '../editor/value-domains';

interface Props {
  /** Identifies the model: e.g. "warning.obligor/v3". The family's schema is attached by the family the text declares. */
  modelName: string;
  value: string;
  onChange?: (text: string) => void;
  readOnly: boolean;
  vocabulary?: EditorVocabulary;
  /** Problems the server reported for this draft (save, tests, submit), drawn where their path points. */
  problems?: ErrorDetail[];
}

/** Draws markers where a pointer into the rule set lies in the model's text. */
function markersAt(
  model: monaco.editor.ITextModel,
  found: { pointer: string; message: string }[],
  severity: monaco.MarkerSeverity,
): monaco.editor.IMarkerData[] {
  const text = model.getValue();
  return found.flatMap(({ pointer, message }) => {
    const span = locatePointer(text, pointer);
    if (!span) return [];
    const start = model.getPositionAt(span.start);
    const end = model.getPositionAt(span.end);
    return [{ severity, message, startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column }];
  });
}

/** Warnings for values outside their fact's domain (value-domains.ts), redrawn as the text changes. */
function markDomainProblems(model: monaco.editor.ITextModel, domains: ReturnType<typeof valueDomains>): void {
  let content: unknown;
  try {
    content = JSON.parse(model.getValue());
  } catch {
    return; // Monaco marks the syntax error; the last domain warnings stay until the text parses again.
  }
  monaco.editor.setModelMarkers(model, 'domains', markersAt(model, domainProblems(content, domains), monaco.MarkerSeverity.Warning));
}

/** The Monaco JSON editor for a rule-set version, with schema errors listed under it. */
export default function JsonEditor({ modelName, value, onChange, readOnly, vocabulary, problems = [] }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  const [markers, setMarkers] = useState<monaco.editor.IMarker[]>([]);

  useEffect(() => {
    const family = familyOfText(value) ?? 'unknown';
    const uri = monaco.Uri.parse(familyModelUri(family, modelName));
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, 'json', uri);
    if (model.getValue() !== value) model.setValue(value);
    const domains = valueDomains(SCHEMAS[factSchemaName(family)] as FactSchema | undefined);
    setModelDomains(model, domains);
    markDomainProblems(model, domains);
    let pending: ReturnType<typeof setTimeout> | undefined;
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
    const subscription = model.onDidChangeContent(() => {
      changeRef.current?.(model.getValue());
      clearTimeout(pending);
      pending = setTimeout(() => markDomainProblems(model, domains), 300);
    });
    const markerSubscription = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((changed) => changed.toString() === uri.toString())) setMarkers(monaco.editor.getModelMarkers({ resource: uri }));
    });
    return () => {
      clearTimeout(pending);
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
    const located = problems.flatMap((problem) => {
      const pointer = ruleSetPointer(problem.path);
      return pointer === undefined ? [] : [{ pointer, message: `${problem.message} (server: ${problem.path})` }];
    });
    monaco.editor.setModelMarkers(model, 'server', markersAt(model, located, monaco.MarkerSeverity.Error));
  }, [problems, modelName]);

  return (
    <div>
      <div ref={host} className="monaco-host" data-testid="json-editor" />
      {markers.length > 0 && (
        <ul className="markers" aria-label="schema problems">
          {markers.slice(0, 50).map((marker, index) => (
            <li key={index}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  editorRef.current?.revealLineInCenter(marker.startLineNumber);
                  editorRef.current?.setPosition({ lineNumber: marker.startLineNumber, column: marker.startColumn });
                  editorRef.current?.focus();
                }}
              >
                第 {marker.startLineNumber} 行 line {marker.startLineNumber}
              </button>
              : {marker.severity === monaco.MarkerSeverity.Warning ? '警告 Warning: ' : ''}
              {marker.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
