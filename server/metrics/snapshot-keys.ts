import type { GroupDimension } from './segments';

/** The key vintage curves are stored under: their cohorts and threshold. */
export function vintageKey(from: string, to: string, threshold: number): string {
  return `${from}..${to}@${threshold}`;
}

export function parseVintageKey(key: string): { from: string; to: string; threshold: number } {
  const [range, threshold] = key.split('@') as [string, string];
  const [from, to] = range.split('..') as [string, string];
  return { from, to, threshold: Number(threshold) };
}

export function reorder(segment: Record<string, string>, groupBy: readonly GroupDimension[]): Record<string, string> {
  return Object.fromEntries(groupBy.map((dimension) => [dimension, segment[dimension]!]));
}
