import { responsibleOrgUnit } from '../authority/responsibility';
import { dayFromDate } from '../ground/calendar';
import { readBook } from '../metrics/book-stream';
import type { LoanBook } from '../metrics/loan-book';
import { LoanCursor } from '../metrics/loan-state';
import type { MetricSettings } from '../metrics/metric-settings';
import type { BookPages } from '../portfolio/book-pages';
import type { ClaimDocument, PolicyDocument, RecoveryDocument } from '../portfolio/portfolio.model';
import type { PortfolioStore } from '../portfolio/portfolio.store';

/** A loan as the bureau items name it: its policy, its (pseudonymous) obligor and its answerable unit. */
export interface LoanOwner {
  policyId: string;
  obligorId: string;
  orgUnit: string;
}

/** A loan overdue at the month-end, in the book's own figures (the metric module's loan state, not recomputed here). */
export interface OverdueAtMonthEnd extends LoanOwner {
  loanId: string;
  daysPastDue: number;
  overdueAmountCents: number;
}

export interface BureauSources {
  claims: ClaimDocument[];
  recoveries: RecoveryDocument[];
  owners: Map<string, LoanOwner>;
  overdue: OverdueAtMonthEnd[];
  policies: Map<string, PolicyDocument>;
}

export interface BureauSourceDependencies {
  portfolio: PortfolioStore;
  bookPages: BookPages;
  metricSettings: MetricSettings;
  internetChannels: readonly string[];
}

/**
 * What the bureau items derive from, as of a day: the claim records approved or paid by then (imported, or written by
 * the claim workflow on approval and payment), the recoveries received by then, and the loans overdue at the
 * month-end (one pass over the book pages, keeping only the loans it needs), with their policies.
 */
/** Without `monthEnd`, the overdue state is not read (the reconciliation needs the owners only). */
export async function readBureauSources(dependencies: BureauSourceDependencies, asOf: string, monthEnd: string | undefined): Promise<BureauSources> {
  const { portfolio } = dependencies;
  const claims: ClaimDocument[] = [];
  for await (const claim of portfolio.claims()) if (claimApprovedOn(claim) !== undefined && claimApprovedOn(claim)! <= asOf) claims.push(claim);
  const recoveries: RecoveryDocument[] = [];
  for await (const recovery of portfolio.recoveries()) if (recovery.receivedAt <= asOf) recoveries.push(recovery);
  const wanted = new Set([...claims.map((claim) => claim.loanId), ...recoveries.map((recovery) => recovery.loanId)]);
  const { owners, overdue } = await readBook(dependencies.bookPages, portfolio, () => {
    const found = { owners: new Map<string, LoanOwner>(), overdue: [] as OverdueAtMonthEnd[] };
    return {
      add: (page) => collectLoans(page.book, dependencies, wanted, monthEnd === undefined ? undefined : dayFromDate(monthEnd), found),
      finish: () => found,
    };
  });
  const policies = await portfolio.policiesById([...new Set([...owners.values(), ...overdue].map((loan) => loan.policyId))]);
  return { claims, recoveries, owners, overdue, policies };
}

/** The day a claim record counts as approved: its approval, else (records from before claims had a status, which were paid) its payment. */
export function claimApprovedOn(claim: Pick<ClaimDocument, 'status' | 'approvedAt' | 'paidAt'>): string | undefined {
  if (claim.status === 'requested' || claim.status === 'rejected') return undefined;
  return claim.approvedAt ?? claim.paidAt;
}

function collectLoans(
  book: LoanBook,
  dependencies: BureauSourceDependencies,
  wanted: ReadonlySet<string>,
  monthEndDay: number | undefined,
  found: { owners: Map<string, LoanOwner>; overdue: OverdueAtMonthEnd[] },
): void {
  const cursor = new LoanCursor(book, dependencies.metricSettings);
  const value = (dimension: 'orgUnit' | 'channel', loan: number) => book.dimensionValues[dimension][book.dimensionCodes[dimension][loan]!]!;
  for (let loan = 0; loan < book.size; loan++) {
    const loanId = book.loanIds[loan]!;
    const owner = (): LoanOwner => ({
      policyId: book.policyIds[loan]!,
      obligorId: book.obligorIds[loan]!,
      orgUnit: responsibleOrgUnit({ orgUnit: value('orgUnit', loan), channel: value('channel', loan) }, dependencies.internetChannels),
    });
    if (wanted.has(loanId)) found.owners.set(loanId, owner());
    if (monthEndDay === undefined || book.disbursedDay[loan]! > monthEndDay) continue;
    cursor.start(loan);
    const state = cursor.advanceTo(monthEndDay);
    // A claimed loan's default is reported by its compensation item from then on, not as overdue.
    if (state.dpd === 0 || state.claimed) continue;
    found.overdue.push({ loanId, ...owner(), daysPastDue: state.dpd, overdueAmountCents: Math.round(state.overdueCents) });
  }
}
