import { ForbiddenError, NotFoundError } from '../http/errors';
import type { Principal } from '../identity/principal';
import { HEAD_OFFICE } from './responsibility';

/**
 * The question every scoped read asks: which org units lie within a unit's subtree. The
 * authority module answers it from the org-unit tree; callers depend on this interface only.
 */
export interface OrgScope {
  /** The unit itself and every unit below it. */
  unitsWithin(orgUnit: string): Promise<string[]>;
  /** Whether `unit` is `ancestor` or lies below it. */
  contains(ancestor: string, unit: string): Promise<boolean>;
}

/*
 * The one statement of the rule "HQ sees all, a branch sees its subtree", for lists (the units a
 * store query keeps, or the filter itself) and for reads of one object. Every capability asks
 * these instead of writing the rule out again, so a new one cannot forget it.
 */

type Who = Pick<Principal, 'orgUnit'>;

/**
 * The units a principal's lists keep: undefined (no narrowing) at HQ, whose scope is everything,
 * including data naming a unit the tree does not know; else its subtree. `within` narrows to a
 * unit of the caller's scope (403 outside it) and that unit's subtree.
 */
export async function visibleUnits(scope: OrgScope, principal: Who, within?: string): Promise<string[] | undefined> {
  if (within !== undefined) await assertVisible(scope, principal, within);
  const root = within ?? principal.orgUnit;
  return root === HEAD_OFFICE ? undefined : scope.unitsWithin(root);
}

/** The store filter fragment that keeps a principal's units on `field`: empty at HQ. */
export async function scopeFilter(scope: OrgScope, principal: Who, field = 'orgUnit', within?: string): Promise<Record<string, { $in: string[] }>> {
  return unitFilter(await visibleUnits(scope, principal, within), field);
}

/** The filter fragment for a unit list from visibleUnits (undefined: no narrowing). */
export function unitFilter(units: readonly string[] | undefined, field = 'orgUnit'): Record<string, { $in: string[] }> {
  return units ? { [field]: { $in: [...units] } } : {};
}

/** Whether one object of `orgUnit` lies within the principal's scope (HQ: always). */
export async function isVisible(scope: OrgScope, principal: Who, orgUnit: string): Promise<boolean> {
  return principal.orgUnit === HEAD_OFFICE || (await scope.contains(principal.orgUnit, orgUnit));
}

/**
 * Refuses a principal below HQ what only HQ may do: what acts on the whole book (jobs, imports,
 * snapshot recomputation). 403 `out_of_scope` with `refusal`, which says why.
 */
export function assertHeadOffice(principal: Who, refusal: string): void {
  if (principal.orgUnit !== HEAD_OFFICE) throw new ForbiddenError(refusal, 'out_of_scope');
}

/**
 * Refuses a unit outside the principal's scope: 404 when even its existence must not leak
 * (reads of another branch's things), 403 otherwise. The message is the same whether or not
 * the unit exists.
 */
export async function assertVisible(scope: OrgScope, principal: Who, orgUnit: string, options: { hide?: boolean; what?: string } = {}): Promise<void> {
  if (await isVisible(scope, principal, orgUnit)) return;
  const what = options.what ?? `org unit "${orgUnit}"`;
  if (options.hide) throw new NotFoundError(`No ${what}`);
  throw new ForbiddenError(`${capitalise(what)} is outside your org unit's scope (${principal.orgUnit} and below)`, 'out_of_scope');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
