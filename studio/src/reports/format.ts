import type { KeyMetrics } from '../api/report-endpoints';
import { KEY_METRICS } from './labels';

/** A figure the report has no value for (a zero denominator, or no segment a month earlier): never a false 0. */
export const NO_VALUE = '–';

/** Counts whole, amounts in yuan to the fen, ratios as percentages with two decimals, as the portfolio page shows them. */
export function formatMetric(name: keyof KeyMetrics, value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_VALUE;
  switch (KEY_METRICS[name].kind) {
    case 'ratio':
      return `${(value * 100).toFixed(2)}%`;
    case 'amount':
      return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
    case 'count':
      return value.toLocaleString('zh-CN', { maximumFractionDigits: 0 });
  }
}

/**
 * Which way a ratio moved since the month before; every ratio here is a risk or cost ratio, so
 * up is bad news. Amounts and counts grow with the book and are left without a direction.
 */
export function ratioChange(name: keyof KeyMetrics, now: KeyMetrics, before: KeyMetrics | null): 'up' | 'down' | undefined {
  if (KEY_METRICS[name].kind !== 'ratio' || !before) return undefined;
  const current = now[name];
  const previous = before[name];
  // Equal as shown is no change: an arrow between two identical percentages would only confuse.
  if (current === null || previous === null || formatMetric(name, current) === formatMetric(name, previous)) return undefined;
  return current > previous ? 'up' : 'down';
}

/** A segment as one stable text, e.g. `orgUnit=BR-SH;channel=broker`, for row keys and test hooks. */
export function segmentKey(segment: Record<string, string>): string {
  return Object.entries(segment)
    .map(([dimension, value]) => `${dimension}=${value}`)
    .join(';');
}
