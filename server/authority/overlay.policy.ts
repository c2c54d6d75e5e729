import type { OverlayVersion } from '../generated/schema-types';
import { UnprocessableError, type ErrorDetail } from '../http/errors';
import type { Principal } from '../identity/principal';
import type { DelegationPolicy } from './delegation.service';
import { overlayValueConflicts } from './effective';
import type { EffectiveRuleSets } from './effective-rulesets';
import type { OrgUnitDirectory } from './org-unit.directory';

export type OverlayContent = Pick<OverlayVersion, 'values'>;

/**
 * A unit's parameter overlay: drafted by a policy owner of the unit (or above), approved by an
 * approver of the unit or above. Every value must be of the parameter's type, granted, and
 * within the bounds in force — checked on each edit, on submission and again on publishing,
 * because HQ may have narrowed the grant meanwhile.
 */
export class OverlayPolicy implements DelegationPolicy<OverlayContent> {
  readonly kind = 'overlay' as const;
  readonly noun = 'parameter overlay';

  constructor(
    private readonly orgUnits: OrgUnitDirectory,
    private readonly effective: EffectiveRuleSets,
  ) {}

  // Visibility (the unit lies within the principal's scope) is all either needs: the same unit or above.
  async assertMayAuthor(_principal: Principal, _orgUnit: string): Promise<void> {}

  async assertMayApprove(_principal: Principal, _orgUnit: string): Promise<void> {}

  async check(orgUnit: string, ruleSetKey: string, content: OverlayContent, where: string): Promise<void> {
    const unit = (await this.orgUnits.tree()).get(orgUnit);
    if (unit && !unit.active)
      throw new UnprocessableError('org_unit_inactive', `${orgUnit} is deactivated`, [{ path: '/params/orgUnit', message: 'is deactivated' }]);
    const { chain, owner } = await this.effective.resolveChain(ruleSetKey, orgUnit, { fresh: true });
    if (chain.path.length === 0) {
      throw new UnprocessableError('overlay_for_owner', `${orgUnit} owns rule set "${ruleSetKey}" and changes its values in a new version, not an overlay`, [
        { path: '/params/orgUnit', message: `must be below ${owner}` },
      ]);
    }
    const conflicts = overlayValueConflicts(chain, chain.path.length - 1, { orgUnit, version: 0, values: content.values });
    if (conflicts.length === 0) return;
    const details: ErrorDetail[] = conflicts.map((conflict) => ({
      path: `${where}/values/${conflict.parameter}`,
      message: conflict.message,
      parameter: conflict.parameter,
      value: conflict.value,
      reason: conflict.reason,
      ...(conflict.bounds ? { bounds: conflict.bounds } : {}),
    }));
    const outOfBounds = conflicts.some((conflict) => conflict.reason === 'out_of_bounds');
    throw new UnprocessableError(outOfBounds ? 'out_of_bounds' : 'overlay_invalid', conflicts.map((conflict) => conflict.message).join('; '), details);
  }
}
