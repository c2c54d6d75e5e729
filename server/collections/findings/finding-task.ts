import type { TaskStore } from '../../monitoring/task.store';
import type { FindingChange } from './finding-transitions';

const PENDING = new Set(['open', 'acknowledged']);
const ATTEMPTS = 3;

/**
 * Closing a finding closes the compliance task raised with it, so the unit's queue does not keep
 * work the finding's outcome has settled: remediated makes the task done (with the evidence),
 * dismissed cancels it (with the reason). A task already finished is left as it is; one changed
 * meanwhile (a comment, an assignment) is read again and closed at its new revision.
 */
export async function closeFindingTask(tasks: TaskStore, taskId: string | null, change: FindingChange, actor: string, now: Date): Promise<void> {
  if (!taskId || (change.status !== 'remediated' && change.status !== 'dismissed')) return;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const task = await tasks.find(taskId);
    if (!task || !PENDING.has(task.status)) return;
    const remediation = change.set.remediation as { note: string; references: string[] } | undefined;
    const set =
      change.status === 'remediated'
        ? { status: 'done', completedAt: now, completedBy: actor, evidence: { note: remediation!.note, references: remediation!.references } }
        : { status: 'cancelled' };
    const applied = await tasks.applyOne({
      id: taskId,
      expectedRevision: task.revision,
      set: { ...set, updatedAt: now },
      entry: {
        action: change.status === 'remediated' ? 'completed' : 'cancelled',
        actor,
        at: now,
        asOf: null,
        note: `finding ${change.status}: ${change.note ?? ''}`.trim(),
        decisionId: null,
        facts: null,
      },
    });
    if (applied) return;
  }
}
