import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { completionKind, hoverText, suggestions, type EditorVocabulary } from './completion';
import { SCHEMAS } from './schemas';

/**
 * Monaco, configured once: workers bundled by Vite (no CDN), every JSON Schema from schemas/
 * registered under its $id so relative $refs resolve offline, and the rule-set schema attached
 * to rule-set models. Hover docs come from the schemas' descriptions (Monaco's JSON service)
 * plus our provider for fact, parameter and operator names.
 */
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};


const RULE_SET_SCHEMA_ID = SCHEMAS['rulesets/rule-set-version']?.$id ?? '';
export const RULE_SET_MODEL_PREFIX = 'inmemory://policy-studio/rulesets/';

monaco.json.jsonDefaults.setDiagnosticsOptions({
  validate: true,
  enableSchemaRequest: false,
  schemas: Object.values(SCHEMAS)
    .filter((schema) => typeof schema.$id === 'string')
    .map((schema) => ({
      uri: schema.$id!,
      schema,
      ...(schema.$id === RULE_SET_SCHEMA_ID ? { fileMatch: [`${RULE_SET_MODEL_PREFIX}*`] } : {}),
    })),
});

/** The vocabulary for each open rule-set model, set by the editor component as the draft changes. */
const vocabularies = new Map<string, EditorVocabulary>();
export function setModelVocabulary(model: monaco.editor.ITextModel, vocabulary: EditorVocabulary): void {
  vocabularies.set(model.uri.toString(), vocabulary);
}

monaco.languages.registerCompletionItemProvider('json', {
  triggerCharacters: ['"'],
  provideCompletionItems(model, position) {
    const vocabulary = vocabularies.get(model.uri.toString());
    if (!vocabulary) return { suggestions: [] };
    const prefix = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    const kind = completionKind(prefix);
    if (!kind) return { suggestions: [] };
    const typed = /"([^"]*)$/.exec(prefix)?.[1] ?? '';
    const range = new monaco.Range(position.lineNumber, position.column - typed.length, position.lineNumber, position.column);
    return {
      suggestions: suggestions(kind, vocabulary).map((item) => ({
        label: item.label,
        kind: monaco.languages.CompletionItemKind.Value,
        detail: item.detail,
        documentation: { value: item.documentation },
        insertText: item.label,
        range,
      })),
    };
  },
});

monaco.languages.registerHoverProvider('json', {
  provideHover(model, position) {
    const vocabulary = vocabularies.get(model.uri.toString());
    const word = model.getWordAtPosition(position);
    if (!vocabulary || !word) return null;
    const text = hoverText(word.word, vocabulary);
    return text ? { contents: [{ value: text }], range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn) } : null;
  },
});

export { monaco };
