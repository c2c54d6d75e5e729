import type { Parameter, ParameterBound } from '../generated/schema-types';

/**
 * Bounds HQ sets on a parameter a branch may choose: a numeric range, a list of allowed values,
 * or both. For a list-valued parameter (e.g. watch grades) the bounds apply to each item, so a
 * branch may choose any list whose items are all allowed. The shape is schemas/authority/parameter-bound.json's.
 * Pure: no database, no HTTP.
 */
export type { ParameterBound };

export type ScalarValue = NonNullable<ParameterBound['allowedValues']>[number];
export type ParameterValue = Parameter['value'];

/** What a parameter holds, judged from HQ's value. */
export type ParameterKind = 'number' | 'string' | 'boolean' | 'number-list' | 'string-list' | 'list';

export function parameterKind(value: ParameterValue): ParameterKind {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'list';
    if (value.every((item) => typeof item === 'number')) return 'number-list';
    if (value.every((item) => typeof item === 'string')) return 'string-list';
    return 'list';
  }
  return typeof value as 'number' | 'string' | 'boolean';
}

function itemType(kind: ParameterKind): 'number' | 'string' | 'boolean' | 'number-or-string' {
  if (kind === 'number' || kind === 'number-list') return 'number';
  if (kind === 'string' || kind === 'string-list') return 'string';
  if (kind === 'boolean') return 'boolean';
  return 'number-or-string';
}

function itemFits(item: unknown, type: ReturnType<typeof itemType>): boolean {
  if (type === 'number-or-string') return (typeof item === 'number' && Number.isFinite(item)) || typeof item === 'string';
  if (type === 'number') return typeof item === 'number' && Number.isFinite(item);
  return typeof item === type;
}

const isList = (kind: ParameterKind) => kind.endsWith('list');

/** Why `value` cannot stand for a parameter of this kind (wrong type), or undefined. */
export function typeProblem(value: unknown, kind: ParameterKind): string | undefined {
  const type = itemType(kind);
  if (isList(kind)) {
    if (!Array.isArray(value)) return `must be a list of ${describeType(type)}s, like HQ's value`;
    const bad = value.findIndex((item) => !itemFits(item, type));
    return bad === -1 ? undefined : `item ${bad} must be a ${describeType(type)}`;
  }
  return itemFits(value, type) ? undefined : `must be a ${describeType(type)}, like HQ's value`;
}

function describeType(type: ReturnType<typeof itemType>): string {
  return type === 'number-or-string' ? 'number or text' : type === 'string' ? 'text' : type;
}

/**
 * Problems with bounds a grant sets on a parameter, judged against the parameter as HQ defines
 * it: ranges only for numbers, allowed values of the parameter's type, min not above max, and
 * nothing beyond the parameter's own min/max. Returns `[field, message]` pairs.
 */
export function boundDefinitionProblems(bound: ParameterBound, parameter: Parameter): [string, string][] {
  const problems: [string, string][] = [];
  const kind = parameterKind(parameter.value);
  const type = itemType(kind);
  const numeric = type === 'number';
  if (bound.min === undefined && bound.max === undefined && bound.allowedValues === undefined) problems.push(['', 'give min, max or allowedValues']);
  if ((bound.min !== undefined || bound.max !== undefined) && !numeric)
    problems.push([bound.min !== undefined ? 'min' : 'max', `a range needs a numeric parameter; this one holds ${kind} values (use allowedValues)`]);
  if (bound.min !== undefined && bound.max !== undefined && bound.min > bound.max) problems.push(['min', `${bound.min} is above max ${bound.max}`]);
  if (numeric && bound.min !== undefined && parameter.min !== undefined && bound.min < parameter.min)
    problems.push(['min', `${bound.min} is below the parameter's own minimum ${parameter.min}`]);
  if (numeric && bound.max !== undefined && parameter.max !== undefined && bound.max > parameter.max)
    problems.push(['max', `${bound.max} is above the parameter's own maximum ${parameter.max}`]);
  for (const [index, item] of (bound.allowedValues ?? []).entries()) {
    if (!itemFits(item, type))
      problems.push([`allowedValues/${index}`, `must be a ${describeType(type)}, the type of the parameter's ${isList(kind) ? 'items' : 'value'}`]);
  }
  return problems;
}

/** Why `value` lies outside `bound` (every item, for a list), or undefined when it is within. */
export function boundProblem(value: unknown, bound: ParameterBound): string | undefined {
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (bound.allowedValues && !bound.allowedValues.some((allowed) => allowed === item)) {
      return `${JSON.stringify(item)} is not one of the allowed values ${describeBound(bound)}`;
    }
    if (typeof item === 'number') {
      if (bound.min !== undefined && item < bound.min) return `${item} is below the minimum (bounds ${describeBound(bound)})`;
      if (bound.max !== undefined && item > bound.max) return `${item} is above the maximum (bounds ${describeBound(bound)})`;
    }
  }
  return undefined;
}

/** The bounds that hold when several apply at once: the tightest range and the common allowed values. */
export function mergeBounds(bounds: readonly ParameterBound[]): ParameterBound {
  const merged: ParameterBound = {};
  for (const bound of bounds) {
    if (bound.min !== undefined) merged.min = merged.min === undefined ? bound.min : Math.max(merged.min, bound.min);
    if (bound.max !== undefined) merged.max = merged.max === undefined ? bound.max : Math.min(merged.max, bound.max);
    if (bound.allowedValues) {
      merged.allowedValues = merged.allowedValues ? merged.allowedValues.filter((value) => bound.allowedValues!.includes(value)) : [...bound.allowedValues];
    }
  }
  return merged;
}

/** The parameter's own min/max as a bound (a branch can never go beyond what the rule set allows at all). */
export function ownBound(parameter: Parameter): ParameterBound {
  return { ...(parameter.min !== undefined ? { min: parameter.min } : {}), ...(parameter.max !== undefined ? { max: parameter.max } : {}) };
}

/**
 * Why `child` (a sub-branch's own grant) is not within `parent` (the bounds its parent unit
 * holds), or undefined when every value the child allows, the parent allows too.
 */
export function narrowingProblem(child: ParameterBound, parent: ParameterBound): string | undefined {
  const childValues = child.allowedValues;
  const numbers = childValues?.filter((value): value is number => typeof value === 'number');
  const lowest = child.min ?? (numbers && numbers.length === childValues!.length && numbers.length > 0 ? Math.min(...numbers) : undefined);
  const highest = child.max ?? (numbers && numbers.length === childValues!.length && numbers.length > 0 ? Math.max(...numbers) : undefined);
  if (parent.min !== undefined && (lowest === undefined || lowest < parent.min)) {
    return `allows values below the parent's minimum ${parent.min} (parent bounds ${describeBound(parent)})`;
  }
  if (parent.max !== undefined && (highest === undefined || highest > parent.max)) {
    return `allows values above the parent's maximum ${parent.max} (parent bounds ${describeBound(parent)})`;
  }
  if (parent.allowedValues) {
    if (!childValues) return `must list allowedValues within the parent's ${describeBound(parent)}`;
    const extra = childValues.filter((value) => !parent.allowedValues!.includes(value));
    if (extra.length > 0)
      return `allows ${extra.map((value) => JSON.stringify(value)).join(', ')}, which the parent may not choose (parent bounds ${describeBound(parent)})`;
  }
  return undefined;
}

/** Bounds for people: "20 to 40", "at least 0.02", "one of [\"D\",\"E\"]", "20 to 40, one of [20,30,40]". */
export function describeBound(bound: ParameterBound): string {
  const parts: string[] = [];
  if (bound.min !== undefined && bound.max !== undefined) parts.push(`${bound.min} to ${bound.max}`);
  else if (bound.min !== undefined) parts.push(`at least ${bound.min}`);
  else if (bound.max !== undefined) parts.push(`at most ${bound.max}`);
  if (bound.allowedValues) parts.push(`one of ${JSON.stringify(bound.allowedValues)}`);
  return parts.length > 0 ? parts.join(', ') : 'any value';
}
