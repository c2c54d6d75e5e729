import type { DecisionEvent } from '../../engine/evaluate';

export type ImpairmentStage = 'stage-1' | 'stage-2' | 'stage-3';

export interface ImpairmentReading {
  stage: ImpairmentStage;
  /** The share of the outstanding receivable (due minus recovered) still expected, 0-1. */
  expectedRecoveryShare: number;
}

const STAGE_ORDER: Record<ImpairmentStage, number> = { 'stage-1': 1, 'stage-2': 2, 'stage-3': 3 };

/**
 * Reads a recovery.impairment decision. Several rules may fire (an aged case is both stage 2 and
 * stage 3): Art. 23's prudence keeps the highest stage and, within it, the lowest expected share.
 * Pure; null when no impairment event fired.
 */
export function readImpairment(events: readonly DecisionEvent[]): ImpairmentReading | null {
  let chosen: ImpairmentReading | null = null;
  for (const event of events) {
    if (event.type !== 'impairment' || !event.params) continue;
    const stage = event.params.stage as ImpairmentStage;
    const share = Number(event.params.expectedRecoveryShare);
    if (!(stage in STAGE_ORDER) || !Number.isFinite(share)) continue;
    const reading = { stage, expectedRecoveryShare: share };
    if (!chosen || STAGE_ORDER[stage] > STAGE_ORDER[chosen.stage] || (stage === chosen.stage && share < chosen.expectedRecoveryShare)) chosen = reading;
  }
  return chosen;
}

/**
 * The carrying amount of an outstanding receivable at the expected share: rounded down to the cent
 * (never overstating, Art. 23), never negative and never above the outstanding amount.
 */
export function carryingCents(outstandingCents: number, expectedRecoveryShare: number): number {
  const share = Math.min(1, Math.max(0, expectedRecoveryShare));
  // The epsilon keeps binary fractions from losing a cent (0.29 x 100 is 28.999... in floating point).
  return Math.max(0, Math.floor(Math.max(0, outstandingCents) * share + 1e-6));
}
