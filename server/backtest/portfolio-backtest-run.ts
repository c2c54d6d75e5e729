import type { RuleSetEvaluator } from '../engine/evaluator';
import type { BacktestResult, PortfolioFacts } from '../generated/schema-types';
import { dayFromDate, monthIndexFromText } from '../ground/calendar';
import type { Progress } from '../http/progress-stream';
import type { Logger } from '../logger';
import type { BookScope } from '../metrics/metric.service';
import type { GroupDimension } from '../metrics/segments';
import { business, RunRules, type UnitRuleSets } from '../monitoring/effective-rule-sets';
import { PORTFOLIO_GROUPINGS, segmentSubjects } from '../monitoring/portfolio-monitoring.service';
import { BacktestEvaluation } from './backtest-evaluation';
import { BacktestGrid, SubjectState } from './backtest-grid';
import { difference, monthEndOf, versionResult } from './backtest-run';
import { quarterOf } from './backtest-window';

export interface PortfolioBacktestInputs {
  metrics: { portfolioFacts(month: string, groupBy: GroupDimension[], scope?: BookScope): Promise<PortfolioFacts> };
  evaluator: RuleSetEvaluator;
  logger: Logger;
  internetChannels: readonly string[];
  /** Each warning.portfolio version as every unit would evaluate it once published: the tested one first. */
  versions: { key: string; version: number; hash: string; ruleSets: UnitRuleSets }[];
  monthEnds: readonly string[];
  outcomeMonths: number;
  scope?: BookScope;
  progress: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** A segment's M3 share: M3 principal over remaining principal; null with nothing outstanding. */
function m3Share(metrics: { m3Principal?: number | null; remainingPrincipal?: number | null }): number | null {
  const remaining = metrics.remainingPrincipal ?? 0;
  return remaining > 0 ? (metrics.m3Principal ?? 0) / remaining : null;
}

/**
 * The backtest of portfolio warnings (Art. 7: thresholds per customer tier, channel and vintage): each segment of the
 * monitoring's grouping (org unit x customer tier x channel x vintage) at each window month-end, its month's figures
 * evaluated by the versions as the month-end run would, against the segment's outcome: its M3 share (M3 principal over
 * remaining principal) above the book's at one of the next `outcomeMonths` month-ends. A segment already above the book's
 * at the month-end is left out (already bad), as is one with nothing outstanding. Measured by the grid, with the same
 * tallies as measureOutcomes, so the obligor and portfolio backtests measure alike.
 */
export async function runPortfolioBacktest(inputs: PortfolioBacktestInputs): Promise<BacktestResult> {
  const started = performance.now();
  const { monthEnds, outcomeMonths, versions } = inputs;
  const lastMonth = monthIndexFromText(monthEnds[monthEnds.length - 1]!.slice(0, 7));
  const allEnds = [...monthEnds, ...Array.from({ length: outcomeMonths }, (_, offset) => monthEndOf(lastMonth + offset + 1))];
  const grid = new BacktestGrid(allEnds.map(dayFromDate), monthEnds.length, versions.length, outcomeMonths);
  const evaluation = new BacktestEvaluation(
    versions.map((entry) => new RunRules(entry.ruleSets, inputs.evaluator, inputs.logger)),
    inputs.evaluator,
    'warning.portfolio',
  );
  const ranks = new Int8Array(versions.length);
  let factsMs = 0;
  let evaluationMs = 0;
  for (const [position, monthEnd] of allEnds.entries()) {
    inputs.signal?.throwIfAborted();
    const month = monthEnd.slice(0, 7);
    let mark = performance.now();
    const facts = await inputs.metrics.portfolioFacts(month, PORTFOLIO_GROUPINGS[0]!, inputs.scope);
    factsMs += performance.now() - mark;
    mark = performance.now();
    const subjects = segmentSubjects(month, facts, inputs.internetChannels);
    const totals = facts.segments.reduce(
      (sum, { metrics }) => ({
        m3Principal: sum.m3Principal + (metrics.m3Principal ?? 0),
        remainingPrincipal: sum.remainingPrincipal + (metrics.remainingPrincipal ?? 0),
      }),
      { m3Principal: 0, remainingPrincipal: 0 },
    );
    const bookShare = m3Share(totals) ?? 0;
    grid.beginMonth(position, subjects.length);
    for (const [index, subject] of subjects.entries()) {
      const share = m3Share(facts.segments[index]!.metrics);
      const state = share === null ? SubjectState.Settled : share > bookShare ? SubjectState.Bad : SubjectState.Open;
      grid.subject(position, index, subject.subjectKey, state, () => ({
        customerTier: subject.customerTier ?? '',
        channel: subject.channel ?? '',
        vintage: subject.segment?.vintage ? quarterOf(monthIndexFromText(subject.segment.vintage)) : '',
        orgUnit: subject.orgUnit,
      }));
      if (position >= monthEnds.length || state !== SubjectState.Open) continue;
      const unitBusiness = business(subject);
      const runners = evaluation.cached(subject.orgUnit, unitBusiness) ?? (await evaluation.resolve(subject.orgUnit, unitBusiness));
      const pending = evaluation.levels(runners, subject.facts, ranks);
      if (pending) await pending;
      for (let version = 0; version < versions.length; version++) grid.rank(position, version, index, ranks[version]!);
    }
    evaluationMs += performance.now() - mark;
    inputs.progress({ phase: 'evaluation', done: position + 1, total: allEnds.length });
  }
  inputs.progress({ phase: 'measures', done: 0, total: 1 });
  const mark = performance.now();
  const measured = grid.measure();
  const results = measured.versions.map((measures, index) =>
    versionResult(versions[index]!, measures, evaluation.missing[index]!, evaluation.evaluations[index]!),
  );
  const [version, against] = [results[0]!, results[1] ?? null];
  const measuresMs = performance.now() - mark;
  inputs.progress({ phase: 'measures', done: 1, total: 1 });
  const ms = Math.round;
  return {
    subjects: measured.subjects,
    observations: measured.observations,
    excluded: measured.excluded,
    version,
    against,
    difference: against ? difference(version.overall, against.overall) : null,
    durationMs: ms(performance.now() - started),
    // The month's figures come from the metric module (its stored month snapshots, or a pass over the book pages).
    phases: { readMs: 0, decodeMs: 0, accumulateMs: 0, factsMs: ms(factsMs), evaluationMs: ms(evaluationMs), measuresMs: ms(measuresMs), bookReads: 0 },
  };
}
