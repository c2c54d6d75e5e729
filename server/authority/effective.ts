import type { GrantContent, Parameter } from '../generated/schema-types';

export type { GrantContent };
import { ownEntry, type ParameterOverlay } from '../engine/parameters';
import {
  boundDefinitionProblems,
  boundProblem,
  describeBound,
  mergeBounds,
  narrowingProblem,
  ownBound,
  parameterKind,
  typeProblem,
  type ParameterBound,
  type ParameterValue,
} from './bounds';

/**
 * Delegated authority resolved as plain data: which bounds hold for a unit, which of the
 * overlays on its path apply, and where each parameter's value comes from. No database here;
 * the authority service loads the grants and overlays in force and hands them in.
 */

export interface VersionRef {
  orgUnit: string;
  version: number;
}

export interface GrantInForce extends VersionRef {
  content: GrantContent;
}

export interface OverlayInForce extends VersionRef {
  values: Record<string, ParameterValue>;
}

/** The business an evaluation is about; absent when there are no facts (the effective-rule-set view). */
export interface Business {
  product?: string;
  channel?: string;
}

export interface AuthorityChain {
  /** The parameters of the rule set's published version (HQ's values). */
  parameters: Record<string, Parameter>;
  /** Units below the rule set's owner, top first, down to the unit in question. */
  path: readonly string[];
  grants: ReadonlyMap<string, GrantInForce>;
  overlays: ReadonlyMap<string, OverlayInForce>;
}

export interface UnitAuthority {
  /** Whether the unit may set the parameter at all (its own grant, or an inherited one). */
  granted: boolean;
  /** The grant that gives the authority: the unit's own, or the nearest inherited one. */
  grantedBy?: VersionRef & { inherited: boolean; products?: string[]; channels?: string[] };
  /** Every bound in force: the parameter's own min/max and each grant on the path that names it. */
  bounds: ParameterBound;
  boundedBy: VersionRef[];
}

export type ConflictReason = 'out_of_bounds' | 'not_granted' | 'unknown_parameter' | 'wrong_type';

export interface OverlayConflict {
  orgUnit: string;
  overlayVersion: number;
  parameter: string;
  value: unknown;
  reason: ConflictReason;
  bounds?: ParameterBound;
  message: string;
}

export type ValueOrigin = { kind: 'rule-set' } | { kind: 'overlay'; orgUnit: string; version: number };

export interface EffectiveParameters {
  values: Record<string, { value: ParameterValue; origin: ValueOrigin }>;
  /** For prepareRuleSet: the applied values of each overlay, in path order. */
  overlays: ParameterOverlay[];
  /** Overlays that set at least one value. */
  used: VersionRef[];
  conflicts: OverlayConflict[];
  /** Overlays left out because the business lies outside the products/channels of the grant. */
  outsideGrantScope: VersionRef[];
}

/** The authority a unit (at `index` on the path) holds over one parameter. */
export function authorityAt(chain: AuthorityChain, index: number, parameter: string): UnitAuthority {
  const definition = ownEntry(chain.parameters, parameter);
  const boundedBy: VersionRef[] = [];
  const bounds: ParameterBound[] = definition ? [ownBound(definition)] : [];
  let grantedBy: UnitAuthority['grantedBy'];
  for (let position = 0; position <= index; position += 1) {
    const grant = chain.grants.get(chain.path[position]!);
    const bound = ownEntry(grant?.content.parameters, parameter);
    if (!grant || !bound) continue;
    bounds.push(bound);
    boundedBy.push({ orgUnit: grant.orgUnit, version: grant.version });
    const own = position === index;
    if (own || grant.content.inheritToSubBranches) {
      grantedBy = {
        orgUnit: grant.orgUnit,
        version: grant.version,
        inherited: !own,
        ...(grant.content.products ? { products: grant.content.products } : {}),
        ...(grant.content.channels ? { channels: grant.content.channels } : {}),
      };
    }
  }
  return { granted: grantedBy !== undefined, ...(grantedBy ? { grantedBy } : {}), bounds: mergeBounds(bounds), boundedBy };
}

/** Whether business falls within a grant's products and channels (no business: the view, which shows the in-scope values). */
export function withinGrantScope(grant: { products?: string[]; channels?: string[] } | undefined, business: Business | undefined): boolean {
  if (!grant || !business) return true;
  if (grant.products && (business.product === undefined || !grant.products.includes(business.product))) return false;
  if (grant.channels && (business.channel === undefined || !grant.channels.includes(business.channel))) return false;
  return true;
}

/** Why each of a unit's values cannot apply (unknown, wrong type, not granted, out of bounds); empty when all can. */
export function overlayValueConflicts(chain: AuthorityChain, index: number, overlay: OverlayInForce): OverlayConflict[] {
  const conflicts: OverlayConflict[] = [];
  for (const [parameter, value] of Object.entries(overlay.values)) {
    const conflict = (reason: ConflictReason, message: string, bounds?: ParameterBound): void => {
      conflicts.push({ orgUnit: overlay.orgUnit, overlayVersion: overlay.version, parameter, value, reason, ...(bounds ? { bounds } : {}), message });
    };
    const definition = ownEntry(chain.parameters, parameter);
    if (!definition) {
      conflict('unknown_parameter', `${parameter} is not a parameter of the published rule set`);
      continue;
    }
    const wrongType = typeProblem(value, parameterKind(definition.value));
    if (wrongType) {
      conflict('wrong_type', `${parameter} ${wrongType}`);
      continue;
    }
    const authority = authorityAt(chain, index, parameter);
    if (!authority.granted) {
      conflict('not_granted', `${overlay.orgUnit} holds no grant to set ${parameter}`);
      continue;
    }
    const outside = boundProblem(value, authority.bounds);
    // For a list, say which item is outside.
    const which = Array.isArray(value) ? `: ${outside}` : '';
    if (outside)
      conflict(
        'out_of_bounds',
        `${parameter} = ${JSON.stringify(value)} is outside the bounds in force for ${overlay.orgUnit} (${describeBound(authority.bounds)})${which}`,
        authority.bounds,
      );
  }
  return conflicts;
}

/**
 * The parameter values in force for the last unit of the path: the rule set's values, then each
 * unit's overlay in path order, taking only values the unit may set within the bounds in force
 * now. A value that no longer fits (HQ narrowed a grant, removed a parameter) is a conflict and
 * is left out, so the unit falls back to the value above it (HQ's, unless a unit between set one)
 * and an out-of-bounds value is never used.
 */
export function resolveEffective(chain: AuthorityChain, business?: Business): EffectiveParameters {
  const values: EffectiveParameters['values'] = {};
  for (const [name, definition] of Object.entries(chain.parameters)) values[name] = { value: definition.value, origin: { kind: 'rule-set' } };
  const result: EffectiveParameters = { values, overlays: [], used: [], conflicts: [], outsideGrantScope: [] };
  chain.path.forEach((unit, index) => {
    const overlay = chain.overlays.get(unit);
    if (!overlay) return;
    const conflicts = overlayValueConflicts(chain, index, overlay);
    result.conflicts.push(...conflicts);
    const refused = new Set(conflicts.map((conflict) => conflict.parameter));
    const applied: Record<string, ParameterValue> = {};
    let outsideScope = false;
    for (const [parameter, value] of Object.entries(overlay.values)) {
      if (refused.has(parameter)) continue;
      if (!withinGrantScope(authorityAt(chain, index, parameter).grantedBy, business)) {
        outsideScope = true;
        continue;
      }
      applied[parameter] = value;
    }
    if (outsideScope) result.outsideGrantScope.push({ orgUnit: unit, version: overlay.version });
    const names = Object.keys(applied).sort();
    if (names.length === 0) return;
    // The label names exactly the values applied, so prepared-version caches keyed by it never mix two sets of values.
    result.overlays.push({ source: `${unit}@${overlay.version}:${names.join(',')}`, values: applied });
    result.used.push({ orgUnit: unit, version: overlay.version });
    for (const name of names) values[name] = { value: applied[name]!, origin: { kind: 'overlay', orgUnit: unit, version: overlay.version } };
  });
  return result;
}

export interface GrantProblem {
  /** JSON pointer into the grant content, e.g. `/parameters/orangeDpd/min`. */
  path: string;
  message: string;
}

/**
 * Problems with a grant for the last unit of the path: parameters the rule set does not have,
 * bounds that do not fit a parameter's type or own limits, and bounds wider than those its
 * parent units hold (a sub-branch's own grant may only narrow).
 */
export function grantProblems(chain: AuthorityChain, content: GrantContent): GrantProblem[] {
  const problems: GrantProblem[] = [];
  const index = chain.path.length - 1;
  for (const [name, bound] of Object.entries(content.parameters)) {
    const definition = ownEntry(chain.parameters, name);
    if (!definition) {
      problems.push({ path: `/parameters/${name}`, message: `the published rule set has no parameter "${name}"` });
      continue;
    }
    for (const [field, message] of boundDefinitionProblems(bound, definition))
      problems.push({ path: `/parameters/${name}${field ? `/${field}` : ''}`, message });
    if (index < 1) continue;
    const parent = authorityAt(chain, index - 1, name);
    if (parent.boundedBy.length === 0) continue;
    const wider = narrowingProblem(bound, parent.bounds);
    if (wider) problems.push({ path: `/parameters/${name}`, message: `wider than ${chain.path[index - 1]}'s bounds: ${wider}` });
  }
  return problems;
}
