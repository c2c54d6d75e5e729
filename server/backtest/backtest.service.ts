import { randomUUID } from 'node:crypto';
import type { EffectiveRuleSets } from '../authority/effective-rulesets';
import { visibleUnits, type OrgScope } from '../authority/org-scope';
import type { Backtest, BacktestList, BacktestQuery, BacktestRequest, BacktestResult } from '../generated/schema-types';
import { todayDay } from '../ground/calendar';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors';
import type { Principal } from '../identity/principal';
import type { Progress } from '../http/progress-stream';
import type { Logger } from '../logger';
import type { Business } from '../monitoring/effective-rule-sets';
import type { BookScope } from '../metrics/metric.service';
import type { ObligorMonitoringService } from '../monitoring/obligor-monitoring.service';
import type { ActiveVersions } from '../rulesets/active-versions';
import type { RuleSetService } from '../rulesets/ruleset.service';
import { validateRuleSet, type ValidationContext } from '../rulesets/ruleset.validation';
import type { RuleSetEvaluator } from '../engine/evaluator';
import { SerialWrites } from '../store/serial-writes';
import { runBacktest } from './backtest-run';
import { runPortfolioBacktest, type PortfolioBacktestInputs } from './portfolio-backtest-run';
import { backtestWindow } from './backtest-window';
import type { BacktestRecord } from './backtest.model';
import type { BacktestStore } from './backtest.store';

export const BACKTEST_JOB = 'backtests';

export interface BacktestDependencies {
  store: BacktestStore;
  ruleSets: RuleSetService;
  context: ValidationContext;
  active: ActiveVersions;
  effective: EffectiveRuleSets;
  monitoring: ObligorMonitoringService;
  /** The month's figures per segment, for backtests of portfolio warnings. */
  metrics: PortfolioBacktestInputs['metrics'];
  internetChannels: readonly string[];
  evaluator: RuleSetEvaluator;
  orgScope: OrgScope;
  bookScope: (principal: Pick<Principal, 'orgUnit'>) => Promise<BookScope | undefined>;
  /** Queues the on-demand job (JobService.request); a run already going takes the new backtest too. */
  queueJob: (requestedBy: string) => Promise<void>;
  logger: Logger;
  today?: () => number;
  now?: () => Date;
}

/**
 * Backtests of warning.obligor versions (Art. 7: do the warnings discriminate between obligors that go bad and those
 * that do not?). A request is checked and stored as queued, then the on-demand job `backtests` takes queued backtests
 * one after the other (backtest-run.ts does the work). A branch's backtest covers its units' obligors only (its subtree,
 * without internet business, as its book scope everywhere), and only its own units' backtests are visible to it.
 */
export class BacktestService {
  constructor(private readonly dependencies: BacktestDependencies) {}

  async request(principal: Principal, body: BacktestRequest): Promise<Backtest> {
    const { ruleSets, context, store } = this.dependencies;
    const view = await ruleSets.version(body.key, body.version);
    if (view.ruleSet.family !== 'warning.obligor' && view.ruleSet.family !== 'warning.portfolio') {
      throw new UnprocessableError(
        'backtest_unsupported',
        `A backtest evaluates obligor or portfolio warnings at past month-ends, so it needs a warning.obligor or warning.portfolio rule set, not ${view.ruleSet.family}`,
        [{ path: '/body/key', message: 'must be a warning.obligor or warning.portfolio rule set' }],
      );
    }
    const problems = validateRuleSet(view.ruleSet, context);
    if (problems.length > 0) throw new UnprocessableError('rule_set_invalid', 'The version is invalid; fix it before backtesting it', problems);
    const againstVersion = body.againstVersion === undefined ? ((await ruleSets.detail(body.key)).summary.activeVersion ?? null) : body.againstVersion;
    const versions: BacktestRecord['versions'] = [{ role: 'version', key: body.key, version: body.version, hash: view.hash, status: view.state }];
    if (againstVersion !== null) {
      const against = await ruleSets.version(body.key, againstVersion);
      versions.push({ role: 'against', key: body.key, version: againstVersion, hash: against.hash, status: against.state });
    }
    const outcomeMonths = body.outcomeMonths ?? 6;
    const window = backtestWindow({ to: body.to, months: body.months ?? 12, outcomeMonths, today: (this.dependencies.today ?? todayDay)() });
    const scope = await this.dependencies.bookScope(principal);
    const record: BacktestRecord = {
      _id: `BT-${randomUUID()}`,
      key: body.key,
      versions,
      orgUnit: principal.orgUnit,
      orgUnits: scope ? [...scope.orgUnits] : null,
      monthEnds: window.monthEnds,
      outcomeMonths,
      status: 'queued',
      progress: { phase: 'queued', done: 0, total: 0 },
      requestedBy: principal.name,
      requestedAt: this.now(),
      startedAt: null,
      finishedAt: null,
      error: null,
      result: null,
    };
    await store.insert(record);
    await this.dependencies.queueJob(principal.name);
    return toView(record);
  }

  async detail(principal: Principal, backtestId: string): Promise<Backtest> {
    return toView(await this.visible(principal, backtestId));
  }

  /** A queued backtest is cancelled at once; a running one stops at its next page or month-end (the run marks it cancelled). */
  async cancel(principal: Principal, backtestId: string): Promise<Backtest> {
    await this.visible(principal, backtestId);
    const record = await this.dependencies.store.cancel(backtestId, this.now());
    if (!record) throw new ConflictError('backtest_ended', `The backtest "${backtestId}" has already ended: there is nothing to cancel`);
    return toView(record);
  }

  private async visible(principal: Principal, backtestId: string): Promise<BacktestRecord> {
    const record = await this.dependencies.store.find(backtestId);
    const units = await visibleUnits(this.dependencies.orgScope, principal);
    if (!record || (units !== undefined && !units.includes(record.orgUnit))) throw new NotFoundError(`There is no backtest "${backtestId}"`);
    return record;
  }

  async list(principal: Principal, query: BacktestQuery): Promise<BacktestList> {
    const orgUnits = await visibleUnits(this.dependencies.orgScope, principal);
    const page = await this.dependencies.store.page({ orgUnits, key: query.key }, { before: query.before, limit: query.limit ?? 20 });
    return { items: page.items.map(toView), ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}) };
  }

  /** The job's work: every queued backtest, oldest first, until none is left. */
  async runQueued(progress: (counts: Record<string, number>) => void, stopping?: AbortSignal): Promise<Record<string, number>> {
    // One run of the job goes at a time (the job service's lock): backtests another run left running are orphans of a
    // worker that died, taken over here.
    const worker = randomUUID();
    const takenOver = await this.dependencies.store.takeOver(worker, this.now());
    if (takenOver.requeued + takenOver.cancelled > 0) this.dependencies.logger.warn(takenOver, 'backtests left running by a stopped worker taken over');
    const counts = { backtests: 0, failed: 0, cancelled: takenOver.cancelled, takenOver: takenOver.requeued };
    for (;;) {
      // A process that stops taking jobs leaves the rest of the queue, and the backtest in hand, to the next run.
      if (stopping?.aborted) return counts;
      const record = await this.dependencies.store.takeNext(worker, this.now());
      if (!record) return counts;
      progress(counts);
      const cancel = new AbortController();
      const stop = () => cancel.abort(stopping?.reason);
      stopping?.addEventListener('abort', stop, { once: true });
      try {
        await this.execute(record, cancel);
        counts.backtests++;
      } catch (error) {
        if (stopping?.aborted) return counts;
        if (cancel.signal.aborted) {
          counts.cancelled++;
          await this.dependencies.store.cancelled(record._id, this.now());
          continue;
        }
        counts.failed++;
        this.dependencies.logger.error({ err: error, backtestId: record._id }, 'backtest failed');
        await this.dependencies.store.fail(record._id, error instanceof Error ? error.message : String(error), this.now());
      } finally {
        stopping?.removeEventListener('abort', stop);
      }
    }
  }

  private async execute(record: BacktestRecord, cancel: AbortController): Promise<void> {
    const { store, active, effective, monitoring, evaluator, logger } = this.dependencies;
    const scope = record.orgUnits === null ? undefined : await this.dependencies.bookScope({ orgUnit: record.orgUnit });
    if (record.cancelRequested) cancel.abort();
    cancel.signal.throwIfAborted();
    const prepared = await Promise.all(record.versions.map(async (entry) => (await active.anyVersion(entry.key, entry.version)).record));
    let lastWrite = 0;
    const writes = new SerialWrites((error: unknown) => logger.warn({ err: error }, 'backtest progress not stored'));
    const progress = (line: Progress) => {
      // The stored progress is what the studio polls: at most about once a second, and each phase's end. Its answer says
      // whether a cancel was asked for: the run stops at its next page or month-end.
      const now = Date.now();
      if (now - lastWrite < 1000 && line.done !== line.total) return;
      lastWrite = now;
      writes.push(async () => {
        if (await store.progress(record._id, line)) cancel.abort();
      });
    };
    const versions = prepared.map((versionRecord) => ({
      key: versionRecord.key,
      version: versionRecord.version,
      hash: versionRecord.hash,
      ruleSets: {
        prepared: (_key: string, orgUnit: string, options?: { business?: Business }) => effective.preparedForVersion(versionRecord, orgUnit, options?.business),
      },
    }));
    const common = { evaluator, logger, versions, monthEnds: record.monthEnds, outcomeMonths: record.outcomeMonths, signal: cancel.signal, progress };
    let result: BacktestResult;
    try {
      result =
        prepared[0]!.family === 'warning.portfolio'
          ? await runPortfolioBacktest({ ...common, metrics: this.dependencies.metrics, internetChannels: this.dependencies.internetChannels, scope })
          : await runBacktest({ ...common, monitoring, loanFilter: scope?.loanFilter });
    } finally {
      // The last progress line is written before the outcome (succeeded, failed or cancelled), never after it.
      await writes.settled();
    }
    await store.succeed(record._id, result, this.now());
  }

  private now(): Date {
    return (this.dependencies.now ?? (() => new Date()))();
  }
}

export function toView(record: BacktestRecord): Backtest {
  const { _id, orgUnits: _orgUnits, worker: _worker, cancelRequested: _cancelRequested, requestedAt, startedAt, finishedAt, result, ...rest } = record;
  return {
    backtestId: _id,
    ...rest,
    requestedAt: requestedAt.toISOString(),
    startedAt: startedAt ? startedAt.toISOString() : null,
    finishedAt: finishedAt ? finishedAt.toISOString() : null,
    ...(result !== undefined ? { result } : {}),
  };
}
