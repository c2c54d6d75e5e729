import type { DecisionEvent } from '../engine/evaluate';

/** Warning levels from most to least severe; "none" means no warning event. */
export const LEVELS = ['red', 'orange', 'yellow', 'none'] as const;
export type Level = (typeof LEVELS)[number];

export interface ObligorOutcome {
  obligorId: string;
  /** The unit answerable (HQ for internet business), whose effective rule set decided. */
  orgUnit: string;
  customerTier: string;
  channel: string;
  dpd: number;
  from: Level;
  to: Level;
  /** The warning facts evaluated, as the daily run builds them. */
  facts: Record<string, unknown>;
}

export interface Transition {
  from: Level;
  to: Level;
  count: number;
}

export const CHANGE_LIST_LIMIT = 500;

/** The most severe warning level among the events (a rule set may raise several). */
export function worstLevel(events: readonly DecisionEvent[]): Level {
  let best: Level = 'none';
  for (const event of events) {
    const level = event.type === 'warning' ? (event.params?.level as Level | undefined) : undefined;
    if (level && LEVELS.includes(level) && LEVELS.indexOf(level) < LEVELS.indexOf(best)) best = level;
  }
  return best;
}

function transitions(outcomes: readonly ObligorOutcome[]): Transition[] {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(`${outcome.from}>${outcome.to}`, (counts.get(`${outcome.from}>${outcome.to}`) ?? 0) + 1);
  const cells: Transition[] = [];
  for (const from of LEVELS)
    for (const to of LEVELS) {
      const count = counts.get(`${from}>${to}`);
      if (count) cells.push({ from, to, count });
    }
  return cells;
}

/**
 * The transition table overall and per segment (customer tier x channel, the Art. 7
 * segmentation the thresholds differ by), and the obligors whose level changes, most severe
 * destination first. Pure: the service feeds it outcomes, tests feed it tables.
 */
export function impactTables(outcomes: readonly ObligorOutcome[]) {
  const bySegment = new Map<string, ObligorOutcome[]>();
  for (const outcome of outcomes) {
    const key = `${outcome.customerTier}\u0000${outcome.channel}`;
    // Pushed, not copied: a whole-book preview has a million outcomes in a handful of segments.
    const members = bySegment.get(key);
    if (members) members.push(outcome);
    else bySegment.set(key, [outcome]);
  }
  const segments = [...bySegment.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, members]) => {
      const [customerTier, channel] = key.split('\u0000') as [string, string];
      return { customerTier, channel, obligors: members.length, transitions: transitions(members) };
    });
  const changed = outcomes
    .filter((outcome) => outcome.from !== outcome.to)
    .sort((a, b) => LEVELS.indexOf(a.to) - LEVELS.indexOf(b.to) || b.dpd - a.dpd || a.obligorId.localeCompare(b.obligorId));
  return {
    totals: transitions(outcomes),
    segments,
    changes: changed.slice(0, CHANGE_LIST_LIMIT),
    changesTruncated: changed.length > CHANGE_LIST_LIMIT,
  };
}

/** Every k-th index so a sample spreads over the whole book (deterministic, so previews repeat). */
export function evenSample(size: number, limit: number): number[] {
  if (size <= limit) return Array.from({ length: size }, (_value, index) => index);
  const step = size / limit;
  return Array.from({ length: limit }, (_value, index) => Math.floor(index * step));
}
