import type { ObligorMonitoring } from '../api/monitoring-endpoints';

export interface ProducingDecision {
  decisionId: string;
  asOf: string | null;
  /** What the decision did, e.g. "alert dpd: raised (r1)", "task watch: created". */
  produced: string[];
}

/**
 * Every logged decision behind the obligor's alerts, tasks and claim cases, with what each one
 * produced, newest business day first. Alert and claim changes name their decision in the
 * history; a task names the decision that created it.
 */
export function producedBy(view: ObligorMonitoring): ProducingDecision[] {
  const byId = new Map<string, ProducingDecision>();
  const add = (decisionId: string | null, asOf: string | null, what: string) => {
    if (!decisionId) return;
    const entry = byId.get(decisionId) ?? { decisionId, asOf, produced: [] };
    entry.asOf ??= asOf;
    if (!entry.produced.includes(what)) entry.produced.push(what);
    byId.set(decisionId, entry);
  };
  for (const { alert, history } of view.alerts) {
    for (const entry of history) add(entry.decisionId, entry.asOf, `alert ${alert.signal}: ${entry.action} (r${entry.revision})`);
  }
  for (const task of view.tasks) add(task.decisionId, task.createdOn, `task ${task.action}: created`);
  for (const { claim, history } of view.claims) {
    for (const entry of history) add(entry.decisionId, entry.asOf, `claim ${claim.loanId}: ${entry.action} (r${entry.revision})`);
  }
  return [...byId.values()].sort((a, b) => (b.asOf ?? '').localeCompare(a.asOf ?? ''));
}
