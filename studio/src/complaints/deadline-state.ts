import type { Complaint } from '../../../server/generated/schema-types';

type DeadlineItem = NonNullable<Complaint['deadlines']>['items'][number];
const WEIGHT: Record<string, number> = { missed: 3, approaching: 2, running: 1, unknown: 0 };

/**
 * The state the queue shows for a complaint: of the deadlines still open when the daily run last saw it (not met, no step
 * taken), the worst (missed, then approaching, then running); null when none is open or the run has not seen it.
 */
export function openDeadline(complaint: Pick<Complaint, 'deadlines'>): DeadlineItem | null {
  const open = (complaint.deadlines?.items ?? []).filter((item) => item.doneOn === null && item.state !== 'met');
  if (open.length === 0) return null;
  return open.reduce((worst, item) => ((WEIGHT[item.state] ?? 0) > (WEIGHT[worst.state] ?? 0) ? item : worst));
}
