import { dateFromDay, dayFromDate } from '../../ground/calendar';

/** What became of a promise to pay: open until judged, then kept, partly kept or broken; corrected when a later activity replaced it. */
export type PromiseStatus = 'open' | 'kept' | 'partly-kept' | 'broken' | 'corrected';

export interface PromiseTerms {
  /** The obligor's local day the promise was made on. */
  madeOn: string;
  /** The day the obligor promised to pay by. */
  dueOn: string;
  amountCents: number;
}

export interface PaidRepayment {
  repaymentId: string;
  /** A day (YYYY-MM-DD) or a time; only its day counts. */
  paidAt: string;
  amountCents: number;
}

export interface Judgement {
  status: Exclude<PromiseStatus, 'open' | 'corrected'>;
  paidCents: number;
  repaymentIds: string[];
}

/** The last day a payment keeps the promise: its date plus the grace days. */
export function judgeOnOf(dueOn: string, graceDays: number): string {
  return dateFromDay(dayFromDate(dueOn) + graceDays);
}

/**
 * Judges a promise once its date plus the grace has passed, from the repayments of the case's
 * loans: those paid from the day the promise was made (repayments carry a day, not a time, so a
 * payment later that day counts) up to the deadline add up. Paid in full: kept; some: partly
 * kept; none: broken. Pure: the job reads the repayments and writes the outcome.
 */
export function judgePromise(terms: PromiseTerms, repayments: readonly PaidRepayment[], graceDays: number): Judgement {
  const deadline = judgeOnOf(terms.dueOn, graceDays);
  const counted = repayments
    .filter((repayment) => {
      const day = repayment.paidAt.slice(0, 10);
      return day >= terms.madeOn && day <= deadline;
    })
    .sort((a, b) => (a.paidAt < b.paidAt ? -1 : a.paidAt > b.paidAt ? 1 : a.repaymentId < b.repaymentId ? -1 : 1));
  const paidCents = counted.reduce((sum, repayment) => sum + repayment.amountCents, 0);
  const status = paidCents >= terms.amountCents ? 'kept' : paidCents > 0 ? 'partly-kept' : 'broken';
  return { status, paidCents, repaymentIds: counted.map((repayment) => repayment.repaymentId) };
}
