import { EXCLUSION_DAYS, type MetricSettings } from './metric-settings';

/** Bucket codes, ordered so that a larger code is a worse state (settled is best). */
export const BUCKETS = ['settled', 'M0', 'M1', 'M2', 'M3', 'over180', 'claimed'] as const;
export type Bucket = (typeof BUCKETS)[number];
export const SETTLED = 0;
export const M0 = 1;
export const M1 = 2;
export const M2 = 3;
export const M3 = 4;
export const OVER_180 = 5;
export const CLAIMED = 6;

/**
 * The delinquency bucket of an open, unclaimed loan. Days basis: 0 / 1-30 / 31-60 / 61+;
 * installment basis: 0 / 1 / 2 / 3+ installments overdue; "worst" takes the later of the two.
 * Beyond 180 days a loan is over180 unless M3 is uncapped (it then stays in M3).
 */
export function delinquencyBucket(dpd: number, overdueInstallments: number, settings: MetricSettings): number {
  if (dpd > EXCLUSION_DAYS && settings.m3UpperBound === '180') return OVER_180;
  const byDays = dpd === 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : 3;
  const byInstallments = Math.min(3, overdueInstallments);
  const level = settings.bucketBasis === 'days' ? byDays : settings.bucketBasis === 'installments' ? byInstallments : Math.max(byDays, byInstallments);
  return M0 + level;
}
