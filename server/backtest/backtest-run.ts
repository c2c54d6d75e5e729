import type { RuleSetEvaluator } from '../engine/evaluator';
import type { BacktestMeasures, BacktestResult, BacktestVersionResult } from '../generated/schema-types';
import { dayFromDate, monthIndexOfDay } from '../ground/calendar';
import type { Progress } from '../http/progress-stream';
import type { Logger } from '../logger';
import { emptyTiming, type ReadTiming } from '../metrics/book-stream';
import { RunRules, type UnitRuleSets } from '../monitoring/effective-rule-sets';
import type { ObligorFactsBatch, SubjectBrief } from '../monitoring/obligor-facts-batch';
import type { ObligorMonitoringService } from '../monitoring/obligor-monitoring.service';
import { BacktestEvaluation } from './backtest-evaluation';
import { BacktestGrid, leadTimeBands, SubjectState, type VersionMeasures } from './backtest-grid';
import { quarterOf } from './backtest-window';
import { reachedOutcome, type OutcomeMeasures } from './outcome-measures';

/** Subject-month-ends held in memory per read of the book: the facts of this many fit in well under a gigabyte. */
const SUBJECT_DAYS_PER_PASS = 4_000_000;

export interface BacktestRunInputs {
  monitoring: Pick<ObligorMonitoringService, 'factsOnDays' | 'factsSize'>;
  evaluator: RuleSetEvaluator;
  logger: Logger;
  /** Each version as every unit would evaluate it once published (its overlays applied): the tested one first. */
  versions: { key: string; version: number; hash: string; ruleSets: UnitRuleSets }[];
  monthEnds: readonly string[];
  outcomeMonths: number;
  loanFilter?: Record<string, unknown>;
  progress: (progress: Progress) => void;
  /** Aborted by a cancel: the run stops at its next page or month-end. */
  signal?: AbortSignal;
}

/**
 * One backtest: the facts at every month-end of the window and of the outcome window after it, from the builder the daily
 * run uses (several month-ends per read of the book pages), each window month-end evaluated by every version with the
 * compiled rule set of the subject's unit, and the outcomes read from the later month-ends' facts (reachedOutcome).
 */
export async function runBacktest(inputs: BacktestRunInputs): Promise<BacktestResult> {
  const started = performance.now();
  const { monthEnds, outcomeMonths, versions } = inputs;
  const lastMonth = monthIndexOfDay(dayFromDate(monthEnds[monthEnds.length - 1]!));
  const outcomeEnds = Array.from({ length: outcomeMonths }, (_, offset) => monthEndOf(lastMonth + offset + 1));
  const allEnds = [...monthEnds, ...outcomeEnds];
  const grid = new BacktestGrid(allEnds.map(dayFromDate), monthEnds.length, versions.length, outcomeMonths);
  const evaluation = new BacktestEvaluation(
    versions.map((unitRuleSets) => new RunRules(unitRuleSets.ruleSets, inputs.evaluator, inputs.logger)),
    inputs.evaluator,
  );
  const pages = await inputs.monitoring.factsSize(inputs.loanFilter ?? {});

  // The last month-end first, alone: its subjects (the most of any month-end) size the passes over the rest.
  const phases = new PhaseClock();
  let remaining = allEnds.map((_, month) => month).reverse();
  let perPass = 1;
  let monthsDone = 0;
  while (remaining.length > 0) {
    const months = remaining.slice(0, perPass).sort((a, b) => a - b);
    remaining = remaining.slice(perPass);
    const timing = emptyTiming();
    const factsStarted = performance.now();
    const batches = await inputs.monitoring.factsOnDays(
      months.map((month) => allEnds[month]!),
      {
        loanFilter: inputs.loanFilter,
        signal: inputs.signal,
        timing,
        onPage: (done) => inputs.progress({ phase: 'facts', done: monthsDone * pages + done * months.length, total: allEnds.length * pages }),
      },
    );
    phases.read(timing, performance.now() - factsStarted);
    for (const [position, batch] of batches.entries()) {
      inputs.signal?.throwIfAborted();
      const evaluationStarted = performance.now();
      await addMonth(grid, months[position]!, batch, { evaluation, windowMonths: monthEnds.length, versions: versions.length });
      phases.evaluationMs += performance.now() - evaluationStarted;
      monthsDone++;
      inputs.progress({ phase: 'evaluation', done: monthsDone, total: allEnds.length });
    }
    perPass = Math.max(1, Math.floor(SUBJECT_DAYS_PER_PASS / Math.max(1, batches[0]?.size ?? 1)));
  }
  inputs.signal?.throwIfAborted();
  inputs.progress({ phase: 'measures', done: 0, total: 1 });
  const measuresStarted = performance.now();
  const measured = grid.measure();
  const results = measured.versions.map((measures, index) =>
    versionResult(versions[index]!, measures, evaluation.missing[index]!, evaluation.evaluations[index]!),
  );
  const [version, against] = [results[0]!, results[1] ?? null];
  phases.measuresMs += performance.now() - measuresStarted;
  inputs.progress({ phase: 'measures', done: 1, total: 1 });
  return {
    subjects: measured.subjects,
    observations: measured.observations,
    excluded: measured.excluded,
    version,
    against,
    difference: against ? difference(version.overall, against.overall) : null,
    durationMs: Math.round(performance.now() - started),
    phases: phases.rounded(),
  };
}

/** Where a run's time goes (the bench prints it): the database, the facts, the evaluation, the measures. */
class PhaseClock {
  private readMs = 0;
  private decodeMs = 0;
  private accumulateMs = 0;
  private factsMs = 0;
  evaluationMs = 0;
  measuresMs = 0;
  private bookReads = 0;

  /** One read of the book: its wait, decode and add-up times, and the rest of it (building each month-end's facts). */
  read(timing: ReadTiming, totalMs: number): void {
    this.bookReads++;
    this.readMs += timing.waitMs;
    this.decodeMs += timing.decodeMs;
    this.accumulateMs += timing.computeMs;
    this.factsMs += Math.max(0, totalMs - timing.waitMs - timing.decodeMs - timing.computeMs);
  }

  rounded(): NonNullable<BacktestResult['phases']> {
    const ms = (value: number) => Math.round(value);
    return {
      readMs: ms(this.readMs),
      decodeMs: ms(this.decodeMs),
      accumulateMs: ms(this.accumulateMs),
      factsMs: ms(this.factsMs),
      evaluationMs: ms(this.evaluationMs),
      measuresMs: ms(this.measuresMs),
      bookReads: this.bookReads,
    };
  }
}

interface MonthContext {
  evaluation: BacktestEvaluation;
  windowMonths: number;
  versions: number;
}

/**
 * One month-end into the grid: every subject's outcome state (from its brief, no facts built), and at a window month-end
 * each open subject's facts evaluated by the versions (the rules they share once).
 */
async function addMonth(grid: BacktestGrid, month: number, batch: ObligorFactsBatch, context: MonthContext): Promise<void> {
  grid.beginMonth(month, batch.size);
  const evaluated = month < context.windowMonths;
  const asOfMonth = monthIndexOfDay(dayFromDate(batch.asOf));
  const ranks = new Int8Array(context.versions);
  const brief = batch.brief ? (index: number) => batch.brief!(index) : (index: number) => briefOf(batch, index);
  for (let index = 0; index < batch.size; index++) {
    const { subjectKey, dpd, bucket, monthsOnBook } = brief(index);
    const state =
      reachedOutcome({ dpd, claimed: bucket === 'claimed' }) !== null ? SubjectState.Bad : bucket === 'settled' ? SubjectState.Settled : SubjectState.Open;
    grid.subject(month, index, subjectKey, state, () => {
      const { segment, orgUnit } = batch.subject(index);
      // The oldest loan's disbursement quarter: months on book count whole calendar months back from the month-end.
      return { customerTier: segment.customerTier, channel: segment.channel, vintage: quarterOf(asOfMonth - monthsOnBook), orgUnit };
    });
    if (!evaluated || state !== SubjectState.Open) continue;
    const subject = batch.subject(index);
    const business = { product: subject.segment.product, channel: subject.segment.channel };
    const runners = context.evaluation.cached(subject.orgUnit, business) ?? (await context.evaluation.resolve(subject.orgUnit, business));
    const pending = context.evaluation.levels(runners, batch.facts(index), ranks);
    if (pending) await pending;
    for (let version = 0; version < context.versions; version++) grid.rank(month, version, index, ranks[version]!);
  }
}

/** The brief of a batch that has none (built from its facts). */
function briefOf(batch: ObligorFactsBatch, index: number): SubjectBrief {
  const facts = batch.facts(index) as { dpd?: number; bucket?: string; monthsOnBook?: number };
  return { subjectKey: batch.subject(index).subjectKey, dpd: facts.dpd ?? 0, bucket: facts.bucket ?? 'settled', monthsOnBook: Number(facts.monthsOnBook ?? 0) };
}

export function versionResult(
  identity: { key: string; version: number; hash: string },
  measures: VersionMeasures,
  missing: Map<string, number>,
  evaluations: number,
): BacktestVersionResult {
  return {
    key: identity.key,
    version: identity.version,
    hash: identity.hash,
    evaluations,
    overall: stored(measures.overall),
    segments: measures.segments.map((segment) => ({ dimension: segment.dimension, value: segment.value, measures: stored(segment.measures) })),
    missingFacts: [...missing.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([fact, count]) => ({ fact, evaluations: count })),
  };
}

/** What is stored of the measures: the lead times as bands (a million of them would not fit a document). */
function stored(measures: OutcomeMeasures): BacktestMeasures {
  const { leadDays, ...rest } = measures;
  return { ...rest, leadTime: leadTimeBands(leadDays) };
}

const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export function difference(version: BacktestMeasures, against: BacktestMeasures): NonNullable<BacktestResult['difference']> {
  return {
    levels: version.levels.map((level, index) => {
      const other = against.levels[index]!;
      return {
        level: level.level,
        flaggedAtOrAbove: level.flaggedAtOrAbove - other.flaggedAtOrAbove,
        precision: minus(level.precision, other.precision),
        recall: minus(level.recall, other.recall),
        lift: minus(level.lift, other.lift),
      };
    }),
    ks: minus(version.ks, against.ks),
    auc: minus(version.auc, against.auc),
  };
}

export function monthEndOf(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  return new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);
}
