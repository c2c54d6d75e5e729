import type { GrantContent, OverlayVersion } from '../generated/schema-types';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { PreparedRuleSet } from '../engine/prepare';
import { UnprocessableError } from '../http/errors';
import type { ActiveVersion, ActiveVersions } from '../rulesets/active-versions';
import type { RuleSetVersionRecord } from '../rulesets/ruleset.model';
import { inForceByUnit, type DelegationStore } from './delegation.store';
import {
  resolveEffective,
  withinGrantScope,
  type AuthorityChain,
  type Business,
  type EffectiveParameters,
  type GrantInForce,
  type OverlayInForce,
  type VersionRef,
} from './effective';
import type { OrgUnitDirectory } from './org-unit.directory';
import { HEAD_OFFICE, isInternetChannel } from './responsibility';

/** How long a process trusts the grants and overlays in force before reading them again. */
export const AUTHORITY_REFRESH_MS = 1000;

interface AuthorityState {
  loadedAt: number;
  grants: Map<string, GrantInForce>;
  overlays: Map<string, OverlayInForce>;
  /** Prepared versions already resolved from this state, by version, path and grant-scope outcome. */
  prepared: Map<string, { prepared: PreparedRuleSet; overlays: VersionRef[] }>;
}

export interface ResolvedChain {
  record: RuleSetVersionRecord;
  owner: string;
  /** From the owner down to the unit. */
  path: string[];
  chain: AuthorityChain;
}

export interface EffectivePrepared {
  prepared: PreparedRuleSet;
  /** The overlay versions applied, in path order (the decision log records them). */
  overlays: VersionRef[];
  /** The unit the decision is for: HQ for internet business, whatever unit was named. */
  orgUnit: string;
}

/**
 * The effective rule set of an org unit: the owner's (HQ's) published version plus the overlays
 * on the path down to the unit, each value within the bounds in force. Like published versions,
 * grants and overlays in force are re-read at most once a second per key, and at once in the
 * process that publishes one, so every process follows within about a second.
 */
export class EffectiveRuleSets {
  private readonly states = new Map<string, AuthorityState>();

  constructor(
    private readonly active: ActiveVersions,
    private readonly evaluator: RuleSetEvaluator,
    private readonly grants: DelegationStore<GrantContent>,
    private readonly overlays: DelegationStore<Pick<OverlayVersion, 'values'>>,
    private readonly orgUnits: OrgUnitDirectory,
    private readonly internetChannels: readonly string[],
    private readonly now: () => number = Date.now,
  ) {}

  /** Drops this process's copy of a key's grants and overlays (after a publication here). */
  forget(key: string): void {
    this.states.delete(key);
  }

  /**
   * The prepared version to evaluate for `orgUnit` (the version in force, or a named published
   * one). `business` (product and sales channel from the facts) decides whether grants limited
   * to some products or channels apply; internet business is HQ's and gets no overlays.
   * `active`: the version already looked up by the caller (an evaluation request), else looked up here.
   */
  async prepared(key: string, orgUnit: string, options: { version?: number; business?: Business; active?: ActiveVersion } = {}): Promise<EffectivePrepared> {
    const active = options.active ?? (await this.active.prepared(key, options.version));
    const channel = options.business?.channel;
    if (channel !== undefined && isInternetChannel(channel, this.internetChannels)) return { prepared: active.prepared, overlays: [], orgUnit: HEAD_OFFICE };
    const resolved = await this.chainFor(active.record, orgUnit, false);
    const state = await this.state(key);
    const memoKey = `${resolved.record.version}|${resolved.path.join('/')}|${grantScopeSignature(resolved.chain, options.business)}`;
    let entry = state.prepared.get(memoKey);
    if (!entry) {
      const effective = resolveEffective(resolved.chain, options.business);
      const { record } = resolved;
      entry = {
        prepared: this.evaluator.prepare({ key, version: record.version, hash: record.hash, content: record.content }, effective.overlays),
        overlays: effective.used,
      };
      state.prepared.set(memoKey, entry);
    }
    return { ...entry, orgUnit };
  }

  /** The effective parameters with their origins and conflicts, for the API's view. */
  async effective(key: string, orgUnit: string, options: { version?: number } = {}): Promise<ResolvedChain & { effective: EffectiveParameters }> {
    const resolved = await this.resolveChain(key, orgUnit, options);
    return { ...resolved, effective: resolveEffective(resolved.chain) };
  }

  /**
   * The published version, the owner, the path and the grants and overlays in force for a unit.
   * `fresh` reads the database rather than this process's copy (publishing checks the bounds in force now).
   */
  async resolveChain(key: string, orgUnit: string, options: { version?: number; fresh?: boolean } = {}): Promise<ResolvedChain> {
    const { record } = await this.active.prepared(key, options.version);
    return this.chainFor(record, orgUnit, options.fresh ?? false);
  }

  /**
   * Any stored version (a draft too) with the overlays in force for the unit, for replays: what
   * the unit would decide under that version now. Not memoised: replays are not a hot path.
   */
  async preparedForVersion(record: RuleSetVersionRecord, orgUnit: string, business?: Business): Promise<{ prepared: PreparedRuleSet }> {
    const channel = business?.channel;
    const base = { key: record.key, version: record.version, hash: record.hash, content: record.content };
    if (channel !== undefined && isInternetChannel(channel, this.internetChannels)) return { prepared: this.evaluator.prepare(base) };
    const { chain } = await this.chainFor(record, orgUnit, false);
    return { prepared: this.evaluator.prepare(base, resolveEffective(chain, business).overlays) };
  }

  private async chainFor(record: RuleSetVersionRecord, orgUnit: string, fresh: boolean): Promise<ResolvedChain> {
    const key = record.key;
    const fullPath = await this.orgUnits.path(orgUnit);
    if (!fullPath) throw new UnprocessableError('unknown_org_unit', `There is no org unit "${orgUnit}"`, [{ path: '/orgUnit', message: 'no such org unit' }]);
    const ownerIndex = fullPath.indexOf(record.orgUnit);
    if (ownerIndex === -1) {
      throw new UnprocessableError(
        'rule_set_not_applicable',
        `Rule set "${key}" belongs to ${record.orgUnit}, which is not on ${orgUnit}'s path (${fullPath.join(' > ')})`,
        [{ path: '/orgUnit', message: `is not within ${record.orgUnit}` }],
      );
    }
    const state = fresh ? await this.load(key) : await this.state(key);
    const path = fullPath.slice(ownerIndex);
    return {
      record,
      owner: record.orgUnit,
      path,
      chain: { parameters: record.content.parameters, path: path.slice(1), grants: state.grants, overlays: state.overlays },
    };
  }

  private async state(key: string): Promise<AuthorityState> {
    const cached = this.states.get(key);
    if (cached && this.now() - cached.loadedAt < AUTHORITY_REFRESH_MS) return cached;
    const state = await this.load(key);
    this.states.set(key, state);
    return state;
  }

  private async load(key: string): Promise<AuthorityState> {
    const [grants, overlays] = await Promise.all([this.grants.published(key), this.overlays.published(key)]);
    return {
      loadedAt: this.now(),
      grants: new Map([...inForceByUnit(grants)].map(([unit, record]) => [unit, { orgUnit: unit, version: record.version, content: record.content }])),
      overlays: new Map(
        [...inForceByUnit(overlays)].map(([unit, record]) => [unit, { orgUnit: unit, version: record.version, values: record.content.values }]),
      ),
      prepared: new Map(),
    };
  }
}

/** Which grants limited to some products or channels cover this business: the only way business changes the outcome. */
function grantScopeSignature(chain: AuthorityChain, business: Business | undefined): string {
  return chain.path
    .map((unit) => {
      const grant = chain.grants.get(unit)?.content;
      if (!grant || (!grant.products && !grant.channels)) return '-';
      return withinGrantScope(grant, business) ? '1' : '0';
    })
    .join('');
}
