import type { AgencyKind } from '../../generated/schema-types';

/**
 * The scorecard's arithmetic (Art. 22(2): compliance, complaints, recovery efficiency, cooperation;
 * Art. 11: compliance is a key measure). Pure: the service reads the inputs, this turns them into
 * components and an overall score. A component the platform cannot measure is `unknown` with a
 * null score and is left out of the weighted mean: never counted as 0.
 */
export interface ScorecardInputs {
  compliance: { activities: number; findings: number; highSeverityFindings: number; gateChecks: number; gateBlocks: number };
  /**
   * Complaints about the agency received in the month per thousand cases placed with it in the month
   * (docs/vendors.md): unknown without the complaints reader, or with no case placed.
   */
  complaints: { known: false } | { known: true; complaints: number; cases: number };
  /** Placed cases by stage: the placed balance and what was recovered on it; none placed is unknown. */
  recovery: { stages: { stage: string; placedBalance: number; recovered: number; cases?: number }[] };
  /** Entered by HQ for the month; null when not entered. */
  cooperation: { averageResponseHours: number | null; dataCompleteness: number | null; rating: number | null };
}

export type ComponentName = 'compliance' | 'complaints' | 'recovery' | 'cooperation';
type Status = 'known' | 'unknown';

export interface ScorecardComponents {
  compliance: {
    status: Status;
    score: number | null;
    findingsPerThousandActivities: number | null;
    gateBlocksPerThousandChecks: number | null;
    highSeverityFindings: number;
  };
  complaints: { status: Status; score: number | null; complaintsPerThousandCases: number | null; complaints: number | null; placedCases: number | null };
  recovery: {
    status: Status;
    score: number | null;
    recoveryRate: number | null;
    byStage: { stage: string; placedBalance: number; recovered: number; recoveryRate: number | null }[];
  };
  cooperation: { status: Status; score: number | null; averageResponseHours: number | null; dataCompleteness: number | null; rating: number | null };
  score: number | null;
  /** The components that were unknown (left out of the score, absent from the facts). */
  missing: ComponentName[];
}

/** The weights of the overall score: compliance first (Art. 11); the mean is over the components known. */
export const WEIGHTS: Record<ComponentName, number> = { compliance: 0.4, complaints: 0.1, recovery: 0.3, cooperation: 0.2 };
/** Points taken from 100 per finding per thousand activities, and per gate block per thousand checks. */
export const FINDING_POINTS = 5;
export const BLOCK_POINTS = 0.5;
/** Response within a day scores 100, five days or more 0, linear between. */
export const RESPONSE_FULL_HOURS = 24;
export const RESPONSE_ZERO_HOURS = 120;

const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;
const clamp = (value: number) => Math.min(100, Math.max(0, value));
const perThousand = (count: number, base: number) => (base > 0 ? round((count * 1000) / base, 2) : null);

export function scorecardComponents(inputs: ScorecardInputs): ScorecardComponents {
  const { activities, findings, highSeverityFindings, gateChecks, gateBlocks } = inputs.compliance;
  const findingsRate = perThousand(findings, activities);
  const blocksRate = perThousand(gateBlocks, gateChecks);
  const complianceKnown = findingsRate !== null || blocksRate !== null;
  const compliance = {
    status: complianceKnown ? ('known' as const) : ('unknown' as const),
    score: complianceKnown ? round(clamp(100 - FINDING_POINTS * (findingsRate ?? 0) - BLOCK_POINTS * (blocksRate ?? 0))) : null,
    findingsPerThousandActivities: findingsRate,
    gateBlocksPerThousandChecks: blocksRate,
    highSeverityFindings,
  };

  const complaintsRate = inputs.complaints.known ? perThousand(inputs.complaints.complaints, inputs.complaints.cases) : null;
  const complaints = {
    status: complaintsRate === null ? ('unknown' as const) : ('known' as const),
    score: complaintsRate === null ? null : round(clamp(100 - FINDING_POINTS * complaintsRate)),
    complaintsPerThousandCases: complaintsRate,
    complaints: inputs.complaints.known ? inputs.complaints.complaints : null,
    placedCases: inputs.complaints.known ? inputs.complaints.cases : null,
  };

  const placed = inputs.recovery.stages.reduce((sum, stage) => sum + stage.placedBalance, 0);
  const recovered = inputs.recovery.stages.reduce((sum, stage) => sum + stage.recovered, 0);
  const recoveryRate = placed > 0 ? round(recovered / placed, 4) : null;
  const recovery = {
    status: recoveryRate === null ? ('unknown' as const) : ('known' as const),
    score: recoveryRate === null ? null : round(clamp(recoveryRate * 100)),
    recoveryRate,
    byStage: inputs.recovery.stages.map(({ cases: _cases, ...stage }) => ({
      ...stage,
      recoveryRate: stage.placedBalance > 0 ? round(stage.recovered / stage.placedBalance, 4) : null,
    })),
  };

  const { averageResponseHours, dataCompleteness, rating } = inputs.cooperation;
  const parts: number[] = [];
  if (averageResponseHours !== null)
    parts.push(clamp(100 * ((RESPONSE_ZERO_HOURS - Math.max(averageResponseHours, RESPONSE_FULL_HOURS)) / (RESPONSE_ZERO_HOURS - RESPONSE_FULL_HOURS))));
  if (dataCompleteness !== null) parts.push(clamp(dataCompleteness * 100));
  if (rating !== null) parts.push(clamp(rating));
  const cooperation = {
    status: parts.length > 0 ? ('known' as const) : ('unknown' as const),
    score: parts.length > 0 ? round(parts.reduce((sum, part) => sum + part, 0) / parts.length) : null,
    averageResponseHours,
    dataCompleteness,
    rating,
  };

  const components = { compliance, complaints, recovery, cooperation };
  const names = Object.keys(WEIGHTS) as ComponentName[];
  const known = names.filter((name) => components[name].score !== null);
  const weight = known.reduce((sum, name) => sum + WEIGHTS[name], 0);
  const score = known.length > 0 ? round(known.reduce((sum, name) => sum + WEIGHTS[name] * components[name].score!, 0) / weight) : null;
  return { ...components, score, missing: names.filter((name) => components[name].score === null) };
}

export interface KindRank {
  /** 1 = best; null when the agency has no score. */
  rank: number | null;
  /** Admitted agencies of the kind assessed this month (with or without a score). */
  activeOfKind: number;
  worst: boolean;
}

/** Ranks the admitted agencies of each kind by score, best first, ties by agency id; an agency without a score is counted but not ranked. */
export function rankWithinKinds(agencies: readonly { agencyId: string; kind: AgencyKind; score: number | null }[]): Map<string, KindRank> {
  const ranks = new Map<string, KindRank>();
  const kinds = new Set(agencies.map((agency) => agency.kind));
  for (const kind of kinds) {
    const ofKind = agencies.filter((agency) => agency.kind === kind);
    const scored = ofKind
      .filter((agency) => agency.score !== null)
      .sort((a, b) => b.score! - a.score! || (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));
    scored.forEach((agency, index) => ranks.set(agency.agencyId, { rank: index + 1, activeOfKind: ofKind.length, worst: index === scored.length - 1 }));
    for (const agency of ofKind) if (agency.score === null) ranks.set(agency.agencyId, { rank: null, activeOfKind: ofKind.length, worst: false });
  }
  return ranks;
}
