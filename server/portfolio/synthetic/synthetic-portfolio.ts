import { dateFromDay as formatDay, monthEndDay, monthIndexFromText, monthIndexOfDay, monthStartDay, monthText } from '../../ground/calendar';
import { simulateLoan } from './loan-behaviour';
import { Random } from './random';
import { buildSchedule, type ScheduleKind } from './schedules';
import { syntheticPolicy } from './synthetic-policies';

export interface SyntheticOptions {
  loans: number;
  /** Disbursements spread over this many months, ending with endMonth. */
  months: number;
  seed: number;
  /** The observation month: nothing happens after its last day. Fixed by default so a seed always gives the same file. */
  endMonth?: string;
  /** Benchmarks: every loan a consumer loan with this many equal monthly installments. */
  installments?: number;
}

/** One NDJSON line: `{ kind, ...record }`, amounts in yuan. */
export type SyntheticRecord = { kind: string } & Record<string, unknown>;

export const DEFAULT_END_MONTH = '2026-10';
const TIERS = [
  ['prime', 0.35],
  ['near-prime', 0.45],
  ['subprime', 0.2],
] as const;
const TIER_RISK: Record<string, number> = { prime: 0.45, 'near-prime': 1, subprime: 2.3 };
const TIER_SCORE: Record<string, [number, string]> = { prime: [760, 'A'], 'near-prime': [670, 'B'], subprime: [590, 'C'] };
const CHANNEL_RISK: Record<string, number> = { 'online-platform-a': 1.35, 'online-platform-b': 0.9, 'bank-branch': 0.6, broker: 1.1 };
const BRANCHES = ['BR-SH', 'BR-BJ', 'BR-GD', 'BR-SC'] as const;
const yuan = (cents: number) => Math.round(cents) / 100;
// Formatting dates dominates generation time; a book spans a few thousand distinct days.
const formattedDays = new Map<number, string>();
const dateFromDay = (day: number): string => {
  let text = formattedDays.get(day);
  if (text === undefined) formattedDays.set(day, (text = formatDay(day)));
  return text;
};

/**
 * A deterministic, realistic book (domain.md, "Realistic synthetic data"): consumer, owner-operator
 * and SME loans whose risk differs by customer tier, channel and vintage, with the awkward cases.
 * Records come loan by loan (the loan before anything that refers to it), then monthly financials.
 */
export function* syntheticPortfolio(options: SyntheticOptions): Generator<SyntheticRecord> {
  const random = new Random(options.seed);
  const endIndex = monthIndexFromText(options.endMonth ?? DEFAULT_END_MONTH);
  const observationEndDay = monthEndDay(endIndex);
  const firstDay = monthStartDay(endIndex - options.months + 1);
  const financials = new Map<string, { premium: number; claims: number; recoveries: number; ceded: number }>();
  const book = (day: number, orgUnit: string) => {
    const key = `${monthText(monthIndexOfDay(day))}|${orgUnit}`;
    let entry = financials.get(key);
    if (!entry) financials.set(key, (entry = { premium: 0, claims: 0, recoveries: 0, ceded: 0 }));
    return entry;
  };
  let obligorCount = 0;

  for (let loanNumber = 1; loanNumber <= options.loans; loanNumber++) {
    const loanId = `L${String(loanNumber).padStart(8, '0')}`;
    const product = options.installments
      ? 'consumer'
      : random.pick([
          ['consumer', 0.8],
          ['owner-operator', 0.15],
          ['sme', 0.05],
        ] as const);
    const customerTier = random.pick(TIERS);
    const channel =
      product === 'consumer'
        ? random.pick([
            ['online-platform-a', 0.4],
            ['online-platform-b', 0.35],
            ['bank-branch', 0.25],
          ] as const)
        : random.pick([
            ['bank-branch', 0.6],
            ['broker', 0.4],
          ] as const);
    // Internet business is handled centrally by HQ (Art. 9).
    const orgUnit = channel.startsWith('online') ? 'HQ' : BRANCHES[random.integer(0, BRANCHES.length - 1)]!;
    // About 8% of loans go to an obligor who already has one.
    const repeatObligor = obligorCount > 0 && random.chance(0.08);
    const obligorId = `OB${String(repeatObligor ? random.integer(1, obligorCount) : ++obligorCount).padStart(8, '0')}`;
    const disbursedDay = random.integer(firstDay, observationEndDay);

    let principalCents: number;
    let scheduleKind: ScheduleKind = 'equal-monthly';
    let periods: number;
    let productRisk: number;
    if (product === 'consumer') {
      principalCents = Math.round(random.logNormal(20_000, 0.8, 1_000, 200_000)) * 100;
      periods = random.pick([
        [3, 0.08],
        [6, 0.14],
        [12, 0.45],
        [24, 0.2],
        [36, 0.13],
      ] as const);
      if (random.chance(0.03)) [scheduleKind, periods] = ['equal-weekly', random.integer(12, 52)];
      else if (random.chance(0.02))
        [scheduleKind, periods] = [
          'bullet',
          random.pick([
            [3, 1],
            [6, 1],
            [12, 1],
          ] as const),
        ];
      productRisk = 0.02;
      if (options.installments) [scheduleKind, periods] = ['equal-monthly', options.installments];
    } else if (product === 'owner-operator') {
      principalCents = Math.round(random.logNormal(150_000, 0.6, 50_000, 500_000)) * 100;
      periods = random.pick([
        [12, 0.5],
        [24, 0.3],
        [36, 0.2],
      ] as const);
      productRisk = 0.012;
    } else {
      principalCents = Math.round(random.logNormal(600_000, 0.8, 100_000, 3_000_000)) * 100;
      [scheduleKind, periods] = [
        'interest-only',
        random.pick([
          [12, 0.6],
          [24, 0.4],
        ] as const),
      ];
      productRisk = 0.007;
    }
    const annualRate = random.between(0.07, 0.18) + (customerTier === 'subprime' ? 0.02 : 0);
    const schedule = buildSchedule(scheduleKind, principalCents, annualRate, periods, disbursedDay);
    const vintageIndex = monthIndexOfDay(disbursedDay);
    // Some vintages were underwritten more loosely than others.
    const vintageRisk = 1 + 0.35 * Math.sin(vintageIndex / 2.5);
    const claimPointDays = random.chance(0.5) ? 80 : 90;
    // The online platforms' loans are funded by one funder each (the collection cases' funder lines); other loans name none, so their policy is the line.
    const funder = channel.startsWith('online-platform-') ? { funderId: `FUNDER-${channel.slice('online-platform-'.length).toUpperCase()}` } : {};
    const retentionShare = channel.startsWith('online') ? 0.8 : product === 'sme' ? 0.7 : 1;
    const outcome = simulateLoan(
      schedule,
      { defaultHazard: productRisk * TIER_RISK[customerTier]! * CHANNEL_RISK[channel]! * vintageRisk, claimPointDays, observationEndDay },
      random,
      (seq) => monthIndexOfDay(schedule[seq - 1]!.dueDay) - vintageIndex,
    );

    yield {
      kind: 'loans',
      loanId,
      obligorId,
      policyId: `P${loanId.slice(1)}`,
      orgUnit,
      product,
      channel,
      customerTier,
      principal: yuan(principalCents),
      disbursedAt: dateFromDay(disbursedDay),
      retentionShare,
      claimPointDays,
      ...funder,
      installments: schedule.map((installment) => ({
        seq: installment.seq,
        dueDate: dateFromDay(installment.dueDay),
        principal: yuan(installment.principalCents),
        interest: yuan(installment.interestCents),
      })),
    };
    // The loan's policy and claim clause (the claim workflow and the credit-bureau checks read them).
    yield syntheticPolicy(options.seed, loanNumber, {
      policyId: `P${loanId.slice(1)}`,
      orgUnit,
      claimPointDays,
      principalCents,
      ...funder,
    });
    for (let position = 0; position < outcome.repayments.length; position++) {
      const payment = outcome.repayments[position]!;
      const payeeAccountType = loanNumber === 7 && position === 0 ? 'personal' : channel === 'bank-branch' ? 'funder' : 'company';
      yield {
        kind: 'repayments',
        repaymentId: `${loanId}-R${position + 1}`,
        loanId,
        paidAt: dateFromDay(payment.day),
        amount: yuan(payment.cents),
        payeeAccountType,
        // One cash payment beside the personal-account one, so the demo shows both repayment findings (Art. 13(5),(6)).
        ...(loanNumber === 11 && position === 1 ? { paymentMethod: 'cash' as const } : {}),
      };
    }
    if (outcome.claim) {
      yield {
        kind: 'claims',
        claimId: `${loanId}-C1`,
        loanId,
        approvedAt: dateFromDay(outcome.claim.approvedDay),
        paidAt: dateFromDay(outcome.claim.paidDay),
        amount: yuan(outcome.claim.cents),
      };
      const entry = book(outcome.claim.paidDay, orgUnit);
      entry.claims += outcome.claim.cents;
      entry.ceded += outcome.claim.cents * (1 - retentionShare);
    }
    for (let position = 0; position < outcome.recoveries.length; position++) {
      const recovery = outcome.recoveries[position]!;
      yield { kind: 'recoveries', recoveryId: `${loanId}-V${position + 1}`, loanId, receivedAt: dateFromDay(recovery.day), amount: yuan(recovery.cents) };
      book(recovery.day, orgUnit).recoveries += recovery.cents;
    }
    const premiumCents = Math.round(principalCents * (customerTier === 'prime' ? 0.015 : customerTier === 'near-prime' ? 0.025 : 0.04));
    const unpaid = random.chance(0.05);
    const receivedDay = Math.min(observationEndDay, disbursedDay + random.integer(0, 20));
    yield {
      kind: 'premiums',
      premiumId: `${loanId}-PR1`,
      policyId: `P${loanId.slice(1)}`,
      loanId,
      orgUnit,
      dueDate: dateFromDay(disbursedDay),
      amount: yuan(premiumCents),
      receivedAmount: unpaid ? 0 : yuan(premiumCents),
      ...(unpaid ? {} : { receivedAt: dateFromDay(receivedDay) }),
    };
    book(disbursedDay, orgUnit).premium += premiumCents;
    const [baseScore, baseGrade] = TIER_SCORE[customerTier]!;
    const score = baseScore + random.integer(-30, 30);
    // Ratings are per obligor: the underwriting baseline with the first loan, a downgrade after a default.
    if (!repeatObligor) yield { kind: 'ratings', obligorId, ratedAt: dateFromDay(disbursedDay), score, grade: baseGrade, baseline: true };
    if (!repeatObligor && outcome.defaultDay !== undefined && outcome.defaultDay + 30 <= observationEndDay) {
      yield {
        kind: 'ratings',
        obligorId,
        ratedAt: dateFromDay(outcome.defaultDay + 30),
        score: score - random.integer(80, 200),
        grade: String.fromCharCode(baseGrade.charCodeAt(0) + 2),
      };
    }
  }

  for (const [key, entry] of [...financials.entries()].sort()) {
    const [month, orgUnit] = key.split('|') as [string, string];
    const earned = entry.premium * 0.9;
    yield {
      kind: 'financials',
      month,
      orgUnit,
      earnedPremium: yuan(earned),
      claimsPaid: yuan(entry.claims),
      recoveries: yuan(entry.recoveries),
      cededClaimsRecovered: yuan(entry.ceded),
      assumedClaimsPaid: 0,
      outstandingClaimReserveProvision: yuan(entry.claims * 0.1),
      cededReserveRecovered: yuan(entry.ceded * 0.1),
      operatingExpenses: yuan(earned * 0.18),
      cededExpensesRecovered: yuan(earned * 0.02),
      commissions: yuan(earned * 0.07),
      reinsuranceExpenses: yuan(earned * 0.03),
      taxesAndSurcharges: yuan(earned * 0.006),
    };
  }
}
