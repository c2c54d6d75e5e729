import { randomUUID } from 'node:crypto';
import type { DecisionEvent, Facts } from '../engine/evaluate';
import type { JobOutcome } from '../jobs/job-definition';
import type { Logger } from '../logger';
import { loadLoanBook } from '../metrics/book-loader';
import { readBook, type ReadTiming } from '../metrics/book-stream';
import { addPageRatings } from '../metrics/page-book';
import { dayFromDate } from '../ground/calendar';
import type { LoanBook } from '../metrics/loan-book';
import type { MetricSettings } from '../metrics/metric-settings';
import type { RatingInput } from '../metrics/obligor-facts';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { OpenAlertEntry } from './open-alert-index';
import type { UnitRuleSets } from './effective-rule-sets';
import { RunRules } from './effective-rule-sets';
import { MonitoringCycle, type CycleDependencies } from './monitoring-cycle';
import { assessSubject, type MonitoredSubject, type SubjectOutcome } from './monitoring-plan';
import { ObligorFactsAccumulator, type ObligorFactsBatch, type ObligorSubject } from './obligor-facts-batch';
import type { BookPages } from '../portfolio/book-pages';
import type { FactsSnapshots, FactsVersion } from './facts-snapshot';
import type { PreparedRunner, RuleSetEvaluator } from '../engine/evaluator';
import { NO_CHALLENGES, type ChallengerSeam, type RunChallenges } from './challenger-seam';

/** Subjects decided between two looks at the caller's progress and signal (a few milliseconds of work). */
const DECIDE_CHUNK = 250;

export interface ObligorMonitoringDependencies extends Omit<CycleDependencies, 'rules' | 'logger'> {
  portfolio: PortfolioStore;
  bookPages: BookPages;
  metricSettings: MetricSettings;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  internetChannels: readonly string[];
  /** The facts of the whole book per day, written by the run and read by the impact preview (facts-snapshot.ts). */
  factsSnapshots?: FactsSnapshots;
  /** Champion/challenger tests (server/challenger): the daily run decides each obligor in a test by its arm. */
  challengers?: ChallengerSeam;
}

/** What the daily run reads; the benchmark can hand over a book built in memory instead of the stored pages. */
export interface ObligorInputs {
  book?: LoanBook;
  ratings?: ReadonlyMap<string, readonly RatingInput[]>;
}

/**
 * Daily obligor monitoring (Art. 7-9): every obligor's facts as of the day, warning.obligor of
 * the unit answerable for the obligor, alerts raised, moved and closed, dispositions and tasks
 * (decided by monitoring-plan.ts, written by MonitoringCycle). Evaluation runs the compiled rule
 * function in a plain loop; only the obligors whose alerts change, or whose measures are due for
 * review, are written.
 */
export class ObligorMonitoringService {
  constructor(private readonly dependencies: ObligorMonitoringDependencies) {}

  async run(
    asOf: string,
    context: {
      actor: string;
      logger: Logger;
      progress?: (counts: Record<string, number>) => void;
      inputs?: ObligorInputs;
      planOnly?: boolean;
      completeInterrupted?: boolean;
    },
  ): Promise<JobOutcome> {
    const phases: Record<string, number> = {};
    let started = performance.now();
    const batch = await this.facts(asOf, { ...context.inputs, snapshot: 'write', logger: context.logger });
    phases.facts = performance.now() - started;

    started = performance.now();
    // A later attempt of the day completes what the earlier one left, from the whole open alerts (their measures); it rebuilds the index from them too.
    const whole = context.completeInterrupted ? await this.dependencies.alerts.openAlerts('obligor') : undefined;
    if (whole) await this.dependencies.alerts.index.rebuild(whole, await this.dependencies.alerts.index.writing());
    // The dry run acts on nothing, so it splits nothing either: the published versions decide.
    const challenges = context.planOnly ? undefined : await this.dependencies.challengers?.forRun();
    const planned = await this.decide(batch, { logger: context.logger, open: whole, repair: true, challenges });
    const { warned, rules } = planned;
    // The read of the open alerts is part of deciding; reported on its own (the index, or every open alert whole when it is not current).
    phases.openAlerts = planned.openAlertsReadMs;
    phases.evaluation = performance.now() - started - planned.openAlertsReadMs;
    context.progress?.({ obligors: batch.size, warned, changing: planned.outcomes.length });
    // The dry run (benchmark, impact preview): what would change, without writing it.
    if (context.planOnly)
      return {
        counts: {
          obligors: batch.size,
          warned,
          changing: planned.outcomes.length,
          signals: planned.outcomes.reduce((sum, outcome) => sum + outcome.transitions.length, 0),
        },
        phases: roundAll(phases),
      };

    started = performance.now();
    const outcomes = await this.withWholeAlerts(planned.outcomes, batch.asOf);
    phases.changingAlerts = performance.now() - started;

    started = performance.now();
    const cycle = new MonitoringCycle({ ...this.dependencies, rules, logger: context.logger, challenges }, batch.asOf, context.actor);
    if (whole) await cycle.completeInterrupted(whole);
    await cycle.commit(outcomes);
    await challenges?.flush(batch.asOf);
    const flushing = performance.now();
    await this.dependencies.decisions.flush();
    // The decision log is buffered; what is left is written here.
    cycle.timings.decisionLog = performance.now() - flushing;
    phases.writes = performance.now() - started;
    // Keys may not contain dots (stored as field names), hence writesAlerts rather than writes.alerts.
    for (const [name, ms] of Object.entries(cycle.timings)) phases[`writes${name[0]!.toUpperCase()}${name.slice(1)}`] = ms;
    return {
      counts: { obligors: batch.size, warned, changing: outcomes.length, ...cycle.counts, unknownOrgUnits: rules.unknownUnits.size },
      phases: roundAll(phases),
    };
  }

  /**
   * Every obligor's warning.obligor facts as of the day (obligor-facts-batch.ts, the one builder).
   * `loanFilter` narrows the book to a caller's share (the impact preview of a branch user).
   */
  async facts(
    asOf: string,
    inputs: ObligorInputs & {
      loanFilter?: Record<string, unknown>;
      /** Told the pages read so far (the impact preview's progress); see factsSize for the total. */
      onPage?: (pagesRead: number) => void;
      /** Stops the read between pages (the preview's client went away). */
      signal?: AbortSignal;
      /**
       * What to do with the facts snapshot of the whole book (facts-snapshot.ts): `read` takes it when it is of the book
       * and settings of now (the preview), `write` stores the facts built (the daily run). Ignored for a share of the book.
       */
      snapshot?: 'read' | 'write';
      /** Hears a snapshot that could not be written (the run goes on: the preview then builds the facts from the pages). */
      logger?: Logger;
    } = {},
  ): Promise<ObligorFactsBatch> {
    inputs.signal?.throwIfAborted();
    const scoped = inputs.loanFilter !== undefined && Object.keys(inputs.loanFilter).length > 0;
    const snapshots = !scoped && !inputs.book && !inputs.ratings && inputs.snapshot ? this.dependencies.factsSnapshots : undefined;
    const version = snapshots ? await this.factsVersion() : undefined;
    if (snapshots && version && inputs.snapshot === 'read') {
      const stored = await snapshots.read(asOf, version);
      if (stored) return stored;
    }
    const batch = await this.buildFacts(asOf, inputs, scoped);
    // Stored only when the book did not change while it was read, so the snapshot is exactly the facts of its version.
    if (snapshots && version && inputs.snapshot === 'write') {
      const after = await this.factsVersion();
      if (after?.generation === version.generation && after.settings === version.settings)
        await snapshots.write(batch, version).catch((error: unknown) => inputs.logger?.warn({ err: error, asOf }, 'could not store the facts snapshot'));
    }
    return batch;
  }

  /** The version of the inputs of the facts: the book pages' settled generation and the builder's settings. */
  private async factsVersion(): Promise<FactsVersion | undefined> {
    const generation = await this.dependencies.bookPages.settledGeneration();
    if (generation === undefined) return undefined;
    const { metricSettings, internetChannels, settings } = this.dependencies;
    return { generation, settings: JSON.stringify({ metricSettings, internetChannels, gradeScale: settings.gradeScale }) };
  }

  private async buildFacts(
    asOf: string,
    inputs: ObligorInputs & { loanFilter?: Record<string, unknown>; onPage?: (pagesRead: number) => void; signal?: AbortSignal },
    scoped: boolean,
  ): Promise<ObligorFactsBatch> {
    const day = dayFromDate(asOf);
    const { internetChannels, metricSettings } = this.dependencies;
    const book = inputs.book ?? (scoped ? (await loadLoanBook(this.dependencies.portfolio, inputs.loanFilter)).book : undefined);
    if (book) {
      const ratings = inputs.ratings ?? (await this.loadRatingsOf(new Set(book.obligorIds)));
      return this.accumulate(day, book).finish(ratings, { gradeScale: this.dependencies.settings.gradeScale });
    }
    // The whole book: the pages carry the ratings too (by obligor), so one pass over them gives every input of the facts.
    const { sums, ratings } = await readBook(
      this.dependencies.bookPages,
      this.dependencies.portfolio,
      () => {
        const sums = new ObligorFactsAccumulator(day, metricSettings, internetChannels);
        const ratings = new Map<string, RatingInput[]>();
        return {
          add: (page) => {
            sums.add(page.book);
            if (!inputs.ratings) addPageRatings(ratings, page.ratings);
          },
          finish: () => ({ sums, ratings }),
        };
      },
      undefined,
      (pagesRead) => {
        inputs.signal?.throwIfAborted();
        inputs.onPage?.(pagesRead);
      },
    );
    return sums.finish(inputs.ratings ?? ratings, { gradeScale: this.dependencies.settings.gradeScale });
  }

  /**
   * The facts as of several days from one read of the book (the backtest's month-ends): the same builder as facts(), one
   * accumulator per day fed page by page, so the pages are decoded once for all the days. No snapshot is read or written.
   */
  async factsOnDays(
    days: readonly string[],
    inputs: { loanFilter?: Record<string, unknown>; onPage?: (pagesRead: number) => void; signal?: AbortSignal; timing?: ReadTiming } = {},
  ): Promise<ObligorFactsBatch[]> {
    inputs.signal?.throwIfAborted();
    const { internetChannels, metricSettings, settings } = this.dependencies;
    const gradeScale = { gradeScale: settings.gradeScale };
    if (inputs.loanFilter !== undefined && Object.keys(inputs.loanFilter).length > 0) {
      const { book } = await loadLoanBook(this.dependencies.portfolio, inputs.loanFilter);
      const ratings = await this.loadRatingsOf(new Set(book.obligorIds));
      inputs.onPage?.(1);
      return days.map((day) => this.accumulate(dayFromDate(day), book).finish(ratings, gradeScale));
    }
    const { sums, ratings } = await readBook(
      this.dependencies.bookPages,
      this.dependencies.portfolio,
      () => {
        const sums = days.map((day) => new ObligorFactsAccumulator(dayFromDate(day), metricSettings, internetChannels));
        // One replay of each loan forward through the days (addToAll needs them ascending).
        const ascending = [...sums].sort((a, b) => a.day - b.day);
        const ratings = new Map<string, RatingInput[]>();
        return {
          add: (page) => {
            ObligorFactsAccumulator.addToAll(page.book, ascending);
            addPageRatings(ratings, page.ratings);
          },
          finish: () => ({ sums, ratings }),
        };
      },
      inputs.timing,
      (pagesRead) => {
        inputs.signal?.throwIfAborted();
        inputs.onPage?.(pagesRead);
      },
    );
    return sums.map((sum) => sum.finish(ratings, gradeScale));
  }

  /** How many book pages facts() reads for `loanFilter` (one when the book is narrowed: it is read at once), for its progress. */
  async factsSize(loanFilter: Record<string, unknown> = {}): Promise<number> {
    if (Object.keys(loanFilter).length > 0) return 1;
    return (await this.dependencies.bookPages.current())?.pages ?? 0;
  }

  /**
   * What the daily run decides for the subjects (all, or the indexes in `only`): each evaluated
   * with its unit's effective rule set (`ruleSets`, by default the published ones) and assessed
   * against the open alerts by the planner (monitoring-plan.ts). Nothing is written; `onSubject`
   * sees every evaluation.
   */
  async decide(
    batch: ObligorFactsBatch,
    context: {
      logger: Logger;
      ruleSets?: UnitRuleSets;
      only?: readonly number[];
      onSubject?: (subject: MonitoredSubject, events: readonly DecisionEvent[]) => void;
      /** Told the subjects decided so far, at the start and after each chunk (the impact preview's progress). */
      progress?: (done: number, total: number) => void;
      /** Checked after each chunk: the preview stops when its client went away. */
      signal?: AbortSignal;
      /**
       * The open alerts to plan against, when the caller has them or needs none (the preview's published pass only reads
       * levels); read from the open-alert index when absent.
       */
      open?: readonly OpenAlertEntry[];
      /** The daily run: rebuilds the index when it is missing or not current (runs never overlap; other readers leave it). */
      repair?: boolean;
      /** The running champion/challenger tests (the daily run only): an obligor in a test is decided by its arm's version. */
      challenges?: RunChallenges;
      /** False: only `onSubject` hears the decisions, nothing is planned (the preview's published pass reads levels only). */
      plan?: boolean;
    },
  ): Promise<{ outcomes: SubjectOutcome<OpenAlertEntry>[]; warned: number; rules: RunRules; openAlertsReadMs: number }> {
    const openBySubject = new Map<string, OpenAlertEntry[]>();
    const reading = performance.now();
    const open = context.open ?? (await this.dependencies.alerts.index.read({ repair: context.repair === true })).entries;
    const openAlertsReadMs = performance.now() - reading;
    for (const alert of open) {
      const list = openBySubject.get(alert.subjectKey);
      if (list) list.push(alert);
      else openBySubject.set(alert.subjectKey, [alert]);
    }
    const rules = new RunRules(context.ruleSets ?? this.dependencies.ruleSets, this.dependencies.evaluator, context.logger);
    const runners = new Map<string, PreparedRunner>();
    const outcomes: SubjectOutcome<OpenAlertEntry>[] = [];
    let warned = 0;
    const count = context.only ? context.only.length : batch.size;
    const watched = context.progress !== undefined || context.signal !== undefined;
    context.progress?.(0, count);
    for (let position = 0; position < count; position++) {
      if (watched && position > 0 && position % DECIDE_CHUNK === 0) {
        // Let the connection's events in (a closed client, the progress line's write) between chunks.
        await new Promise((resolve) => setImmediate(resolve));
        context.signal?.throwIfAborted();
        context.progress?.(position, count);
      }
      const index = context.only ? context.only[position]! : position;
      const { subjectKey, obligorId, orgUnit, segment } = batch.subject(index);
      // Grants may be limited to products or channels, so the rule set is per unit and business.
      const runnerKey = `${orgUnit}|${segment.product}|${segment.channel}`;
      let runner = runners.get(runnerKey);
      if (!runner) {
        runner = await rules.forUnit('warning.obligor', orgUnit, { product: segment.product, channel: segment.channel });
        runners.set(runnerKey, runner);
      }
      const facts = batch.facts(index);
      const subject: MonitoredSubject = {
        target: 'obligor',
        subjectKey,
        obligorId,
        segment: null,
        orgUnit,
        customerTier: segment.customerTier,
        channel: segment.channel,
        product: segment.product,
        internetBusiness: facts.internetBusiness === true,
        facts,
      };
      const deciding = (context.challenges ?? NO_CHALLENGES).warning({ ...subject, obligorId }, facts, runner, {
        product: segment.product,
        channel: segment.channel,
      });
      // Awaited only when it is a promise: an await per subject costs a microtask each, over a whole book.
      const decided = deciding instanceof Promise ? await deciding : deciding;
      const { events } = decided;
      context.onSubject?.(subject, events);
      if (events.length > 0) warned++;
      if (context.plan === false) continue;
      const openAlerts = openBySubject.get(subjectKey);
      if (events.length === 0 && !openAlerts) continue;
      const warning = { decisionId: randomUUID(), prepared: decided.prepared, events, ...(decided.challenge ? { challenge: decided.challenge } : {}) };
      const outcome = assessSubject(subject, warning, openAlerts ?? [], batch.asOf);
      if (outcome) outcomes.push(outcome);
    }
    context.progress?.(count, count);
    return { outcomes, warned, rules, openAlertsReadMs };
  }

  /**
   * The outcomes planned again on the whole alerts of their subjects (measures, revision as stored), read by `_id`: the
   * writer needs them, and only the subjects that change are read. An alert that moved since the index was written (a
   * queue action moved its revision) is planned on what is stored now.
   */
  private async withWholeAlerts(outcomes: readonly SubjectOutcome<OpenAlertEntry>[], asOf: string): Promise<SubjectOutcome[]> {
    const records = await this.dependencies.alerts.findMany(outcomes.flatMap((outcome) => outcome.open.map((alert) => alert._id)));
    const byId = new Map(records.filter((alert) => alert.status === 'open').map((alert) => [alert._id, alert]));
    return outcomes.flatMap((outcome) => {
      const open = outcome.open.flatMap((alert) => byId.get(alert._id) ?? []);
      return assessSubject(outcome.subject, outcome.warning, open, asOf) ?? [];
    });
  }

  private accumulate(day: number, book: LoanBook): ObligorFactsAccumulator {
    const sums = new ObligorFactsAccumulator(day, this.dependencies.metricSettings, this.dependencies.internetChannels);
    sums.add(book);
    return sums;
  }

  /**
   * One obligor's facts as the daily run builds them, from the loans `loanFilter` allows (a caller's
   * share of the book): one entry per line of business, none when the obligor has no loan there.
   */
  async obligorFacts(obligorId: string, asOf: string, loanFilter: Record<string, unknown> = {}): Promise<{ subject: ObligorSubject; facts: Facts }[]> {
    const batch = await this.facts(asOf, { loanFilter: { ...loanFilter, obligorId }, ratings: await this.loadRatings({ obligorId }) });
    return Array.from({ length: batch.size }, (_, index) => ({ subject: batch.subject(index), facts: batch.facts(index) }));
  }

  /** The ratings of these obligors (a share of the book read from its records), by the indexed obligorId, a thousand at a time. */
  private async loadRatingsOf(obligorIds: ReadonlySet<string>): Promise<Map<string, RatingInput[]>> {
    const ids = [...obligorIds];
    const ratings = new Map<string, RatingInput[]>();
    for (let start = 0; start < ids.length; start += 1000)
      for (const [obligorId, list] of await this.loadRatings({ obligorId: { $in: ids.slice(start, start + 1000) } })) ratings.set(obligorId, list);
    return ratings;
  }

  /** Ratings (every one, or those `filter` selects), grouped by obligor. */
  private async loadRatings(filter: Record<string, unknown> = {}): Promise<Map<string, RatingInput[]>> {
    const ratings = new Map<string, RatingInput[]>();
    for await (const rating of this.dependencies.portfolio.ratings(filter)) {
      const input: RatingInput = { ratedDay: dayFromDate(rating.ratedAt), score: rating.score, grade: rating.grade, baseline: rating.baseline };
      const list = ratings.get(rating.obligorId);
      if (list) list.push(input);
      else ratings.set(rating.obligorId, [input]);
    }
    return ratings;
  }
}

export function roundAll(figures: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(figures).map(([name, value]) => [name, Math.round(value)]));
}
