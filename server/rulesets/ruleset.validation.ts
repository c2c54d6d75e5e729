import { Rule as EngineRule } from 'json-rules-engine';
import type { Family, RuleCondition, RuleSetVersion } from '../generated/schema-types';
import { UnprocessableError, type ErrorDetail } from '../http/errors';
import { operatorSpec, minutesOfDay, type OperatorSpec } from '../engine/operators';
import { isParameterReference, ownEntry, referencedParameters, resolveParameters, substituteParameters, type ResolvedParameters } from '../engine/parameters';
import { FAMILIES } from './families';
import { FAMILY_CONTENT_CHECKS } from './family-content';
import { structureProblems } from './ruleset.limits';

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
 * events outside the family's vocabulary and embedded tests whose facts break the fact schema;
 * before all that, the limits on depth, size and fact paths (ruleset.limits.ts).
 */
export function validateRuleSet(content: unknown, context: ValidationContext, where = WHERE): ErrorDetail[] {
  // Depth, size and paths first: they bound everything after, which walks the content recursively.
  const structural = structureProblems(content, where);
  if (structural.length > 0) return structural;
  const schemaProblems = context.checkSchema('rulesets/rule-set-version', content, where);
  if (schemaProblems.length > 0) return schemaProblems;
  const ruleSet = content as RuleSetVersion;
  const problems: ErrorDetail[] = [];
  const family = FAMILIES[ruleSet.family];
  const facts = context.factsOf(ruleSet.family);

  for (const [name, parameter] of Object.entries(ruleSet.parameters)) {
    if (parameter.min !== undefined && parameter.max !== undefined && parameter.min > parameter.max) {
      problems.push({ path: `${where}/parameters/${name}`, message: `min ${parameter.min} is above max ${parameter.max}` });
    }
  }
  problems.push(...parameterBoundProblems(ruleSet.parameters, where));
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
      if (!ownEntry(parameters, name)) problems.push({ path: `${path}/event/params`, message: `undefined parameter "${name}"` });
    }
    const eventSchema = ownEntry(family.events, rule.event.type);
    if (!eventSchema) {
      problems.push({
        path: `${path}/event/type`,
        message: `"${rule.event.type}" is not an event of ${ruleSet.family} (allowed: ${Object.keys(family.events).join(', ')})`,
      });
    } else if (problems.length === before) {
      problems.push(...context.checkSchema(eventSchema, substituteParameters(rule.event.params ?? {}, parameters), `${path}/event/params`));
    }
    if (problems.length === before) {
      try {
        new EngineRule({
          name: rule.name,
          priority: rule.priority ?? 1,
          conditions: substituteParameters(rule.conditions, parameters) as never,
          event: rule.event as never,
        });
      } catch (error) {
        problems.push({ path, message: `json-rules-engine refuses the rule: ${(error as Error).message}` });
      }
    }
  });

  ruleSet.tests.forEach((test, index) => {
    const path = `${where}/tests/${index}`;
    problems.push(...context.checkSchema(family.facts, test.facts, `${path}/facts`));
    test.expect.events.forEach((event, eventIndex) => {
      if (!ownEntry(family.events, event.type))
        problems.push({ path: `${path}/expect/events/${eventIndex}/type`, message: `"${event.type}" is not an event of ${ruleSet.family}` });
    });
  });
  const names = ruleSet.tests.map((test) => test.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) problems.push({ path: `${where}/tests/${index}/name`, message: `duplicate test name "${name}"` });
  });
  const contentCheck = FAMILY_CONTENT_CHECKS[ruleSet.family];
  if (contentCheck && problems.length === 0) problems.push(...contentCheck(ruleSet, where));
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
    ((condition as unknown as Record<string, RuleCondition[]>)[operator] ?? []).forEach((child, index) =>
      checkCondition(child, `${path}/${operator}/${index}`, scope),
    );
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
    if (!ownEntry(scope.parameters, name)) {
      scope.problems.push({ path: `${path}/value`, message: `undefined parameter "${name}"` });
      undefinedReference = true;
    }
  }
  const factReference =
    typeof leaf.value === 'object' && leaf.value !== null && !Array.isArray(leaf.value) && !isParameterReference(leaf.value)
      ? (leaf.value as { fact?: unknown }).fact
      : undefined;
  if (factReference !== undefined) {
    if (typeof factReference !== 'string' || !scope.facts.has(factReference))
      scope.problems.push({ path: `${path}/value/fact`, message: `unknown fact "${String(factReference)}" for ${scope.family}` });
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
      return Array.isArray(value) && value.length === 2 && value.every((item) => minutesOfDay(item) !== undefined)
        ? undefined
        : `${spec.name} needs ["HH:MM", "HH:MM"]`;
    default:
      return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const boundsText = (min: unknown, max: unknown) => `[${typeof min === 'number' ? min : '-∞'}, ${typeof max === 'number' ? max : '∞'}]`;

/**
 * Parameter values outside their own min / max (or not numbers although bounded), one detail per
 * value naming the parameter, the value and the bounds. Safe on unvalidated content (a draft being
 * saved), so saving can refuse what submitting would.
 */
export function parameterBoundProblems(parameters: unknown, where: string): ErrorDetail[] {
  if (!isRecord(parameters)) return [];
  const problems: ErrorDetail[] = [];
  for (const [name, parameter] of Object.entries(parameters)) {
    if (!isRecord(parameter)) continue;
    const { min, max, value } = parameter;
    if (typeof min !== 'number' && typeof max !== 'number') continue;
    const bounds = { ...(typeof min === 'number' ? { min } : {}), ...(typeof max === 'number' ? { max } : {}) };
    const path = `${where}/parameters/${name.replace(/~/g, '~0').replace(/\//g, '~1')}/value`;
    const items = Array.isArray(value) ? value.map((item, index) => ({ item, path: `${path}/${index}` })) : [{ item: value, path }];
    for (const { item, path: itemPath } of items) {
      if (typeof item !== 'number' || !Number.isFinite(item)) {
        problems.push({
          path: itemPath,
          message: `${name} = ${JSON.stringify(item)} is not a number; its bounds are ${boundsText(min, max)} (参数 ${name} 须为数字)`,
          parameter: name,
          value: item,
          ...bounds,
        });
      } else if ((typeof min === 'number' && item < min) || (typeof max === 'number' && item > max)) {
        problems.push({
          path: itemPath,
          message: `${name} = ${item} is outside its bounds ${boundsText(min, max)} (参数 ${name} 的值 ${item} 超出其范围 ${boundsText(min, max)})`,
          parameter: name,
          value: item,
          ...bounds,
        });
      }
    }
  }
  return problems;
}

/** Refuses a version with a parameter outside its bounds: 422 out_of_bounds (save, test run, submit, publish). */
export function assertParametersInBounds(content: unknown, where: string): void {
  const problems = parameterBoundProblems(isRecord(content) ? content.parameters : undefined, where);
  if (problems.length > 0) {
    const names = [...new Set(problems.map((problem) => problem.parameter as string))].join(', ');
    throw new UnprocessableError('out_of_bounds', `Parameter values outside their bounds: ${names} (参数超出其范围)`, problems);
  }
}
