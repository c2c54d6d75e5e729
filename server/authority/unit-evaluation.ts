import type { Facts } from '../engine/evaluate';
import type { PreparedRuleSet } from '../engine/prepare';
import type { Principal } from '../identity/principal';
import type { ActiveVersion, ActiveVersions } from '../rulesets/active-versions';
import type { UnitEvaluation } from '../rulesets/unit-evaluation';
import { businessOf } from './business';
import type { EffectiveRuleSets, EffectivePrepared } from './effective-rulesets';
import type { OrgUnitDirectory } from './org-unit.directory';
import { HEAD_OFFICE } from './responsibility';

/** Evaluation for an org unit: the caller's scope, then the unit's effective rule set for the facts' business. */
export class EffectiveUnitEvaluation implements UnitEvaluation {
  constructor(
    private readonly active: ActiveVersions,
    private readonly effective: EffectiveRuleSets,
    private readonly orgUnits: OrgUnitDirectory,
  ) {}

  defaultUnit(principal: Principal): string | undefined {
    return principal.orgUnit === HEAD_OFFICE ? undefined : principal.orgUnit;
  }

  assertMayEvaluate(principal: Principal, orgUnit: string): Promise<void> {
    return this.orgUnits.assertInScope(principal, orgUnit, { what: `evaluation for org unit "${orgUnit}"` });
  }

  async replayPrepared(key: string, version: number, orgUnit: string, facts: Facts): Promise<{ prepared: PreparedRuleSet }> {
    const { prepared, record } = await this.active.anyVersion(key, version);
    return this.effective.preparedForVersion(record, orgUnit, businessOf(prepared.family, facts));
  }

  prepared(key: string, orgUnit: string, options: { active: ActiveVersion; facts: Facts }): Promise<EffectivePrepared> {
    return this.effective.prepared(key, orgUnit, { active: options.active, business: businessOf(options.active.prepared.family, options.facts) });
  }
}
