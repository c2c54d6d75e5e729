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
