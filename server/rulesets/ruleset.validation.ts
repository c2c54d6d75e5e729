import { Rule as EngineRule } from 'json-rules-engine';
import type { Family, RuleCondition, RuleSetVersion } from '../generated/schema-types';
import type { ErrorDetail } from '../http/errors';
import { operatorSpec, minutesOfDay, type OperatorSpec } from '../engine/operators';
import { isParameterReference, referencedParameters, resolveParameters, substituteParameters, type ResolvedParameters } from '../engine/parameters';
import { FAMILIES } from './families';

/** What validation needs from the outside world, kept as two functions so this stays pure. */
export interface ValidationContext {
  /** ajv over schemas/: field-level problems, paths prefixed with `where`. */
  checkSchema(schemaName: string, value: unknown, where: string): ErrorDetail[];
  /** Fact names a family's fact schema lists. */
  factsOf(family: Family): ReadonlySet<string>;
}

const WHERE = '/ruleSet';

/**
 * Everything json-rules-engine's constructors would throw, and more: the version schema,
 * unknown facts for the family, unknown operators, values of the wrong shape for their
 * operator, references to undefined parameters, parameters outside their own bounds,
 * events outside the family's vocabulary and embedded tests whose facts break the fact schema.
 */
export function validateRuleSet(content: unknown, context: ValidationContext, where = WHERE): ErrorDetail[] {
  const schemaProblems = context.checkSchema('rulesets/rule-set-version', content, where);
  if (schemaProblems.length > 0) return schemaProblems;
  const ruleSet = content as RuleSetVersion;
  const problems: ErrorDetail[] = [];
  const family = FAMILIES[ruleSet.family];
  const facts = context.factsOf(ruleSet.family);

  for (const [name, parameter] of Object.entries(ruleSet.parameters)) {
    const path = `${where}/parameters/${name}`;
    if (parameter.min !== undefined && parameter.max !== undefined && parameter.min > parameter.max) problems.push({ path, message: `min ${parameter.min} is above max ${parameter.max}` });
    if (parameter.min !== undefined || parameter.max !== undefined) {
      const values = Array.isArray(parameter.value) ? parameter.value : [parameter.value];
      for (const value of values) {
        if (typeof value !== 'number') problems.push({ path: `${path}/value`, message: 'bounds apply to numbers only' });
        else if ((parameter.min !== undefined && value < parameter.min) || (parameter.max !== undefined && value > parameter.max)) {
          problems.push({ path: `${path}/value`, message: `${value} is outside [${parameter.min ?? '-inf'}, ${parameter.max ?? 'inf'}]` });
        }
      }
    }
  }
  const parameters = resolveParameters(ruleSet.parameters);

  const seen = new Set<string>();
  ruleSet.rules.forEach((rule, index) => {
    const path = `${where}/rules/${index}`;
    const before = problems.length;
    if (seen.has(rule.name)) problems.push({ path: `${path}/name`, message: `duplicate rule name "${rule.name}"` });
    seen.add(rule.name);
    if (!('all' in rule.conditions || 'any' in rule.conditions || 'not' in rule.conditions)) {
      problems.push({ path: `${path}/conditions`, message: 'the top-level condition must be all, any or not' });
    }
    checkCondition(rule.conditions, `${path}/conditions`, { facts, parameters, family: ruleSet.family, problems });
    for (const name of referencedParameters(rule.event.params ?? {})) {
      if (!parameters[name]) problems.push({ path: `${path}/event/params`, message: `undefined parameter "${name}"` });
    }
    const eventSchema = Object.hasOwn(family.events, rule.event.type) ? family.events[rule.event.type] : undefined; // not Object.prototype's names
    if (!eventSchema) {
      problems.push({ path: `${path}/event/type`, message: `"${rule.event.type}" is not an event of ${ruleSet.family} (allowed: ${Object.keys(family.events).join(', ')})` });
    } else if (problems.length === before) {
      problems.push(...context.checkSchema(eventSchema, substituteParameters(rule.event.params ?? {}, parameters), `${path}/event/params`));
    }
    if (problems.length === before) {
      try {
        new EngineRule({ name: rule.name, priority: rule.priority ?? 1, conditions: substituteParameters(rule.conditions, parameters) as never, event: rule.event as never });
      } catch (error) {
        problems.push({ path, message: `json-rules-engine refuses the rule: ${(error as Error).message}` });
      }
    }
  });

  ruleSet.tests.forEach((test, index) => {
    const path = `${where}/tests/${index}`;
    problems.push(...context.checkSchema(family.facts, test.facts, `${path}/facts`));
    test.expect.events.forEach((event, eventIndex) => {
      if (!Object.hasOwn(family.events, event.type)) problems.push({ path: `${path}/expect/events/${eventIndex}/type`, message: `"${event.type}" is not an event of ${ruleSet.family}` });
    });
  });
  const names = ruleSet.tests.map((test) => test.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) problems.push({ path: `${where}/tests/${index}/name`, message: `duplicate test name "${name}"` });
  });
  return problems;
}

interface ConditionScope {
  facts: ReadonlySet<string>;
  parameters: ResolvedParameters;
  family: Family;
  problems: ErrorDetail[];
}

function checkCondition(condition: RuleCondition, path: string, scope: ConditionScope): void {
  if ('all' in condition || 'any' in condition) {
    const operator = 'all' in condition ? 'all' : 'any';
    ((condition as unknown as Record<string, RuleCondition[]>)[operator] ?? []).forEach((child, index) => checkCondition(child, `${path}/${operator}/${index}`, scope));
    return;
  }
  if ('not' in condition) {
    checkCondition(condition.not as RuleCondition, `${path}/not`, scope);
    return;
  }
  const leaf = condition as { fact: string; operator: string; value: unknown };
  if (!scope.facts.has(leaf.fact)) scope.problems.push({ path: `${path}/fact`, message: `unknown fact "${leaf.fact}" for ${scope.family}` });
  const spec = operatorSpec(leaf.operator);
  if (!spec) scope.problems.push({ path: `${path}/operator`, message: `unknown operator "${leaf.operator}"` });
  let undefinedReference = false;
  for (const name of referencedParameters(leaf.value)) {
    if (!scope.parameters[name]) {
      scope.problems.push({ path: `${path}/value`, message: `undefined parameter "${name}"` });
      undefinedReference = true;
    }
  }
  const factReference = typeof leaf.value === 'object' && leaf.value !== null && !Array.isArray(leaf.value) && !isParameterReference(leaf.value) ? (leaf.value as { fact?: unknown }).fact : undefined;
  if (factReference !== undefined) {
    if (typeof factReference !== 'string' || !scope.facts.has(factReference)) scope.problems.push({ path: `${path}/value/fact`, message: `unknown fact "${String(factReference)}" for ${scope.family}` });
    return;
  }
  if (spec && !undefinedReference && leaf.operator === spec.name) {
    const problem = valueShapeProblem(spec, substituteParameters(leaf.value, scope.parameters));
    if (problem) scope.problems.push({ path: `${path}/value`, message: problem });
  }
}

/** Shape checks for undecorated operators (decorators change what the value means). */
function valueShapeProblem(spec: OperatorSpec, value: unknown): string | undefined {
  switch (spec.value) {
    case 'array':
      return Array.isArray(value) ? undefined : `${spec.name} needs a list`;
    case 'scalar':
      return value !== null && typeof value === 'object' ? `${spec.name} needs a single value` : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${spec.name} needs true or false`;
    case 'number-pair':
      return Array.isArray(value) && value.length === 2 && value.every((item) => typeof item === 'number') && (value[0] as number) <= (value[1] as number)
        ? undefined
        : `${spec.name} needs [min, max] numbers with min <= max`;
    case 'time-pair':
      return Array.isArray(value) && value.length === 2 && value.every((item) => minutesOfDay(item) !== undefined) ? undefined : `${spec.name} needs ["HH:MM", "HH:MM"]`;
    default:
      return undefined;
  }
}
