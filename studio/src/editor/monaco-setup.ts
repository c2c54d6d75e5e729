import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { completionKind, hoverText, suggestions, type EditorVocabulary } from './completion';
import { factSchemaName, familySchema, RULE_SET_MODEL_PREFIX, type FactSchema } from './family-schema';
import { SCHEMAS } from './schemas';
import { valueCompletionFact, type ValueDomain } from './value-domains';

/**
 * Monaco, configured once: workers bundled by Vite (no CDN), every JSON Schema from schemas/
 * registered under its $id so relative $refs resolve offline, and per family a schema that adds
 * the family's fact schema to the rule-set schema (family-schema.ts), attached to that family's
 * models. Monaco's JSON service then marks schema errors and unknown fact names, and hovers keys
 * and fact names with the schemas' descriptions; our providers add operators, parameters, event
 * types and the value domains of facts.
 */
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

const RULE_SET_SCHEMA_ID = SCHEMAS['rulesets/rule-set-version']?.$id ?? '';
const FAMILIES = ((SCHEMAS['rulesets/family'] as { enum?: string[] } | undefined)?.enum ?? []).filter((family) => SCHEMAS[factSchemaName(family)]);

monaco.json.jsonDefaults.setDiagnosticsOptions({
  validate: true,
  enableSchemaRequest: false,
  // Rule sets are plain JSON: no comments, no trailing commas (the server's JSON.parse refuses them).
  allowComments: false,
  trailingCommas: 'error',
  schemaValidation: 'error',
  schemas: [
    ...Object.values(SCHEMAS)
      .filter((schema) => typeof schema.$id === 'string')
      .map((schema) => ({ uri: schema.$id!, schema })),
    // A model's URI has a folder per family: `*` would not cross it (Monaco's globs stop at "/"), hence `**`.
    ...FAMILIES.map((family) => familySchema(family, RULE_SET_SCHEMA_ID, SCHEMAS[factSchemaName(family)] as FactSchema)),
  ],
});

interface ModelContext {
  vocabulary?: EditorVocabulary;
  domains?: Record<string, ValueDomain>;
}
/** What each open rule-set model's providers know, set by the editor component as the draft changes. */
const contexts = new Map<string, ModelContext>();
function update(model: monaco.editor.ITextModel, change: ModelContext): void {
  const key = model.uri.toString();
  if (!contexts.has(key)) model.onWillDispose(() => contexts.delete(key));
  contexts.set(key, { ...contexts.get(key), ...change });
}
export function setModelVocabulary(model: monaco.editor.ITextModel, vocabulary: EditorVocabulary): void {
  update(model, { vocabulary });
}
export function setModelDomains(model: monaco.editor.ITextModel, domains: Record<string, ValueDomain>): void {
  update(model, { domains });
}

monaco.languages.registerCompletionItemProvider('json', {
  triggerCharacters: ['"'],
  provideCompletionItems(model, position) {
    const context = contexts.get(model.uri.toString());
    if (!context) return { suggestions: [] };
    const prefix = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    const typed = /"([^"]*)$/.exec(prefix)?.[1] ?? '';
    const range = new monaco.Range(position.lineNumber, position.column - typed.length, position.lineNumber, position.column);
    // The value domain of the compared fact: its values, each with its label.
    const fact = valueCompletionFact(model.getValueInRange(new monaco.Range(Math.max(1, position.lineNumber - 40), 1, position.lineNumber, position.column)));
    const domain = fact ? context.domains?.[fact] : undefined;
    if (domain) {
      // A chosen value replaces the whole string it is typed in, not only the part before the cursor.
      const closing = model.getLineContent(position.lineNumber).indexOf('"', position.column - 1);
      const whole = closing < 0 ? range : range.setEndPosition(position.lineNumber, closing + 1);
      return {
        suggestions: domain.values.map((value, index) => ({
          label: { label: value, description: domain.labels[value] ?? '' },
          kind: monaco.languages.CompletionItemKind.EnumMember,
          detail: `${fact} · ${domain.labels[value] ?? value}`,
          insertText: value,
          sortText: String(index).padStart(4, '0'),
          range: whole,
        })),
      };
    }
    const kind = completionKind(prefix);
    // Fact names come from the family's schema (Monaco's JSON completion, with descriptions).
    if (!kind || kind === 'fact' || !context.vocabulary) return { suggestions: [] };
    return {
      suggestions: suggestions(kind, context.vocabulary).map((item) => ({
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
    const vocabulary = contexts.get(model.uri.toString())?.vocabulary;
    const word = model.getWordAtPosition(position);
    if (!vocabulary || !word) return null;
    // Facts are described by Monaco's JSON hover from the family's schema; parameters and operators here.
    const text = hoverText(word.word, { ...vocabulary, facts: [] });
    return text ? { contents: [{ value: text }], range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn) } : null;
  },
});

export { monaco, RULE_SET_MODEL_PREFIX };
