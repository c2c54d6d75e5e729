import { DEADLINE_STATE_LABELS, STAGE_LABELS, labelOf } from './terms';

/** A deadline's state in words and colour: approaching amber, missed red (complaints.css). */
export function DeadlineBadge({ state, stage, dueOn }: { state: string; stage?: string; dueOn?: string | null }) {
  return (
    <span className={`deadline deadline-${state}`} data-testid="deadline-state" data-state={state}>
      {stage ? `${labelOf(STAGE_LABELS, stage)} ` : ''}
      {dueOn ?? ''} · {labelOf(DEADLINE_STATE_LABELS, state)}
    </span>
  );
}
