import { ApiError } from '../api/client';
import type { ChangeEntry } from '../api/monitoring-endpoints';
import { ErrorView } from '../components/ErrorView';
import { Link } from '../router';
import { LEVEL_LABELS } from '../terms';
import { CHANGE_ACTION_LABELS, CHANGE_FIELD_LABELS, label as labelOf, segmentText, valueText, when } from './labels';

/** An alert's level; a data-quality task has none (null) and says so instead. */
export function LevelBadge({ level }: { level: string | null }) {
  if (level === null)
    return (
      <span className="level level-data-quality" data-testid="level">
        数据质量 data quality
      </span>
    );
  return (
    <span className={`level level-${level}`} data-testid="level">
      {LEVEL_LABELS[level] ?? level}
    </span>
  );
}

export function OverdueBadge({ overdue, since }: { overdue: boolean; since?: string | null }) {
  if (!overdue) return null;
  return (
    <span className="badge overdue" data-testid="overdue" title={since ? `since ${since}` : undefined}>
      逾期 overdue
    </span>
  );
}

export function ObligorLink({ obligorId }: { obligorId: string | null }) {
  if (!obligorId) return <>—</>;
  return <Link to={`/obligors/${encodeURIComponent(obligorId)}`}>{obligorId}</Link>;
}

export function DecisionLink({ decisionId }: { decisionId: string | null | undefined }) {
  if (!decisionId) return <>—</>;
  return (
    <Link to={`/decisions/${encodeURIComponent(decisionId)}`} className="decision-link">
      决策 decision
    </Link>
  );
}

export function SegmentText({ segment }: { segment: Record<string, string> | null }) {
  if (!segment) return <>—</>;
  return (
    <span
      className="segment"
      title={Object.entries(segment)
        .map(([name, value]) => `${name}=${value}`)
        .join(', ')}
    >
      {segmentText(segment)}
    </span>
  );
}

// Shown elsewhere in the row (decision link, facts) or bookkeeping: left out of the changes text.
const SHOWN_ELSEWHERE = new Set(['updatedAt', 'createdAt', 'decisionId', 'ruleSet', 'facts', 'openKey', 'subjectKey']);

/** The fields a revision set, by their labels ("级别 level: 红 red"); for the first revision (the item created) the empty ones are left out. */
function changeText(entry: ChangeEntry): string {
  return Object.entries(entry.changes)
    .filter(([field, value]) => !SHOWN_ELSEWHERE.has(field) && !(entry.revision === 1 && (value === null || (Array.isArray(value) && value.length === 0))))
    .map(([field, value]) => `${labelOf(CHANGE_FIELD_LABELS, field)}: ${valueText(field, value)}`)
    .join('; ');
}

/** Every revision of an alert, task or claim case: who or which job, when, what changed and the decision behind it. */
export function ChangeHistory({ history, label }: { history: ChangeEntry[]; label: string }) {
  return (
    <table className="grid history" aria-label={label}>
      <thead>
        <tr>
          <th>#</th>
          <th>时间 When</th>
          <th>业务日 As of</th>
          <th>动作 Action</th>
          <th>人员 Who</th>
          <th>变更 Changes</th>
          <th>说明 Note</th>
          <th>决策 Decision</th>
        </tr>
      </thead>
      <tbody>
        {history.map((entry) => (
          <tr key={entry.revision}>
            <td>{entry.revision}</td>
            <td>{when(entry.at)}</td>
            <td>{entry.asOf ?? '—'}</td>
            <td>{labelOf(CHANGE_ACTION_LABELS, entry.action)}</td>
            <td>{entry.actor}</td>
            <td className="description">{changeText(entry)}</td>
            <td>{entry.note ?? ''}</td>
            <td>
              <DecisionLink decisionId={entry.decisionId} />
              {entry.facts && (
                <details>
                  <summary>指标 facts</summary>
                  <pre className="facts">{JSON.stringify(entry.facts, null, 2)}</pre>
                </details>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An action's error where it happened; a 409 (someone changed the item meanwhile) offers to reload it. */
export function ActionError({ error, onReload }: { error: unknown; onReload: () => void }) {
  if (!error) return null;
  const conflict = error instanceof ApiError && error.status === 409;
  return (
    <div className={conflict ? 'conflict card' : undefined}>
      <ErrorView error={error} />
      {conflict && (
        <button type="button" className="secondary" onClick={onReload}>
          重新加载 Reload the latest
        </button>
      )}
    </div>
  );
}
