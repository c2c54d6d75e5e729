import type { Components, LedgerKind, RecoveryImpairment } from '../recovery-case.model';

/**
 * The quarterly look-back's arithmetic (Art. 23 prudence, the quarter's review of recovery work),
 * pure: recovery rates by vintage (quarter of payment), channel, branch and agency, cumulative
 * curves by months since payment, receivable ageing, impairment movement and the quarter's
 * compliance findings on recovery work. Cents in, cents out; rates to four decimals.
 */
export interface LookbackCase {
  caseId: string;
  orgUnit: string;
  channel: string;
  /** The agency the case is placed with, else the handler (`own`, `litigation`). */
  agency: string;
  paidOn: string;
  /** The claim paid (the indemnity): the rate's denominator, as for "recoveries x% of claims". */
  paidCents: number;
}
export interface LookbackEntry {
  caseId: string;
  kind: LedgerKind;
  on: string;
  components: Components;
  unallocatedCents: number;
  impairment: Pick<RecoveryImpairment, 'stage' | 'allowanceCents'> | null;
}
export interface LookbackFinding {
  agencyId: string | null;
  severity: string;
  tags: readonly string[];
  status: string;
}
export interface RateRow {
  key: string;
  cases: number;
  paidCents: number;
  recoveredCents: number;
  recoveredInQuarterCents: number;
  casesWithRecovery: number;
  amountRate: number;
  countRate: number;
}
export interface CurvePoint {
  monthsSincePayment: number;
  cases: number;
  paidCents: number;
  recoveredCents: number;
  rate: number;
}
export interface AgeingRow {
  bucket: string;
  cases: number;
  receivableCents: number;
}
export interface LookbackFigures {
  quarter: string;
  from: string;
  to: string;
  totals: RateRow;
  byVintage: RateRow[];
  byChannel: RateRow[];
  byBranch: RateRow[];
  byAgency: RateRow[];
  curves: { vintage: string; points: CurvePoint[] }[];
  ageing: AgeingRow[];
  impairment: {
    openingAllowanceCents: number;
    closingAllowanceCents: number;
    movementCents: number;
    byStage: { stage: string; cases: number; allowanceCents: number }[];
  };
  findings: { total: number; bySeverity: Count[]; byAgency: Count[]; byTag: Count[]; open: number };
}
type Count = { key: string; count: number };

/** `2026-Q3` → its first and last day; undefined for anything else. */
export function quarterBounds(quarter: string): { from: string; to: string } | undefined {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) return undefined;
  const year = Number(match[1]);
  const first = (Number(match[2]) - 1) * 3;
  const last = new Date(Date.UTC(year, first + 3, 0)).toISOString().slice(0, 10);
  return { from: `${year}-${String(first + 1).padStart(2, '0')}-01`, to: last };
}

/** The quarter a day or month (YYYY-MM[-DD]) falls in. */
export function quarterOf(dayOrMonth: string): string {
  return `${dayOrMonth.slice(0, 4)}-Q${Math.floor((Number(dayOrMonth.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Whole calendar months from the month of `from` to the month of `to` (a recovery in the month of payment is month 0). */
export function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

export const AGEING_BUCKETS = [
  { bucket: '0-3', below: 3 },
  { bucket: '3-6', below: 6 },
  { bucket: '6-12', below: 12 },
  { bucket: '12-24', below: 24 },
  { bucket: '24+', below: Infinity },
] as const;

export function rate(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : Math.round((numerator / denominator) * 10_000) / 10_000;
}

const total = (components: Components) => components.indemnityCents + components.penaltyCents + components.costsCents;

/** What one case's ledger leaves at the quarter's end (and in it). */
interface CaseState {
  recoveredCents: number;
  recoveredInQuarterCents: number;
  recoveredByMonth: Map<number, number>;
  receivableCents: number;
  allowanceAt: { opening: Impairment | null; closing: Impairment | null };
}
type Impairment = { stage: string; allowanceCents: number; on: string };

function stateOf(record: LookbackCase, entries: readonly LookbackEntry[], from: string, to: string): CaseState {
  const state: CaseState = {
    recoveredCents: 0,
    recoveredInQuarterCents: 0,
    recoveredByMonth: new Map(),
    receivableCents: 0,
    allowanceAt: { opening: null, closing: null },
  };
  for (const entry of entries) {
    if (entry.on > to) continue;
    const amount = total(entry.components);
    if (entry.kind === 'receivable' || entry.kind === 'due-change') state.receivableCents += amount;
    if (entry.kind === 'write-off') state.receivableCents -= amount;
    if (entry.kind === 'recovery') {
      // An imported amount beyond what was due came back all the same: the rate counts it, the receivable does not.
      const recovered = amount + entry.unallocatedCents;
      state.receivableCents -= amount;
      state.recoveredCents += recovered;
      if (entry.on >= from) state.recoveredInQuarterCents += recovered;
      const month = Math.max(0, monthsBetween(record.paidOn, entry.on));
      state.recoveredByMonth.set(month, (state.recoveredByMonth.get(month) ?? 0) + recovered);
    }
    if (entry.kind === 'impairment' && entry.impairment) {
      const impairment = { stage: entry.impairment.stage, allowanceCents: entry.impairment.allowanceCents, on: entry.on };
      if (entry.on < from && (!state.allowanceAt.opening || entry.on >= state.allowanceAt.opening.on)) state.allowanceAt.opening = impairment;
      if (!state.allowanceAt.closing || entry.on >= state.allowanceAt.closing.on) state.allowanceAt.closing = impairment;
    }
  }
  return state;
}

function rateRows(cases: readonly { record: LookbackCase; state: CaseState }[], keyOf: (record: LookbackCase) => string): RateRow[] {
  const rows = new Map<string, RateRow>();
  for (const { record, state } of cases) {
    const key = keyOf(record);
    const row = rows.get(key) ?? emptyRow(key);
    row.cases += 1;
    row.paidCents += record.paidCents;
    row.recoveredCents += state.recoveredCents;
    row.recoveredInQuarterCents += state.recoveredInQuarterCents;
    if (state.recoveredCents > 0) row.casesWithRecovery += 1;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((row) => ({ ...row, amountRate: rate(row.recoveredCents, row.paidCents), countRate: rate(row.casesWithRecovery, row.cases) }))
    .sort((first, second) => first.key.localeCompare(second.key));
}

function emptyRow(key: string): RateRow {
  return { key, cases: 0, paidCents: 0, recoveredCents: 0, recoveredInQuarterCents: 0, casesWithRecovery: 0, amountRate: 0, countRate: 0 };
}

/**
 * A vintage's cumulative curve: at m months since payment, what the cases that have reached m
 * months by the quarter's end recovered up to m, over what was paid on them (a case paid last
 * month does not dilute month 6).
 */
function curve(cases: readonly { record: LookbackCase; state: CaseState }[], to: string): CurvePoint[] {
  const horizon = Math.max(0, ...cases.map(({ record }) => monthsBetween(record.paidOn, to)));
  const points: CurvePoint[] = [];
  for (let month = 0; month <= horizon; month += 1) {
    const reached = cases.filter(({ record }) => monthsBetween(record.paidOn, to) >= month);
    const paidCents = reached.reduce((sum, { record }) => sum + record.paidCents, 0);
    let recoveredCents = 0;
    for (const { state } of reached) for (const [at, amount] of state.recoveredByMonth) if (at <= month) recoveredCents += amount;
    points.push({ monthsSincePayment: month, cases: reached.length, paidCents, recoveredCents, rate: rate(recoveredCents, paidCents) });
  }
  return points;
}

function counts(keys: readonly string[]): Count[] {
  const map = new Map<string, number>();
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
  return [...map].map(([key, count]) => ({ key, count })).sort((first, second) => first.key.localeCompare(second.key));
}

/** The look-back of a quarter over the cases paid by its end, their ledger entries and the quarter's findings on recovery work. */
export function lookbackFigures(
  quarter: string,
  cases: readonly LookbackCase[],
  entries: readonly LookbackEntry[],
  findings: readonly LookbackFinding[],
): LookbackFigures {
  const bounds = quarterBounds(quarter);
  if (!bounds) throw new Error(`Not a quarter: ${quarter}`);
  const { from, to } = bounds;
  const byCase = new Map<string, LookbackEntry[]>();
  for (const entry of entries) byCase.set(entry.caseId, [...(byCase.get(entry.caseId) ?? []), entry]);
  const worked = cases.filter((record) => record.paidOn <= to).map((record) => ({ record, state: stateOf(record, byCase.get(record.caseId) ?? [], from, to) }));
  const vintages = rateRows(worked, (record) => quarterOf(record.paidOn));
  const ageing = AGEING_BUCKETS.map(({ bucket }) => ({ bucket, cases: 0, receivableCents: 0 }));
  for (const { record, state } of worked) {
    if (state.receivableCents <= 0) continue;
    const age = monthsBetween(record.paidOn, to);
    const row = ageing[AGEING_BUCKETS.findIndex(({ below }) => age < below)]!;
    row.cases += 1;
    row.receivableCents += state.receivableCents;
  }
  const stages = new Map<string, { stage: string; cases: number; allowanceCents: number }>();
  let openingAllowanceCents = 0;
  let closingAllowanceCents = 0;
  for (const { state } of worked) {
    openingAllowanceCents += state.allowanceAt.opening?.allowanceCents ?? 0;
    const closing = state.allowanceAt.closing;
    if (!closing) continue;
    closingAllowanceCents += closing.allowanceCents;
    const stage = stages.get(closing.stage) ?? { stage: closing.stage, cases: 0, allowanceCents: 0 };
    stage.cases += 1;
    stage.allowanceCents += closing.allowanceCents;
    stages.set(closing.stage, stage);
  }
  return {
    quarter,
    from,
    to,
    totals: rateRows(worked, () => 'all')[0] ?? { ...emptyRow('all') },
    byVintage: vintages,
    byChannel: rateRows(worked, (record) => record.channel),
    byBranch: rateRows(worked, (record) => record.orgUnit),
    byAgency: rateRows(worked, (record) => record.agency),
    curves: vintages.map(({ key }) => ({
      vintage: key,
      points: curve(
        worked.filter(({ record }) => quarterOf(record.paidOn) === key),
        to,
      ),
    })),
    ageing,
    impairment: {
      openingAllowanceCents,
      closingAllowanceCents,
      movementCents: closingAllowanceCents - openingAllowanceCents,
      byStage: [...stages.values()].sort((first, second) => first.stage.localeCompare(second.stage)),
    },
    findings: {
      total: findings.length,
      open: findings.filter((finding) => finding.status === 'open').length,
      bySeverity: counts(findings.map((finding) => finding.severity)),
      byAgency: counts(findings.map((finding) => finding.agencyId ?? 'own')),
      byTag: counts(findings.flatMap((finding) => finding.tags)),
    },
  };
}
