import type { Facts } from '../engine/evaluate';
import type { PreparedRuleSet } from '../engine/prepare';
import type { Principal } from '../identity/principal';
import type { ActiveVersion } from './active-versions';

/**
 * What evaluation needs from delegated authority (implemented in server/authority): whether a
 * caller may evaluate for an org unit, and the unit's effective rule set for given facts.
 */
export interface UnitEvaluation {
  /** The unit a request without `orgUnit` is for: the caller's own unit below HQ, none at HQ. */
  defaultUnit(principal: Principal): string | undefined;
  /** 403 when the unit lies outside the caller's scope. */
  assertMayEvaluate(principal: Principal, orgUnit: string): Promise<void>;
  /** `active`: the version the request evaluates, already looked up (HQ's, before the unit's overlays). */
  prepared(
    key: string,
    orgUnit: string,
    options: { active: ActiveVersion; facts: Facts },
  ): Promise<{ prepared: PreparedRuleSet; overlays: { orgUnit: string; version: number }[]; orgUnit: string }>;
  /** Any stored version (drafts too) with the unit's overlays in force now, for replays. */
  replayPrepared(key: string, version: number, orgUnit: string, facts: Facts): Promise<{ prepared: PreparedRuleSet }>;
}
