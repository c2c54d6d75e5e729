import { readPageColumns } from '../portfolio/book-page.codec';
import { DIMENSIONS, NEVER, type Dimension, type LoanBook } from './loan-book';
import type { RatingInput } from './obligor-facts';
import type { PremiumInput } from './portfolio-month';

/**
 * Dimension values numbered across all the pages of one read, so segment keys built from the
 * codes of one page's book mean the same in every other page's.
 */
export class SharedDictionaries {
  readonly values = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, [] as string[]])) as Record<Dimension, string[]>;
  private readonly codes = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, new Map<string, number>()])) as Record<Dimension, Map<string, number>>;

  code(dimension: Dimension, value: string): number {
    const codes = this.codes[dimension];
    let code = codes.get(value);
    if (code === undefined) {
      code = this.values[dimension].length;
      this.values[dimension].push(value);
      codes.set(value, code);
    }
    return code;
  }
}

export interface PageBook {
  book: LoanBook;
  /** loan is the position in this page's book, -1 for premiums without a loan here. */
  premiums: PremiumInput[];
  /** The ratings of the obligors whose id hashes to this page (not necessarily those of its loans), as columns. */
  ratings: PageRatings;
}

/** Rating i is of obligorIds[obligor[i]], rated on day[i], with score[i], grades[grade[i]] and baseline[i] (1 or 0). */
export interface PageRatings {
  size: number;
  obligorIds: readonly string[];
  obligor: Int32Array;
  day: Int32Array;
  score: Float64Array;
  grades: readonly string[];
  grade: Int32Array;
  baseline: Int32Array;
}

/** One stored page as a columnar loan book of its own: the page's columns are the book's, no rows are built. */
export function pageBook(data: Buffer, dictionaries: SharedDictionaries): PageBook {
  const { header, columns: c } = readPageColumns(data);
  const size = header.counts.loans;
  const dimensionCodes = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, new Int32Array(size)])) as Record<Dimension, Int32Array>;
  const localCodes = DIMENSIONS.map((dimension) => header.strings.map((value) => dictionaries.code(dimension, value)));
  for (let loan = 0; loan < size; loan++) {
    for (let position = 0; position < DIMENSIONS.length; position++)
      dimensionCodes[DIMENSIONS[position]!][loan] = localCodes[position]![c.loanDimensions[loan * 4 + position]!]!;
  }
  const installmentStart = new Int32Array(size + 1);
  for (let loan = 0; loan < size; loan++) installmentStart[loan + 1] = installmentStart[loan]! + c.loanInstallments[loan]!;

  // Repayments are stored in the order the cursor replays them (loan, day, allocation kind, id).
  const repayments = header.counts.repayments;
  const repaymentStart = new Int32Array(size + 1);
  for (let repayment = 0; repayment < repayments; repayment++) repaymentStart[c.repaymentLoan[repayment]! + 1]!++;
  for (let loan = 0; loan < size; loan++) repaymentStart[loan + 1]! += repaymentStart[loan]!;
  const allocationStart = new Int32Array(repayments + 1);
  const allocationInstallment = new Int32Array(header.counts.parts);
  for (let repayment = 0; repayment < repayments; repayment++) {
    const first = allocationStart[repayment]!;
    allocationStart[repayment + 1] = first + c.repaymentParts[repayment]!;
    const loanFirst = installmentStart[c.repaymentLoan[repayment]!]!;
    for (let part = first; part < allocationStart[repayment + 1]!; part++) {
      const position = c.partInstallment[part]!;
      allocationInstallment[part] = position < 0 ? -1 : loanFirst + position;
    }
  }

  const claims = header.counts.claims;
  const firstClaimPaidDay = new Int32Array(size).fill(NEVER);
  const firstClaimApprovedDay = new Int32Array(size).fill(NEVER);
  for (let claim = 0; claim < claims; claim++) {
    const loan = c.claimLoan[claim]!;
    const paid = c.claimPaidDay[claim]!;
    const approved = c.claimApprovedDay[claim]! < 0 ? paid : Math.min(c.claimApprovedDay[claim]!, paid);
    firstClaimPaidDay[loan] = Math.min(firstClaimPaidDay[loan]!, paid);
    firstClaimApprovedDay[loan] = Math.min(firstClaimApprovedDay[loan]!, approved);
  }

  const book: LoanBook = {
    size,
    loanIds: header.loanIds,
    obligorIds: header.obligorIds,
    policyIds: header.policyIds,
    dimensionValues: dictionaries.values,
    dimensionCodes,
    principal: c.loanPrincipal,
    disbursedDay: c.loanDisbursedDay,
    retentionShare: c.loanRetention,
    installmentStart,
    dueDay: c.installmentDueDay,
    installmentPrincipal: c.installmentPrincipal,
    installmentInterest: c.installmentInterest,
    repaymentStart,
    repaymentDay: c.repaymentDay,
    repaymentAmount: c.repaymentAmount,
    repaymentOrder: Uint8Array.from(c.repaymentOrder),
    allocationStart,
    allocationInstallment,
    allocationPrincipal: c.partPrincipal,
    allocationInterest: c.partInterest,
    firstClaimPaidDay,
    firstClaimApprovedDay,
    claimLoan: c.claimLoan,
    claimPaidDay: c.claimPaidDay,
    claimAmount: c.claimAmount,
    recoveryLoan: c.recoveryLoan,
    recoveryDay: c.recoveryDay,
    recoveryAmount: c.recoveryAmount,
  };
  const premiums: PremiumInput[] = [];
  for (let premium = 0; premium < header.counts.premiums; premium++) {
    premiums.push({
      loan: c.premiumLoan[premium]!,
      orgUnit: header.strings[c.premiumOrgUnit[premium]!]!,
      dueDay: c.premiumDueDay[premium]!,
      amountCents: c.premiumAmount[premium]!,
      receivedCents: c.premiumReceived[premium]!,
      receivedDay: c.premiumReceivedDay[premium]!,
    });
  }
  const ratings: PageRatings = {
    size: header.counts.ratings,
    obligorIds: header.ratingObligorIds,
    obligor: c.ratingObligor,
    day: c.ratingDay,
    score: c.ratingScore,
    grades: header.ratingGrades,
    grade: c.ratingGrade,
    baseline: c.ratingBaseline,
  };
  return { book, premiums, ratings };
}

/** Adds a page's ratings to the ratings by obligor (an obligor's ratings all live on one page, in day order). */
export function addPageRatings(target: Map<string, RatingInput[]>, ratings: PageRatings): void {
  for (let rating = 0; rating < ratings.size; rating++) {
    const obligorId = ratings.obligorIds[ratings.obligor[rating]!]!;
    const input: RatingInput = {
      ratedDay: ratings.day[rating]!,
      score: ratings.score[rating]!,
      grade: ratings.grades[ratings.grade[rating]!]!,
      baseline: ratings.baseline[rating] === 1,
    };
    const list = target.get(obligorId);
    if (list) list.push(input);
    else target.set(obligorId, [input]);
  }
}
