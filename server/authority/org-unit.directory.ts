import { ForbiddenError, NotFoundError } from '../http/errors';
import type { Principal } from '../identity/principal';
import type { OrgScope } from './org-scope';
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
  async inScope(principal: Pick<Principal, 'orgUnit'>, unit: string): Promise<boolean> {
    return this.contains(principal.orgUnit, unit);
  }

  /**
   * Refuses a unit outside the principal's scope: 404 when even its existence must not leak
   * (reads of another branch's things), 403 otherwise. The message is the same whether or not
   * the unit exists.
   */
  async assertInScope(principal: Pick<Principal, 'orgUnit'>, unit: string, options: { hide?: boolean; what?: string } = {}): Promise<void> {
    if (await this.inScope(principal, unit)) return;
    const what = options.what ?? `org unit "${unit}"`;
    if (options.hide) throw new NotFoundError(`No ${what}`);
    throw new ForbiddenError(`${capitalise(what)} is outside your org unit's scope (${principal.orgUnit} and below)`, 'out_of_scope');
  }

  /** The units on the way from HQ to `unit`; undefined for an unknown unit. */
  async path(unit: string): Promise<string[] | undefined> {
    return (await this.tree()).path(unit);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
