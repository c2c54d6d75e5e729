import type { Principal } from '../identity/principal';
import { assertVisible, isVisible, type OrgScope } from './org-scope';
import { OrgTree } from './org-tree';
import type { OrgUnitStore } from './org-unit.store';

/** How long a process trusts its copy of the tree before reading it again. */
export const ORG_TREE_REFRESH_MS = 2000;

/**
 * The org-unit tree as every process sees it: a copy read from the database at most every two
 * seconds (a few documents; no change streams needed), dropped at once in the process that
 * changes it. Other processes see a change within ORG_TREE_REFRESH_MS.
 */
export class OrgUnitDirectory implements OrgScope {
  private cached: { tree: OrgTree; loadedAt: number } | undefined;
  private loading: Promise<OrgTree> | undefined;

  constructor(
    private readonly store: OrgUnitStore,
    private readonly now: () => number = Date.now,
  ) {}

  async tree(): Promise<OrgTree> {
    if (this.cached && this.now() - this.cached.loadedAt < ORG_TREE_REFRESH_MS) return this.cached.tree;
    // Concurrent callers share one read.
    this.loading ??= this.store.list().then(
      (units) => {
        const tree = new OrgTree(units);
        this.cached = { tree, loadedAt: this.now() };
        this.loading = undefined;
        return tree;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  forget(): void {
    this.cached = undefined;
  }

  async unitsWithin(orgUnit: string): Promise<string[]> {
    return (await this.tree()).subtree(orgUnit);
  }

  async contains(ancestor: string, unit: string): Promise<boolean> {
    return (await this.tree()).contains(ancestor, unit);
  }

  /** Whether the principal's scope (their unit's subtree) holds `unit`. */
  inScope(principal: Pick<Principal, 'orgUnit'>, unit: string): Promise<boolean> {
    return isVisible(this, principal, unit);
  }

  /** Refuses a unit outside the principal's scope (org-scope.ts: 404 with `hide`, else 403). */
  assertInScope(principal: Pick<Principal, 'orgUnit'>, unit: string, options: { hide?: boolean; what?: string } = {}): Promise<void> {
    return assertVisible(this, principal, unit, options);
  }

  /** The units on the way from HQ to `unit`; undefined for an unknown unit. */
  async path(unit: string): Promise<string[] | undefined> {
    return (await this.tree()).path(unit);
  }
}
