/**
 * What the scorecard needs from placements (built by another item of issue 19): the balance placed
 * with an agency by stage and what was recovered on it in the month. Until placements land the empty
 * reader answers none, and the recovery component is unknown (never 0).
 */
export interface PlacedCases {
  /** `cases`: the distinct cases placed in the month at that stage (the complaints component's base). */
  byStage(agencyId: string, month: string): Promise<{ stage: string; placedBalance: number; recovered: number; cases?: number }[]>;
}

export const NO_PLACEMENTS: PlacedCases = { byStage: () => Promise.resolve([]) };
