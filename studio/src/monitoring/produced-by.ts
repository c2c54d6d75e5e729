import type { ObligorMonitoring } from '../api/monitoring-endpoints';
import { ACTION_LABELS, CHANGE_ACTION_LABELS, label, SIGNAL_LABELS } from './labels';

export interface ProducingDecision {
  decisionId: string;
  asOf: string | null;
  /** What the decision did, in labels, e.g. "预警 alert 逾期天数 days past due: 发起 raised (r1)". */
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
    for (const entry of history)
      add(entry.decisionId, entry.asOf, `预警 alert ${label(SIGNAL_LABELS, alert.signal)}: ${label(CHANGE_ACTION_LABELS, entry.action)} (r${entry.revision})`);
  }
  for (const task of view.tasks)
    add(task.decisionId, task.createdOn, `任务 task ${label(ACTION_LABELS, task.action)}: ${label(CHANGE_ACTION_LABELS, 'created')}`);
  for (const { claim, history } of view.claims) {
    for (const entry of history)
      add(entry.decisionId, entry.asOf, `理赔 claim ${claim.loanId}: ${label(CHANGE_ACTION_LABELS, entry.action)} (r${entry.revision})`);
  }
  return [...byId.values()].sort((a, b) => (b.asOf ?? '').localeCompare(a.asOf ?? ''));
}
