import type { DecisionEvent } from '../engine/evaluate';
import type { PreparedRuleSet } from '../engine/prepare';
import type { JobOutcome } from '../jobs/job-definition';
import type { Logger } from '../logger';
import { readBook } from '../metrics/book-stream';
import { dayFromDate } from '../metrics/calendar';
import type { LoanBook } from '../metrics/loan-book';
import type { MetricSettings } from '../metrics/metric-settings';
import type { RatingInput } from '../metrics/obligor-facts';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { AlertRecord } from './alert.model';
import type { RuleRunner, UnitRuleSets } from './effective-rule-sets';
import { RunRules } from './effective-rule-sets';
import { MonitoringCycle, type CycleDependencies, type SubjectOutcome } from './monitoring-cycle';
import { ObligorFactsAccumulator } from './obligor-facts-batch';
import type { BookPages } from '../portfolio/book-pages';
import type { RuleSetEvaluator } from '../engine/evaluator';

export interface ObligorMonitoringDependencies extends Omit<CycleDependencies, 'rules' | 'logger'> {
  portfolio: PortfolioStore;
  bookPages: BookPages;
  metricSettings: MetricSettings;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  internetChannels: readonly string[];
}

/** What the daily run reads; the benchmark can hand over a book built in memory instead of the stored pages. */
export interface ObligorInputs {
  book?: LoanBook;
  ratings?: ReadonlyMap<string, readonly RatingInput[]>;
}

/**
 * Daily obligor monitoring (Art. 7-9): every obligor's facts as of the day, warning.obligor of
 * the unit answerable for the obligor, alerts raised, moved and closed, dispositions and tasks
 * (see MonitoringCycle). Evaluation runs the compiled rule function in a plain loop; only the
 * obligors whose alerts change, or whose measures are due for review, are written.
 */
export class ObligorMonitoringService {
  constructor(private readonly dependencies: ObligorMonitoringDependencies) {}

  async run(asOf: string, context: { actor: string; logger: Logger; progress?: (counts: Record<string, number>) => void; inputs?: ObligorInputs; planOnly?: boolean; completeInterrupted?: boolean }): Promise<JobOutcome> {
    const phases: Record<string, number> = {};
    let started = performance.now();
    const settings = this.dependencies.settings;
    const day = dayFromDate(asOf);
    const [accumulator, ratings] = await Promise.all([
      context.inputs?.book ? this.accumulate(day, context.inputs.book) : readBook(this.dependencies.bookPages, this.dependencies.portfolio, () => {
        const sums = new ObligorFactsAccumulator(day, this.dependencies.metricSettings);
        return { add: (page) => sums.add(page.book), finish: () => sums };
      }),
      context.inputs?.ratings ?? this.loadRatings(),
    ]);
    const batch = accumulator.finish(ratings, { gradeScale: settings.gradeScale, internetChannels: this.dependencies.internetChannels });
    const openByObligor = new Map<string, AlertRecord[]>();
    for (const alert of await this.dependencies.alerts.openAlerts('obligor')) {
      const list = openByObligor.get(alert.obligorId!);
      if (list) list.push(alert);
      else openByObligor.set(alert.obligorId!, [alert]);
    }
    phases.facts = performance.now() - started;

    started = performance.now();
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator, context.logger);
    const cycle = new MonitoringCycle({ ...this.dependencies, rules, logger: context.logger }, asOf, context.actor);
    const runners = new Map<string, { prepared: PreparedRuleSet; run: RuleRunner }>();
    const outcomes: SubjectOutcome[] = [];
    let warned = 0;
    for (let index = 0; index < batch.size; index++) {
      const unit = batch.responsibleOrgUnit(index);
      const segment = batch.segment(index);
      // Grants may be limited to products or channels, so the rule set is per unit and business.
      const runnerKey = `${unit}|${segment.product}|${segment.channel}`;
      let runner = runners.get(runnerKey);
      if (!runner) {
        runner = await rules.forUnit('warning.obligor', unit, { product: segment.product, channel: segment.channel });
        runners.set(runnerKey, runner);
      }
      const facts = batch.facts(index);
      const result = runner.run(facts);
      const events: DecisionEvent[] = Array.isArray(result) ? result : await result;
      const open = openByObligor.get(batch.obligorIds[index]!);
      if (events.length > 0) warned++;
      if (events.length === 0 && !open) continue;
      const outcome = cycle.assess(
        { target: 'obligor', subjectKey: batch.obligorIds[index]!, obligorId: batch.obligorIds[index]!, segment: null, orgUnit: unit, customerTier: segment.customerTier, channel: segment.channel, product: segment.product, facts },
        runner.prepared,
        events,
        open ?? [],
      );
      if (outcome) outcomes.push(outcome);
    }
    phases.evaluation = performance.now() - started;
    context.progress?.({ obligors: batch.size, warned, changing: outcomes.length });
    // The benchmark's dry run: what would change, without writing it.
    if (context.planOnly) return { counts: { obligors: batch.size, warned, changing: outcomes.length, signals: outcomes.reduce((sum, outcome) => sum + outcome.transitions.length, 0) }, phases: roundAll(phases) };

    started = performance.now();
    if (context.completeInterrupted) await cycle.completeInterrupted([...openByObligor.values()].flat());
    await cycle.commit(outcomes);
    const flushing = performance.now();
    await this.dependencies.decisions.flush();
    // The decision log is buffered; what is left is written here.
    cycle.timings.decisionLog = performance.now() - flushing;
    phases.writes = performance.now() - started;
    // Keys may not contain dots (stored as field names), hence writesAlerts rather than writes.alerts.
    for (const [name, ms] of Object.entries(cycle.timings)) phases[`writes${name[0]!.toUpperCase()}${name.slice(1)}`] = ms;
    return { counts: { obligors: batch.size, warned, changing: outcomes.length, ...cycle.counts, unknownOrgUnits: rules.unknownUnits.size }, phases: roundAll(phases) };
  }

  private accumulate(day: number, book: LoanBook): ObligorFactsAccumulator {
    const sums = new ObligorFactsAccumulator(day, this.dependencies.metricSettings);
    sums.add(book);
    return sums;
  }

  /** Every rating, grouped by obligor: one pass over the collection instead of a query per obligor. */
  private async loadRatings(): Promise<Map<string, RatingInput[]>> {
    const ratings = new Map<string, RatingInput[]>();
    const cursor = this.dependencies.portfolio.models.Rating.find({}, { _id: 0, obligorId: 1, ratedAt: 1, score: 1, grade: 1, baseline: 1 }).lean<{ obligorId: string; ratedAt: string; score: number; grade: string; baseline?: boolean }>().cursor({ batchSize: 5_000 });
    for await (const rating of cursor) {
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
