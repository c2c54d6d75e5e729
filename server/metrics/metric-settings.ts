import type { MetricSettings } from '../generated/schema-types';

export type { MetricSettings };

/** The defaults of domain.md's table of choices; docs/metrics.md explains each. */
export const DEFAULT_METRIC_SETTINGS: Readonly<MetricSettings> = Object.freeze({
  bucketBasis: 'days',
  claimedInRemainingPrincipal: 'excluded',
  m3UpperBound: '180',
  lossRecoveriesWindow: 'year-to-date',
  lossClaims: 'gross',
  claimedBy: 'claim-paid',
});

/** Loans further past due than this leave the remaining principal (the guideline's definition, not a setting). */
export const EXCLUSION_DAYS = 180;
