import type { Random } from './random';
import type { ScheduledInstallment } from './schedules';

export interface Payment {
  day: number;
  cents: number;
}

export interface LoanOutcome {
  repayments: Payment[];
  claim?: { approvedDay: number; paidDay: number; cents: number };
  recoveries: Payment[];
  /** The day the obligor stopped paying, if they did (for a rating downgrade). */
  defaultDay?: number;
}

export interface BehaviourProfile {
  /** Chance per installment that a performing obligor stops paying (C -> M1 roll). */
  defaultHazard: number;
  claimPointDays: number;
  observationEndDay: number;
}

const allDueThrough = (schedule: readonly ScheduledInstallment[], from: number, day: number) =>
  schedule
    .slice(from)
    .filter((installment) => installment.dueDay <= day)
    .reduce((sum, installment) => sum + installment.principalCents + installment.interestCents, 0);

/**
 * What the obligor did with the schedule, up to the observation end: mostly on time, some late,
 * partial or prepaid; some default, of whom some cure, some repay just before the claim is
 * approved (the claim is suspended), most are claimed (then recoveries trickle in), and a few are
 * never claimed and drift past 180 days.
 */
export function simulateLoan(
  schedule: readonly ScheduledInstallment[],
  profile: BehaviourProfile,
  random: Random,
  firstDueMonthOnBook: (seq: number) => number,
): LoanOutcome {
  const end = profile.observationEndDay;
  const outcome: LoanOutcome = { repayments: [], recoveries: [] };
  const pay = (day: number, cents: number) => {
    if (day <= end && cents > 0) outcome.repayments.push({ day, cents });
  };
  for (let position = 0; position < schedule.length; position++) {
    const installment = schedule[position]!;
    if (installment.dueDay > end) break;
    const amount = installment.principalCents + installment.interestCents;
    const monthOnBook = firstDueMonthOnBook(installment.seq);
    // Losses start around month 3-4 and concentrate in months 6-12.
    const seasoning = monthOnBook < 3 ? 0.3 : monthOnBook <= 12 ? 1.4 : 0.7;
    const roll = random.next();
    if (roll < profile.defaultHazard * seasoning) {
      outcome.defaultDay = installment.dueDay + 1;
      const path = random.next();
      if (path < 0.3) {
        // Cures: pays the arrears 10-50 days late and carries on.
        const cureDay = installment.dueDay + random.integer(10, 50);
        pay(cureDay, allDueThrough(schedule, position, cureDay));
        while (position + 1 < schedule.length && schedule[position + 1]!.dueDay <= cureDay) position++;
        continue;
      }
      if (path < 0.33) return outcome; // never claimed: drifts past 180 days
      const approvedDay = installment.dueDay + profile.claimPointDays + random.integer(1, 10);
      if (path < 0.37) {
        // Repays everything owed just before the claim is approved: the claim is suspended.
        const repayDay = approvedDay - 1;
        pay(repayDay, allDueThrough(schedule, position, repayDay));
        while (position + 1 < schedule.length && schedule[position + 1]!.dueDay <= repayDay) position++;
        continue;
      }
      const paidDay = approvedDay + random.integer(1, 10);
      if (paidDay <= end) {
        const owed = schedule.slice(position).reduce((sum, item) => sum + item.principalCents + (item.dueDay < paidDay ? item.interestCents : 0), 0);
        outcome.claim = { approvedDay, paidDay, cents: owed };
        if (random.chance(0.6)) {
          const share = random.between(0.05, 0.25);
          const parts = random.integer(1, 3);
          for (let part = 0; part < parts; part++) {
            const day = paidDay + random.integer(20, 720);
            if (day <= end) outcome.recoveries.push({ day, cents: Math.round((owed * share) / parts) });
          }
        }
      }
      return outcome;
    }
    if (position >= 3 && schedule.length - position > 2 && roll > 0.993) {
      // Prepays everything still scheduled, a few days before this installment.
      const rest = schedule.slice(position).reduce((sum, item) => sum + item.principalCents + item.interestCents, 0);
      pay(installment.dueDay - random.integer(0, 5), rest);
      return outcome;
    }
    if (roll > 0.985) {
      // Partial payment on the due day, the rest 5-20 days later.
      const first = Math.round(amount * random.between(0.4, 0.7));
      pay(installment.dueDay, first);
      pay(installment.dueDay + random.integer(5, 20), amount - first);
    } else if (roll > 0.965) pay(installment.dueDay + random.integer(1, 25), amount);
    else pay(installment.dueDay - random.integer(0, 3), amount);
  }
  return outcome;
}
