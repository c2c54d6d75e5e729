import { lineOfBusiness } from '../../authority/responsibility';

export interface ObligorLoan {
  loanId: string;
  policyId: string;
  funderId?: string;
  channel: string;
}

export interface CaseLine {
  _id: string;
  funderLine: string;
  line: 'internet' | 'branch';
  status: 'open' | 'closed';
}

/** The case line a loan belongs to: its funderId, else its policy's funder, else the policy; and its line of business (Art. 9). */
export function loanLine(
  loan: ObligorLoan,
  funders: ReadonlyMap<string, string>,
  internetChannels: readonly string[],
): { funderLine: string; line: 'internet' | 'branch' } {
  return { funderLine: loan.funderId ?? funders.get(loan.policyId) ?? loan.policyId, line: lineOfBusiness(loan.channel, internetChannels) };
}

/**
 * Which case a promise is judged against and whose repayments count: the case of the promise's
 * loan when the activity named one (the loan's funder line: its funderId, else its policy's
 * funder, else the policy; and its line of business, Art. 9), else the obligor's one open case.
 * An obligor with several open cases and a promise naming no loan cannot be placed on one line:
 * every loan of the obligor counts and no case moves (caseId null).
 */
export function placePromise(
  promise: { loanId: string | null },
  loans: readonly ObligorLoan[],
  cases: readonly CaseLine[],
  funders: ReadonlyMap<string, string>,
  internetChannels: readonly string[],
): { caseId: string | null; loanIds: string[] } {
  const lineOf = (loan: ObligorLoan) => loanLine(loan, funders, internetChannels);
  const named = promise.loanId ? loans.find((loan) => loan.loanId === promise.loanId) : undefined;
  const place = named
    ? lineOf(named)
    : (() => {
        const open = cases.filter((item) => item.status === 'open');
        return open.length === 1 ? { funderLine: open[0]!.funderLine, line: open[0]!.line } : undefined;
      })();
  if (!place) return { caseId: null, loanIds: loans.map((loan) => loan.loanId) };
  const found = cases.find((item) => item.funderLine === place.funderLine && item.line === place.line);
  const loanIds = loans
    .filter((loan) => {
      const line = lineOf(loan);
      return line.funderLine === place.funderLine && line.line === place.line;
    })
    .map((loan) => loan.loanId);
  return { caseId: found?._id ?? null, loanIds };
}
