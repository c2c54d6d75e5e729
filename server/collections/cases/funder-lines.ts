import type { LoanBook } from '../../metrics/loan-book';

/**
 * The funder line of a loan (资金方业务线): the funderId the import carries, else the loan's
 * policy (a policy insures one funder, so its loans are one line). `funders` maps the policies
 * of loans that name a funder to it (PortfolioStore.policyFunders); the book itself holds policies only.
 */
export function funderLineOf(funders: ReadonlyMap<string, string>): (book: LoanBook, loan: number) => string {
  return (book, loan) => {
    const policyId = book.policyIds[loan]!;
    return funders.get(policyId) ?? policyId;
  };
}
