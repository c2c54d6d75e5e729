import type { EffectiveRuleSets } from '../authority/effective-rulesets';
import type { DecisionEvent } from '../engine/evaluate';
import type { ImpactRequest, ImpactResult } from '../generated/schema-types';
import { UnprocessableError } from '../http/errors';
import type { ProgressReporter } from '../http/progress-stream';
import type { Logger } from '../logger';
import { dateFromDay, todayDay } from '../ground/calendar';
import type { UnitRuleSets } from '../monitoring/effective-rule-sets';
import { transitionCounts, type MonitoredSubject } from '../monitoring/monitoring-plan';
import type { ObligorMonitoringService } from '../monitoring/obligor-monitoring.service';
import type { ActiveVersions } from '../rulesets/active-versions';
import type { RuleSetService } from '../rulesets/ruleset.service';
import { validateRuleSet, type ValidationContext } from '../rulesets/ruleset.validation';
import { evenSample, impactTables, worstLevel, type Level, type ObligorOutcome } from './impact.table';
import { NotedRuleSets, stillResolved, type PublishedLevels } from './published-levels';
import type { ObligorFactsBatch } from '../monitoring/obligor-facts-batch';

const DEFAULT_SAMPLE = 2000;

/**
 * Impact preview: a dry run of obligor monitoring (what the daily run would decide as of the day,
 * nothing written), once with the published rule set and once with the version, each unit
 * evaluating its effective rule set (HQ's version plus the branch overlays on its path, as the
 * daily run does). The facts come from the daily run's own builder, so the preview sees what the
 * run would see: who moves between red, orange, yellow and none, and what the run would do to the
 * open alerts if the version were in force.
 */
export class ImpactService {
  constructor(
    private readonly ruleSets: RuleSetService,
    private readonly context: ValidationContext,
    private readonly monitoring: ObligorMonitoringService,
    private readonly active: ActiveVersions,
    private readonly effective: EffectiveRuleSets,
    private readonly logger: Logger,
    private readonly today: () => number = () => todayDay(),
  ) {}

  /**
   * `loanFilter` narrows the book to a caller's share (delegated authority); by default the whole book.
   * `progress` hears each phase (facts in pages, then the published set and the version in obligors),
   * and `signal` stops the work between pages and chunks of obligors. Nothing is reported before the
   * version is checked, so a refusal is never mistaken for a started preview.
   */
  async impact(
    key: string,
    version: number,
    request: ImpactRequest,
    options: { loanFilter?: Record<string, unknown>; progress?: ProgressReporter; signal?: AbortSignal } = {},
  ): Promise<ImpactResult> {
    const { loanFilter = {}, progress = () => undefined, signal } = options;
    const view = await this.ruleSets.version(key, version);
    if (view.ruleSet.family !== 'warning.obligor') {
      throw new UnprocessableError(
        'impact_unsupported',
        `Impact preview runs over obligor facts, so it needs a warning.obligor rule set, not ${view.ruleSet.family}`,
        [{ path: '/params/key', message: 'must be a warning.obligor rule set' }],
      );
    }
    const problems = validateRuleSet(view.ruleSet, this.context);
    if (problems.length > 0) throw new UnprocessableError('rule_set_invalid', 'The version is invalid; fix it before previewing its impact', problems);
    const againstVersion = (await this.ruleSets.detail(key)).summary.activeVersion ?? null;
    const { record } = await this.active.anyVersion(key, version);
    // The version as each unit would evaluate it once published: the overlays in force on the unit's path applied.
    const candidate: UnitRuleSets = { prepared: (_key, orgUnit, options) => this.effective.preparedForVersion(record, orgUnit, options?.business) };

    const asOf = request.asOf ?? dateFromDay(this.today());
    const pages = await this.monitoring.factsSize(loanFilter);
    progress({ phase: 'facts', done: 0, total: pages });
    // The facts the daily run stored for the day when the book has not changed since (facts-snapshot.ts), else built from the pages.
    const batch = await this.monitoring.facts(asOf, {
      loanFilter,
      signal,
      snapshot: 'read',
      onPage: (done) => progress({ phase: 'facts', done, total: pages }),
    });
    progress({ phase: 'facts', done: pages, total: pages });
    const only = evenSample(batch.size, request.sample ?? DEFAULT_SAMPLE);
    const from = againstVersion === null ? new Map<string, Level>() : await this.publishedLevels(batch, only, signal, progress);
    // With nothing published every obligor starts at "none": the phase is done at once.
    if (againstVersion === null) progress({ phase: 'published', done: only.length, total: only.length });
    const outcomes: ObligorOutcome[] = [];
    const planned = await this.monitoring.decide(batch, {
      logger: this.logger,
      only,
      ruleSets: candidate,
      signal,
      progress: (done, total) => progress({ phase: 'candidate', done, total }),
      onSubject: (subject, events) => outcomes.push(outcomeOf(subject, events, from.get(subject.subjectKey) ?? 'none')),
    });
    // What the run would do to the open alerts: the planner's transitions, counted.
    const monitoring = transitionCounts(planned.outcomes);
    return { key, version, againstVersion, asOf, obligors: batch.size, evaluated: outcomes.length, ...impactTables(outcomes), monitoring };
  }

  /** The last preview's published levels (published-levels.ts): reused for the same facts while its rule sets resolve the same. */
  private published?: PublishedLevels;

  /** Each obligor's level under the rule sets in force: the preview's first pass, or the last preview's where it still holds. */
  private async publishedLevels(
    batch: ObligorFactsBatch,
    only: readonly number[],
    signal: AbortSignal | undefined,
    progress: ProgressReporter,
  ): Promise<Map<string, Level>> {
    const kept = this.published;
    if (kept && kept.batch === batch && kept.sample === only.length && (await stillResolved(this.effective, kept.resolutions))) {
      progress({ phase: 'published', done: only.length, total: only.length });
      return kept.levels;
    }
    const levels = new Map<string, Level>();
    const ruleSets = new NotedRuleSets(this.effective);
    await this.monitoring.decide(batch, {
      logger: this.logger,
      only,
      ruleSets,
      signal,
      progress: (done, total) => progress({ phase: 'published', done, total }),
      // Only the levels are read here: planning against the open alerts is the candidate pass's, so they are read once.
      open: [],
      plan: false,
      onSubject: (subject, events) => levels.set(subject.subjectKey, worstLevel(events)),
    });
    this.published = { batch, sample: only.length, resolutions: ruleSets.resolutions, levels };
    return levels;
  }
}

function outcomeOf(subject: MonitoredSubject, events: readonly DecisionEvent[], from: Level): ObligorOutcome {
  return {
    obligorId: subject.obligorId!,
    orgUnit: subject.orgUnit,
    customerTier: subject.customerTier ?? '',
    channel: subject.channel ?? '',
    dpd: Number(subject.facts.dpd),
    from,
    to: worstLevel(events),
    facts: subject.facts,
  };
}
