import { usableFacts, type FactSchema } from './family-schema';
/**
 * What the rule editor suggests where: fact names after "fact", operators after "operator",
 * rule-set parameter names after "param", event types after "type". Pure, so it is
 * unit-tested without a browser; monaco-setup.ts turns these into Monaco completion items.
 */

export type CompletionKind = 'fact' | 'operator' | 'param' | 'eventType';

export interface Suggestion {
  label: string;
  detail: string;
  documentation: string;
}

export interface EditorVocabulary {
  facts: { name: string; description: string; type: string }[];
  operators: { name: string; description: string; value: string }[];
  parameters: Record<string, { value?: unknown; description?: string; unit?: string }>;
  eventTypes: string[];
}

const PATTERNS: [CompletionKind, RegExp][] = [
  ['fact', /"fact"\s*:\s*"[^"]*$/],
  ['operator', /"operator"\s*:\s*"[^"]*$/],
  ['param', /"param"\s*:\s*"[^"]*$/],
  ['eventType', /"type"\s*:\s*"[^"]*$/],
];

/** The kind of name expected at the cursor, from the text of the line before it. */
export function completionKind(linePrefix: string): CompletionKind | undefined {
  return PATTERNS.find(([, pattern]) => pattern.test(linePrefix))?.[0];
}

export function suggestions(kind: CompletionKind, vocabulary: EditorVocabulary): Suggestion[] {
  switch (kind) {
    case 'fact':
      return vocabulary.facts.map((fact) => ({ label: fact.name, detail: `fact · ${fact.type}`, documentation: fact.description }));
    case 'operator':
      return vocabulary.operators.map((operator) => ({
        label: operator.name,
        detail: `operator · value: ${operator.value}`,
        documentation: operator.description,
      }));
    case 'param':
      return Object.entries(vocabulary.parameters).map(([name, parameter]) => ({
        label: name,
        detail: `parameter = ${JSON.stringify(parameter.value)}${parameter.unit ? ` ${parameter.unit}` : ''}`,
        documentation: parameter.description ?? '',
      }));
    case 'eventType':
      return vocabulary.eventTypes.map((type) => ({
        label: type,
        detail: 'event type',
        documentation: `An event of this family's vocabulary (schemas/rulesets/events).`,
      }));
  }
}

/** Fact names, descriptions and types from a family's fact schema (schemas/rulesets/facts), personal data left out. */
export function factsOf(schema: unknown): EditorVocabulary['facts'] {
  return usableFacts(schema as FactSchema | undefined).map(([name, property]) => ({
    name,
    description: property.description ?? '',
    type: property.enum
      ? property.enum.map((item) => JSON.stringify(item)).join(' | ')
      : Array.isArray(property.type)
        ? property.type.join(' | ')
        : (property.type ?? 'any'),
  }));
}

/** Hover text for a quoted word: a fact, a parameter or an operator; undefined if none. */
export function hoverText(word: string, vocabulary: EditorVocabulary): string | undefined {
  const fact = vocabulary.facts.find((item) => item.name === word);
  if (fact) return `**fact ${fact.name}** (${fact.type})\n\n${fact.description}`;
  const parameter = vocabulary.parameters[word];
  if (parameter)
    return `**parameter ${word}** = \`${JSON.stringify(parameter.value)}\`${parameter.unit ? ` ${parameter.unit}` : ''}\n\n${parameter.description ?? ''}`;
  const operator = vocabulary.operators.find((item) => item.name === word);
  if (operator) return `**operator ${operator.name}**\n\n${operator.description} (value: ${operator.value})`;
  return undefined;
}
