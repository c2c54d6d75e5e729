export interface ScheduledInstallment {
  seq: number;
  dueDay: number;
  principalCents: number;
  interestCents: number;
}

export type ScheduleKind = 'equal-monthly' | 'equal-weekly' | 'bullet' | 'interest-only';

const MS_PER_DAY = 86_400_000;

/** The same day of month n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: number, months: number): number {
  const date = new Date(day * MS_PER_DAY);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) / MS_PER_DAY);
}

/**
 * Integer-cent schedules: equal installments (annuity) monthly or weekly, a single bullet, or
 * interest-only with the principal at the end (SME loans). The last installment absorbs rounding
 * so principals add up to the loan exactly.
 */
export function buildSchedule(kind: ScheduleKind, principalCents: number, annualRate: number, periods: number, disbursedDay: number): ScheduledInstallment[] {
  const weekly = kind === 'equal-weekly';
  const rate = weekly ? annualRate / 52 : annualRate / 12;
  const dueDay = (period: number) => (weekly ? disbursedDay + 7 * period : addMonths(disbursedDay, period));
  if (kind === 'bullet') {
    return [{ seq: 1, dueDay: dueDay(periods), principalCents, interestCents: Math.round(principalCents * rate * periods) }];
  }
  const installments: ScheduledInstallment[] = [];
  let balance = principalCents;
  const payment = rate === 0 ? principalCents / periods : (principalCents * rate) / (1 - Math.pow(1 + rate, -periods));
  for (let period = 1; period <= periods; period++) {
    const interestCents = Math.round(balance * rate);
    const last = period === periods;
    const principalPart =
      kind === 'interest-only' ? (last ? balance : 0) : last ? balance : Math.min(balance, Math.max(0, Math.round(payment - interestCents)));
    balance -= principalPart;
    installments.push({ seq: period, dueDay: dueDay(period), principalCents: principalPart, interestCents });
  }
  return installments;
}
