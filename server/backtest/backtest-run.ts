import type { Facts } from '../engine/evaluate';
import type { RuleSetEvaluator } from '../engine/evaluator';
import { referencedFacts } from '../engine/missing-facts';
import type { BacktestMeasures, BacktestResult, BacktestVersionResult } from '../generated/schema-types';
import { dayFromDate, monthIndexOfDay } from '../ground/calendar';
import type { Progress } from '../http/progress-stream';
import { worstLevel } from '../impact/impact.table';
import type { Logger } from '../logger';
import { emptyTiming, type ReadTiming } from '../metrics/book-stream';
import { RunRules, type UnitRuleSets } from '../monitoring/effective-rule-sets';
import type { ObligorFactsBatch } from '../monitoring/obligor-facts-batch';
import type { ObligorMonitoringService } from '../monitoring/obligor-monitoring.service';
import { BacktestGrid, leadTimeBands, SubjectState, type VersionMeasures } from './backtest-grid';
import { quarterOf } from './backtest-window';
import { reachedOutcome, type OutcomeMeasures, type WarningLevel } from './outcome-measures';

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
  const rules = versions.map((unitRuleSets) => new RunRules(unitRuleSets.ruleSets, inputs.evaluator, inputs.logger));
  const missing = versions.map(() => new Map<string, number>());
  const evaluations = versions.map(() => 0);
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
        timing,
        onPage: (done) => inputs.progress({ phase: 'facts', done: monthsDone * pages + done * months.length, total: allEnds.length * pages }),
      },
    );
    phases.read(timing, performance.now() - factsStarted);
    for (const [position, batch] of batches.entries()) {
      const evaluationStarted = performance.now();
      await addMonth(grid, months[position]!, batch, { rules, missing, evaluations, windowMonths: monthEnds.length });
      phases.evaluationMs += performance.now() - evaluationStarted;
      monthsDone++;
      inputs.progress({ phase: 'evaluation', done: monthsDone, total: allEnds.length });
    }
    perPass = Math.max(1, Math.floor(SUBJECT_DAYS_PER_PASS / Math.max(1, batches[0]?.size ?? 1)));
  }
  inputs.progress({ phase: 'measures', done: 0, total: 1 });
  const measuresStarted = performance.now();
  const measured = grid.measure();
  const results = measured.versions.map((measures, index) => versionResult(versions[index]!, measures, missing[index]!, evaluations[index]!));
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
  rules: RunRules[];
  missing: Map<string, number>[];
  evaluations: number[];
  windowMonths: number;
}

async function addMonth(grid: BacktestGrid, month: number, batch: ObligorFactsBatch, context: MonthContext): Promise<void> {
  grid.beginMonth(month, batch.size);
  const evaluated = month < context.windowMonths;
  const asOfMonth = monthIndexOfDay(dayFromDate(batch.asOf));
  const referenced = new Map<string, string[]>();
  for (let index = 0; index < batch.size; index++) {
    const subject = batch.subject(index);
    const facts = batch.facts(index);
    const state =
      reachedOutcome(facts as { dpd?: number; claimed?: boolean }) !== null
        ? SubjectState.Bad
        : facts.bucket === 'settled'
          ? SubjectState.Settled
          : SubjectState.Open;
    grid.subject(month, index, subject.subjectKey, state, () => ({
      customerTier: subject.segment.customerTier,
      channel: subject.segment.channel,
      // The oldest loan's disbursement quarter: months on book count whole calendar months back from the month-end.
      vintage: quarterOf(asOfMonth - Number(facts.monthsOnBook ?? 0)),
      orgUnit: subject.orgUnit,
    }));
    if (!evaluated || state !== SubjectState.Open) continue;
    for (const [version, rules] of context.rules.entries()) {
      const runner = await rules.forUnit('warning.obligor', subject.orgUnit, { product: subject.segment.product, channel: subject.segment.channel });
      const events = await runner.run(facts);
      const level = worstLevel(events);
      grid.level(month, version, index, level === 'none' ? null : (level as WarningLevel));
      context.evaluations[version]!++;
      countMissing(context.missing[version]!, factsOf(referenced, runner.prepared), facts);
    }
  }
}

/** The facts a prepared rule set references, looked up once per version and hash. */
function factsOf(
  cache: Map<string, string[]>,
  prepared: { key: string; version: number; hash: string; rules: Parameters<typeof referencedFacts>[0] },
): string[] {
  const cacheKey = `${prepared.version}|${prepared.hash}`;
  let names = cache.get(cacheKey);
  if (!names) cache.set(cacheKey, (names = referencedFacts(prepared.rules)));
  return names;
}

function countMissing(counts: Map<string, number>, names: readonly string[], facts: Facts): void {
  for (const name of names) if (facts[name] === undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
}

function versionResult(
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

function difference(version: BacktestMeasures, against: BacktestMeasures): NonNullable<BacktestResult['difference']> {
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

function monthEndOf(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  return new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);
}
