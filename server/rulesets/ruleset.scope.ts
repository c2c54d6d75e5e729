import type { OrgScope } from '../authority/org-scope';
import { ForbiddenError, NotFoundError } from '../http/errors';
import type { Principal } from '../identity/principal';
import type { RuleSetStore } from './ruleset.store';

/**
 * Rule sets belong to an org unit. A principal reads the rule sets that apply to them (owned by
 * their unit or a unit above it, e.g. HQ's) and those of their subtree; they change only those of
 * their subtree. Another branch's rule set does not exist for them (404); HQ's rule set is
 * visible to a branch but not theirs to change (403).
 */
export class RuleSetScope {
  constructor(
    private readonly store: RuleSetStore,
    private readonly scope: OrgScope,
  ) {}

  async mayRead(principal: Pick<Principal, 'orgUnit'>, owner: string): Promise<boolean> {
    return (await this.scope.contains(owner, principal.orgUnit)) || (await this.scope.contains(principal.orgUnit, owner));
  }

  mayWrite(principal: Pick<Principal, 'orgUnit'>, owner: string): Promise<boolean> {
    return this.scope.contains(principal.orgUnit, owner);
  }

  /** Throws 404 for a key the principal may not read, 403 for one they may read but not change. Unknown keys pass (the service answers 404). */
  async assert(principal: Pick<Principal, 'orgUnit'>, key: string, use: 'read' | 'write'): Promise<void> {
    const owner = await this.store.ownerOf(key);
    if (owner === undefined) return;
    await this.assertOwner(principal, key, owner, use);
  }

  async assertOwner(principal: Pick<Principal, 'orgUnit'>, key: string, owner: string, use: 'read' | 'write'): Promise<void> {
    if (!(await this.mayRead(principal, owner))) throw new NotFoundError(`No rule set "${key}"`);
    if (use === 'write' && !(await this.mayWrite(principal, owner))) {
      throw new ForbiddenError(`Rule set "${key}" belongs to ${owner}; ${principal.orgUnit} may read it but not change it`, 'out_of_scope');
    }
  }

  /** A draft's content names its owning unit: a principal may only give a rule set to a unit of their subtree. */
  async assertOwnerAssignable(principal: Pick<Principal, 'orgUnit'>, owner: string): Promise<void> {
    if (!(await this.mayWrite(principal, owner))) {
      throw new ForbiddenError(`A rule set owned by ${owner} is outside your scope (${principal.orgUnit} and below)`, 'out_of_scope');
    }
  }
}
