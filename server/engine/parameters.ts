import type { Parameter } from '../generated/schema-types';

export type ParameterValue = Parameter['value'];

/** Where a resolved value came from: the rule set's own value, or a branch overlay. */
export interface ResolvedParameter {
  value: ParameterValue;
  source: string;
}

export type ResolvedParameters = Record<string, ResolvedParameter>;

/** A branch's values for some parameters; resolved in path order, HQ first. */
export interface ParameterOverlay {
  source: string;
  values: Record<string, ParameterValue>;
}

export interface ParameterReference {
  param: string;
}

export function isParameterReference(value: unknown): value is ParameterReference {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { param?: unknown }).param === 'string'
  );
}

/**
 * The one place a version's parameter values are decided. Today: the version's own values,
 * then each overlay in order (the last one on the path wins). Bounds of overlays are checked
 * where overlays are published, not here.
 */
export function resolveParameters(definitions: Record<string, Parameter>, overlays: readonly ParameterOverlay[] = []): ResolvedParameters {
  // No prototype: `{ "param": "toString" }` or an overlay value for `constructor` finds nothing.
  const resolved = Object.create(null) as ResolvedParameters;
  for (const [name, definition] of Object.entries(definitions)) resolved[name] = { value: definition.value, source: 'rule-set' };
  for (const overlay of overlays) {
    for (const [name, value] of Object.entries(overlay.values)) {
      if (hasOwn(resolved, name)) resolved[name] = { value, source: overlay.source };
    }
  }
  return resolved;
}

/** Own-property lookup: a parameter named like an Object.prototype member is never found by inheritance. */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && hasOwn(record, name) ? record[name] : undefined;
}

function hasOwn(record: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, name);
}

/**
 * Replaces `{ param }` references by their literal values: in a condition value (whole value
 * or items of a list) and in event params (any property). Unknown names throw; validation
 * has refused them before a version can be prepared.
 */
export function substituteParameters(value: unknown, parameters: ResolvedParameters): unknown {
  if (isParameterReference(value)) {
    const resolved = ownEntry(parameters, value.param);
    if (!resolved) throw new Error(`Undefined parameter "${value.param}"`);
    return structuredClone(resolved.value);
  }
  if (Array.isArray(value)) return value.map((item) => substituteParameters(item, parameters));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteParameters(item, parameters)]));
  }
  return value;
}

/** Every parameter name a value refers to, for validation and for explanations. */
export function referencedParameters(value: unknown, found: string[] = []): string[] {
  if (isParameterReference(value)) found.push(value.param);
  else if (Array.isArray(value)) for (const item of value) referencedParameters(item, found);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) referencedParameters(item, found);
  return found;
}
