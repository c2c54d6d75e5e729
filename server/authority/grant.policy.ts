import type { GrantContent } from '../generated/schema-types';
import { ForbiddenError, UnprocessableError } from '../http/errors';
import type { Principal } from '../identity/principal';
import type { DelegationPolicy } from './delegation.service';
import { grantProblems } from './effective';
import type { EffectiveRuleSets } from './effective-rulesets';
import type { OrgUnitDirectory } from './org-unit.directory';

/**
 * Grants are written and approved above the unit they are for (at HQ, or for a sub-branch also
 * at its branch): a unit never grants itself authority. Their bounds must fit the parameters of
 * the rule set's published version, and a sub-branch's own grant may only narrow what its parent
 * units hold.
 */
export class GrantPolicy implements DelegationPolicy<GrantContent> {
  readonly kind = 'grant' as const;
  readonly noun = 'grant';

  constructor(
    private readonly orgUnits: OrgUnitDirectory,
    private readonly effective: EffectiveRuleSets,
  ) {}

  assertMayAuthor(principal: Principal, orgUnit: string): Promise<void> {
    return this.assertAbove(principal, orgUnit, 'write');
  }

  assertMayApprove(principal: Principal, orgUnit: string): Promise<void> {
    return this.assertAbove(principal, orgUnit, 'approve');
  }

  async check(orgUnit: string, ruleSetKey: string, content: GrantContent, where: string): Promise<void> {
    const tree = await this.orgUnits.tree();
    const unit = tree.get(orgUnit);
    if (unit && !unit.active)
      throw new UnprocessableError('org_unit_inactive', `${orgUnit} is deactivated; it cannot be granted authority`, [
        { path: '/params/orgUnit', message: 'is deactivated' },
      ]);
    const { chain, owner } = await this.effective.resolveChain(ruleSetKey, orgUnit, { fresh: true });
    if (chain.path.length === 0) {
      throw new UnprocessableError('grant_for_owner', `${orgUnit} owns rule set "${ruleSetKey}" and changes it directly; grants are for units below ${owner}`, [
        { path: '/params/orgUnit', message: `must be below ${owner}` },
      ]);
    }
    const problems = grantProblems(chain, content);
    if (problems.length > 0) {
      throw new UnprocessableError(
        'grant_invalid',
        `The grant does not fit rule set "${ruleSetKey}" or the bounds ${orgUnit}'s parent units hold: ${problems.map((problem) => problem.message).join('; ')}`,
        problems.map((problem) => ({ path: `${where}/grant${problem.path}`, message: problem.message })),
      );
    }
  }

  private async assertAbove(principal: Principal, orgUnit: string, what: 'write' | 'approve'): Promise<void> {
    if (principal.orgUnit !== orgUnit && (await this.orgUnits.contains(principal.orgUnit, orgUnit))) return;
    throw new ForbiddenError(`Only a unit above ${orgUnit} may ${what} its grants; ${principal.orgUnit} cannot grant itself authority`, 'out_of_scope');
  }
}
