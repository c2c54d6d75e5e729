import type { Progress } from '../api/client';
import { PROGRESS_PHASE_LABELS } from '../terms';
import './busy.css';
import { useElapsedSeconds } from './elapsed';

/**
 * How far a long request has got, from the progress lines it streams: a bar (role=progressbar with
 * its value and maximum), the phase in words, the seconds so far, and Cancel, which aborts it.
 * Before the first line arrives the bar has no value yet (the request is on its way).
 */
export function ProgressView({ progress, onCancel, label }: { progress: Progress | undefined; onCancel: () => void; label: string }) {
  const seconds = useElapsedSeconds(true);
  const known = progress !== undefined && progress.total > 0;
  return (
    <div className="progress" role="group" aria-label={label}>
      <progress
        aria-label={label}
        {...(known ? { value: progress.done, max: progress.total, 'aria-valuenow': progress.done, 'aria-valuemax': progress.total, 'aria-valuemin': 0 } : {})}
      />
      <span data-testid="progress-phase">
        {progress ? (PROGRESS_PHASE_LABELS[progress.phase] ?? progress.phase) : '开始 Starting'}
        {known ? ` · ${progress.done} / ${progress.total}` : ''}
      </span>
      <span className="muted" data-testid="progress-elapsed">
        已用 Elapsed {seconds} s
      </span>
      <button type="button" className="secondary" onClick={onCancel}>
        取消 Cancel
      </button>
    </div>
  );
}
