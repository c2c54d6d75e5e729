import { BUCKETS, M1, M2, M3 } from './buckets';
import { dateFromDay, monthIndexOfDay, monthText, monthsOnBook } from '../ground/calendar';
import { NEVER, type LoanBook } from './loan-book';
import { emptyLoanState, walkLoan } from './loan-state';
import type { MetricSettings } from './metric-settings';

export interface RatingInput {
  ratedDay: number;
  score: number;
  grade: string;
  baseline?: boolean;
}

/** Amounts in cents; the route converts them to yuan. */
export interface FactFigures {
  loanAmount: number;
  installmentCount: number;
  installmentsPaid: number;
  repaidAmount: number;
  overdueAmount: number;
  dpd: number;
  overdueInstallments: number;
  nextDueDate: string | null;
  remainingPrincipal: number;
  bucket: (typeof BUCKETS)[number];
  claimed: boolean;
  m1Principal: number;
  m2Principal: number;
  m3Principal: number;
  score: number | null;
  grade: string | null;
  baselineScore: number | null;
  baselineGrade: string | null;
  scoreDrop: number | null;
  monthsOnBook: number;
}

export interface LoanFactFigures extends FactFigures {
  policyId: string;
  orgUnit: string;
  product: string;
  channel: string;
  customerTier: string;
  vintage: string;
  disbursedAt: string;
}

export interface ObligorFactFigures {
  facts: FactFigures & { loanCount: number };
  loans: { loanId: string; facts: LoanFactFigures }[];
}

/** The baseline is the rating marked as such, else the first one; the current one is the latest up to the as-of day. */
export function ratingFacts(ratings: readonly RatingInput[], asOfDay: number) {
  const known = ratings.filter((rating) => rating.ratedDay <= asOfDay).sort((a, b) => a.ratedDay - b.ratedDay);
  const baseline = known.find((rating) => rating.baseline) ?? known[0];
  const current = known.at(-1);
  return {
    score: current?.score ?? null,
    grade: current?.grade ?? null,
    baselineScore: baseline?.score ?? null,
    baselineGrade: baseline?.grade ?? null,
    scoreDrop: baseline && current ? baseline.score - current.score : null,
  };
}

/** Facts of one obligor's loans (the book holds only them) as of a day; loans disbursed later are left out. */
export function obligorFacts(book: LoanBook, ratings: readonly RatingInput[], asOfDay: number, settings: MetricSettings): ObligorFactFigures {
  const rating = ratingFacts(ratings, asOfDay);
  const state = emptyLoanState();
  const loans: ObligorFactFigures['loans'] = [];
  for (let loan = 0; loan < book.size; loan++) {
    if (book.disbursedDay[loan]! > asOfDay) continue;
    walkLoan(book, loan, [asOfDay], settings, state, () => undefined);
    const open = state.remainingPrincipalCents;
    loans.push({
      loanId: book.loanIds[loan]!,
      facts: {
        loanAmount: book.principal[loan]!,
        installmentCount: state.installmentCount,
        installmentsPaid: state.installmentsPaid,
        repaidAmount: state.repaidCents,
        overdueAmount: state.overdueCents,
        dpd: state.dpd,
        overdueInstallments: state.overdueInstallments,
        nextDueDate: state.nextDueDay === NEVER ? null : dateFromDay(state.nextDueDay),
        remainingPrincipal: open,
        bucket: BUCKETS[state.bucket]!,
        claimed: state.claimed,
        m1Principal: state.bucket === M1 ? open : 0,
        m2Principal: state.bucket === M2 ? open : 0,
        m3Principal: state.bucket === M3 ? open : 0,
        ...rating,
        monthsOnBook: monthsOnBook(book.disbursedDay[loan]!, asOfDay),
        policyId: book.policyIds[loan]!,
        orgUnit: book.dimensionValues.orgUnit[book.dimensionCodes.orgUnit[loan]!]!,
        product: book.dimensionValues.product[book.dimensionCodes.product[loan]!]!,
        channel: book.dimensionValues.channel[book.dimensionCodes.channel[loan]!]!,
        customerTier: book.dimensionValues.customerTier[book.dimensionCodes.customerTier[loan]!]!,
        vintage: monthText(monthIndexOfDay(book.disbursedDay[loan]!)),
        disbursedAt: dateFromDay(book.disbursedDay[loan]!),
      },
    });
  }
  return {
    facts: aggregate(
      loans.map((loan) => loan.facts),
      rating,
    ),
    loans,
  };
}

/** Sums for amounts and counts; the worst dpd and bucket; the earliest next due date; the oldest loan's months on book. */
function aggregate(loans: readonly FactFigures[], rating: ReturnType<typeof ratingFacts>): ObligorFactFigures['facts'] {
  const sum = (pick: (facts: FactFigures) => number) => loans.reduce((total, facts) => total + pick(facts), 0);
  const dueDates = loans
    .map((facts) => facts.nextDueDate)
    .filter((date): date is string => date !== null)
    .sort();
  const worstBucket = loans.reduce((worst, facts) => Math.max(worst, BUCKETS.indexOf(facts.bucket)), 0);
  return {
    loanCount: loans.length,
    loanAmount: sum((facts) => facts.loanAmount),
    installmentCount: sum((facts) => facts.installmentCount),
    installmentsPaid: sum((facts) => facts.installmentsPaid),
    repaidAmount: sum((facts) => facts.repaidAmount),
    overdueAmount: sum((facts) => facts.overdueAmount),
    dpd: loans.reduce((worst, facts) => Math.max(worst, facts.dpd), 0),
    overdueInstallments: sum((facts) => facts.overdueInstallments),
    nextDueDate: dueDates[0] ?? null,
    remainingPrincipal: sum((facts) => facts.remainingPrincipal),
    bucket: BUCKETS[worstBucket]!,
    claimed: loans.some((facts) => facts.claimed),
    m1Principal: sum((facts) => facts.m1Principal),
    m2Principal: sum((facts) => facts.m2Principal),
    m3Principal: sum((facts) => facts.m3Principal),
    ...rating,
    monthsOnBook: loans.reduce((oldest, facts) => Math.max(oldest, facts.monthsOnBook), 0),
  };
}
