import type { Facts } from '../../engine/evaluate';
import type { PromiseStatus } from './promise-judgement';

/** What a case keeps of its judged promises: the collection.assignment facts brokenPromises, promiseStatus and the rest. */
export interface CasePromiseCounts {
  kept: number;
  partlyKept: number;
  broken: number;
  lastStatus: 'none' | 'kept' | 'partly-kept' | 'broken';
  lastJudgedOn: string | null;
}

const NONE: CasePromiseCounts = { kept: 0, partlyKept: 0, broken: 0, lastStatus: 'none', lastJudgedOn: null };

/** The case's counts after one more judged promise. */
export function countJudged(counts: CasePromiseCounts | undefined, status: Exclude<PromiseStatus, 'open' | 'corrected'>, judgedOn: string): CasePromiseCounts {
  const before = counts ?? NONE;
  return {
    kept: before.kept + (status === 'kept' ? 1 : 0),
    partlyKept: before.partlyKept + (status === 'partly-kept' ? 1 : 0),
    broken: before.broken + (status === 'broken' ? 1 : 0),
    lastStatus: status,
    lastJudgedOn: judgedOn,
  };
}

/** collection.assignment's promise facts of a case (none judged yet: zero and `none`, so a rule reading them is decided). */
export function promiseFacts(counts: CasePromiseCounts | undefined): Facts {
  const current = counts ?? NONE;
  return { promiseStatus: current.lastStatus, brokenPromises: current.broken, partlyKeptPromises: current.partlyKept, keptPromises: current.kept };
}
