import { dayFromDate } from '../../ground/calendar';
import { NEVER, LoanBookBuilder, type LoanBook } from '../../metrics/loan-book';
import type { PremiumInput } from '../../metrics/portfolio-month';
import { centsFromYuan } from '../../ground/money';
import type { SyntheticRecord } from './synthetic-portfolio';

const cents = (yuan: unknown) => centsFromYuan(yuan as number) ?? 0;

/** Builds the columnar book straight from generated records, skipping the database (benchmarks, tests). */
export function bookFromRecords(records: Iterable<SyntheticRecord>): { book: LoanBook; premiums: PremiumInput[] } {
  const builder = new LoanBookBuilder();
  const premiums: { loanId?: string; input: PremiumInput }[] = [];
  for (const record of records) {
    switch (record.kind) {
      case 'loans': {
        const installments = record.installments as { seq: number; dueDate: string; principal: number; interest: number }[];
        builder.addLoan({
          loanId: record.loanId as string,
          obligorId: record.obligorId as string,
          policyId: record.policyId as string,
          orgUnit: record.orgUnit as string,
          product: record.product as string,
          channel: record.channel as string,
          customerTier: record.customerTier as string,
          principalCents: cents(record.principal),
          disbursedDay: dayFromDate(record.disbursedAt as string),
          retentionShare: record.retentionShare as number,
          installments: installments.map((installment) => ({
            seq: installment.seq,
            dueDay: dayFromDate(installment.dueDate),
            principalCents: cents(installment.principal),
            interestCents: cents(installment.interest),
          })),
        });
        break;
      }
      case 'repayments': {
        const allocation = record.allocation as { seq: number; principal: number; interest: number }[] | undefined;
        const override = allocation
          ? { allocation: allocation.map((part) => ({ seq: part.seq, principalCents: cents(part.principal), interestCents: cents(part.interest) })) }
          : record.allocationOrder === 'principal-first'
            ? { order: 'principal-first' as const }
            : undefined;
        builder.addRepayment(record.loanId as string, dayFromDate(record.paidAt as string), cents(record.amount), override);
        break;
      }
      case 'claims':
        builder.addClaim(
          record.loanId as string,
          dayFromDate(record.paidAt as string),
          record.approvedAt ? dayFromDate(record.approvedAt as string) : undefined,
          cents(record.amount),
        );
        break;
      case 'recoveries':
        builder.addRecovery(record.loanId as string, dayFromDate(record.receivedAt as string), cents(record.amount));
        break;
      case 'premiums':
        premiums.push({
          loanId: record.loanId as string | undefined,
          input: {
            loan: -1,
            orgUnit: record.orgUnit as string,
            dueDay: dayFromDate(record.dueDate as string),
            amountCents: cents(record.amount),
            receivedCents: cents(record.receivedAmount ?? 0),
            receivedDay: record.receivedAt ? dayFromDate(record.receivedAt as string) : NEVER,
          },
        });
        break;
    }
  }
  const book = builder.build();
  return { book, premiums: premiums.map(({ loanId, input }) => ({ ...input, loan: loanId ? (builder.indexOf(loanId) ?? -1) : -1 })) };
}
