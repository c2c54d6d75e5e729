import type { CollectionCaseStore } from '../../collections/cases/collection-case.store';
import { loanLine, type ObligorLoan } from '../../collections/promises/promise-lines';
import { dateOfMoment } from '../../ground/calendar';
import type { PortfolioStore } from '../../portfolio/portfolio.store';
import { outstanding, sum } from '../../recovery/ledger-arithmetic';
import type { RecoveryCaseStore } from '../../recovery/recovery-case.store';
import type { PlacedCases } from '../scorecards/placed-cases';
import type { PlacementStore } from './placement.store';

export interface PlacedCasesDependencies {
  placements: PlacementStore;
  cases: CollectionCaseStore;
  portfolio: PortfolioStore;
  internetChannels: readonly string[];
  /** Recovery cases placed with recovery agencies (Arts 19-21): their bookings count as the agency's recoveries. */
  recoveryCases?: RecoveryCaseStore;
}

/**
 * The scorecard's recovery inputs from the placements: for an agency and a month, every placement
 * open at any time in the month (placed before its end, not recalled before its start), grouped by
 * the case's stage. The placement does not keep the stage or the balance it was placed at, so both
 * are the case's as it stands now: its stage and the overdue amount of its last change (yuan).
 * Recovered is what the case's loans (the obligor's loans of the case's funder line and line of
 * business, as the promise judgement finds them) repaid on the days the placement was open within
 * the month, placement and recall days included (repayments carry a day, not a time).
 * Reads: placements by agency, cases by id, loans by obligor, repayments by loan: all indexed.
 */
export function placedCasesReader(dependencies: PlacedCasesDependencies): PlacedCases {
  return {
    async byStage(agencyId, month) {
      const first = `${month}-01`;
      const last = `${month}-31`;
      const placements = (await dependencies.placements.ofAgency(agencyId)).filter(
        (placement) => dateOfMoment(placement.placedAt) <= last && (placement.recalledAt === null || dateOfMoment(placement.recalledAt) >= first),
      );
      if (placements.length === 0) return [];
      const cases = new Map(
        (await dependencies.cases.byIds([...new Set(placements.map((placement) => placement.caseId))])).map((record) => [record._id, record]),
      );
      const stages = new Map<string, { stage: string; placedBalance: number; recovered: number; cases: number }>();
      const counted = new Set<string>();
      for (const placement of placements) {
        if (placement.caseKind === 'recovery') {
          await addRecoveryCase(dependencies, stages, counted, placement, first, last);
          continue;
        }
        const kase = cases.get(placement.caseId);
        if (!kase) continue;
        const from = maxDay(dateOfMoment(placement.placedAt), first);
        const to = placement.recalledAt === null ? last : minDay(dateOfMoment(placement.recalledAt), last);
        const paid = await repaidOn(dependencies, kase, from, to);
        const stage = stages.get(kase.stage) ?? { stage: kase.stage, placedBalance: 0, recovered: 0, cases: 0 };
        // A case placed twice in the month (recalled and placed again) counts its balance once.
        if (!counted.has(kase._id)) {
          stage.placedBalance += Number(kase.facts.overdueAmount ?? 0);
          stage.cases += 1;
        }
        counted.add(kase._id);
        stage.recovered += paid;
        stages.set(kase.stage, stage);
      }
      return [...stages.values()].map((stage) => ({ ...stage, recovered: Math.round(stage.recovered * 100) / 100 }));
    },
  };
}

/**
 * A recovery case placed in the month, under the stage `recovery`: its balance is the receivable as
 * it stands now (due − recovered − written off) plus what it recovered while placed, its recovered what its ledger booked (recoveries by
 * any component, imported or by the API) on the days the placement was open within the month.
 */
async function addRecoveryCase(
  dependencies: PlacedCasesDependencies,
  stages: Map<string, { stage: string; placedBalance: number; recovered: number }>,
  counted: Set<string>,
  placement: { caseId: string; placedAt: Date; recalledAt: Date | null },
  first: string,
  last: string,
): Promise<void> {
  const record = dependencies.recoveryCases && (await dependencies.recoveryCases.find(placement.caseId));
  if (!record) return;
  const from = maxDay(dateOfMoment(placement.placedAt), first);
  const to = placement.recalledAt === null ? last : minDay(dateOfMoment(placement.recalledAt), last);
  let cents = 0;
  for (const entry of await dependencies.recoveryCases!.ledgerOf(record._id))
    if (entry.kind === 'recovery' && entry.on >= from && entry.on <= to) cents += sum(entry.components) + entry.unallocatedCents;
  const stage = stages.get('recovery') ?? { stage: 'recovery', placedBalance: 0, recovered: 0 };
  // The balance it was placed at, as near as the case tells: what is outstanding now plus what came back while placed.
  if (!counted.has(record._id)) stage.placedBalance += (sum(outstanding(record.due, record.recovered, record.writtenOff)) + cents) / 100;
  counted.add(record._id);
  stage.recovered += cents / 100;
  stages.set('recovery', stage);
}

/** What the case's loans repaid between two days (inclusive), in yuan. */
async function repaidOn(
  dependencies: PlacedCasesDependencies,
  kase: { obligorId: string; funderLine: string; line: 'internet' | 'branch' },
  from: string,
  to: string,
): Promise<number> {
  const { portfolio, internetChannels } = dependencies;
  const loans: ObligorLoan[] = [];
  for await (const loan of portfolio.loans({ obligorId: kase.obligorId })) loans.push(loan);
  const funders = await portfolio.policyFunders(loans.filter((loan) => !loan.funderId).map((loan) => loan.policyId));
  const loanIds = loans
    .filter((loan) => {
      const line = loanLine(loan, funders, internetChannels);
      return line.funderLine === kase.funderLine && line.line === kase.line;
    })
    .map((loan) => loan.loanId);
  if (loanIds.length === 0) return 0;
  let cents = 0;
  for await (const repayment of portfolio.repayments(loanIds.length === 1 ? { loanId: loanIds[0] } : { loanId: { $in: loanIds } })) {
    const day = repayment.paidAt.slice(0, 10);
    if (day >= from && day <= to) cents += repayment.amountCents;
  }
  return cents / 100;
}

const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);
