import { visibleUnits } from './org-scope';
import type { OverlayConflict as OverlayConflictView } from '../generated/schema-types';
import type { Principal } from '../identity/principal';
import type { DelegationStore } from './delegation.store';
import { inForceByUnit } from './delegation.store';
import { overlayValueConflicts } from './effective';
import type { EffectiveRuleSets } from './effective-rulesets';
import type { OverlayContent } from './overlay.policy';
import type { OrgUnitDirectory } from './org-unit.directory';

/**
 * Published overlay values that no longer apply, within the reader's scope: after HQ narrows or
 * withdraws a grant, or changes a parameter in a new version. Evaluation leaves each of them out
 * (falling back to the value above); this report is how the unit learns it must act.
 */
export class ConflictReport {
  constructor(
    private readonly overlays: DelegationStore<OverlayContent>,
    private readonly effective: EffectiveRuleSets,
    private readonly orgUnits: OrgUnitDirectory,
  ) {}

  async list(principal: Principal, query: { orgUnit?: string; ruleSetKey?: string }): Promise<OverlayConflictView[]> {
    if (query.orgUnit) await this.orgUnits.assertInScope(principal, query.orgUnit);
    const units = await visibleUnits(this.orgUnits, principal, query.orgUnit);
    const published = await this.overlays.list({ orgUnits: units, state: 'published', ...(query.ruleSetKey ? { ruleSetKey: query.ruleSetKey } : {}) });
    const keys = [...new Set(published.map((record) => record.ruleSetKey))].sort();
    const conflicts: OverlayConflictView[] = [];
    for (const key of keys) {
      for (const [unit, record] of inForceByUnit(published.filter((item) => item.ruleSetKey === key))) {
        const { chain } = await this.effective.resolveChain(key, unit, { fresh: true });
        const found = overlayValueConflicts(chain, chain.path.length - 1, { orgUnit: unit, version: record.version, values: record.content.values });
        conflicts.push(
          ...found.map((conflict): OverlayConflictView => ({ ...conflict, ruleSetKey: key, value: conflict.value as OverlayConflictView['value'] })),
        );
      }
    }
    return conflicts;
  }
}
