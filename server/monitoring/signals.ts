import type { DecisionEvent } from '../engine/evaluate';

export const LEVELS = ['yellow', 'orange', 'red'] as const;
export type Level = (typeof LEVELS)[number];

/** One warning signal as the rules raised it for a subject (obligor or segment). */
export interface Signal {
  signal: string;
  level: Level;
  basis: string;
  threshold: number | null;
  /** Who must hear of it besides the owner, e.g. risk-staff for a score or grade drop (Art. 9(4)). */
  notify: string[];
  /** The fact behind the signal as it stands, to tell later whether it improved. */
  value: number | null;
}

/** The fact that measures each signal; a signal named like a fact (overdueRate, m0_1, ...) is measured by that fact. */
const SIGNAL_FACTS: Record<string, string> = {
  earlyPaymentDefault: 'dpd',
  grade: 'gradeDowngrade',
};

export function levelRank(level: Level | 'none'): number {
  return level === 'none' ? 0 : LEVELS.indexOf(level) + 1;
}

export function signalValue(signal: string, facts: Record<string, unknown>): number | null {
  const value = facts[SIGNAL_FACTS[signal] ?? signal];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The warning events of one evaluation as signals: one per signal name at its worst level
 * (several rules may speak about the same signal, e.g. a tier rule and a channel rule).
 */
export function signalsFromEvents(events: readonly DecisionEvent[], facts: Record<string, unknown>): Signal[] {
  const bySignal = new Map<string, Signal>();
  for (const event of events) {
    if (event.type !== 'warning') continue;
    const params = (event.params ?? {}) as Record<string, unknown>;
    const level = params.level as Level;
    const name = String(params.signal ?? 'unspecified');
    if (!LEVELS.includes(level)) continue;
    const known = bySignal.get(name);
    const notify = typeof params.notify === 'string' ? [params.notify] : Array.isArray(params.notify) ? params.notify.map(String) : [];
    if (known && levelRank(known.level) >= levelRank(level)) {
      known.notify = [...new Set([...known.notify, ...notify])];
      continue;
    }
    bySignal.set(name, {
      signal: name,
      level,
      basis: String(params.basis ?? ''),
      threshold: typeof params.threshold === 'number' ? params.threshold : null,
      notify: [...new Set([...(known?.notify ?? []), ...notify])],
      value: signalValue(name, facts),
    });
  }
  return [...bySignal.values()];
}
