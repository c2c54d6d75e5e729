import { levelRank, type Level, type Signal } from './signals';

/** What the store knows of an open alert, enough to decide its next state. */
export interface OpenAlertState {
  alertId: string;
  signal: string;
  level: Level;
  revision: number;
}

export type AlertTransition =
  { kind: 'raise'; signal: Signal } | { kind: 'escalate' | 'de-escalate'; alert: OpenAlertState; signal: Signal } | { kind: 'close'; alert: OpenAlertState };

/**
 * One open alert per subject and signal: a signal without an open alert raises one, a signal
 * whose level moved escalates or de-escalates it, an open alert whose signal no longer fires
 * closes. A signal still at the same level changes nothing (no write, no event).
 */
export function alertTransitions(open: readonly OpenAlertState[], signals: readonly Signal[]): AlertTransition[] {
  const transitions: AlertTransition[] = [];
  const current = new Map(signals.map((signal) => [signal.signal, signal]));
  for (const alert of open) {
    const signal = current.get(alert.signal);
    if (!signal) transitions.push({ kind: 'close', alert });
    else if (signal.level !== alert.level)
      transitions.push({ kind: levelRank(signal.level) > levelRank(alert.level) ? 'escalate' : 'de-escalate', alert, signal });
  }
  const openSignals = new Set(open.map((alert) => alert.signal));
  for (const signal of signals) if (!openSignals.has(signal.signal)) transitions.push({ kind: 'raise', signal });
  return transitions;
}
