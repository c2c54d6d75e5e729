import { DecisionLink } from '../monitoring/common';
import { AGENCY_ACTION_LABELS, AGENCY_STATUS_LABELS, labelOf, VENDOR_TERMS as T } from './terms';
import type { ChangeEntry } from './vendor-endpoints';

/** Bulky or bookkeeping fields a revision sets: named, not spelled out (the other tabs show them). */
const NAMED_ONLY = new Set(['checks', 'admission', 'rectification', 'facts', 'legalRepresentative', 'systems']);
const SKIPPED = new Set(['updatedAt', 'createdAt', 'revision', 'awaiting']);

function changeText(entry: ChangeEntry): string {
  const changes = entry.changes as Record<string, unknown>;
  if (entry.revision === 1) return '';
  return Object.entries(changes)
    .filter(([field]) => !SKIPPED.has(field))
    .map(([field, value]) => {
      if (field === 'status') return `${T.status}: ${labelOf(AGENCY_STATUS_LABELS, String(value))}`;
      if (NAMED_ONLY.has(field)) return field;
      return `${field}: ${value === null ? '—' : String(value)}`;
    })
    .join('; ');
}

/** Every revision of the agency: when, who (a person or job:vendor-checks), what it did, why, and the admission decision. */
export function AgencyHistory({ history }: { history: ChangeEntry[] }) {
  return (
    <table className="grid history" aria-label="agency history">
      <thead>
        <tr>
          <th>#</th>
          <th>时间 When</th>
          <th>动作 Action</th>
          <th>人员 Who</th>
          <th>变更 Changes</th>
          <th>{T.note}</th>
          <th>决策 Decision</th>
        </tr>
      </thead>
      <tbody>
        {history.map((entry) => (
          <tr key={entry.revision} data-testid={`history-${entry.revision}`}>
            <td>{entry.revision}</td>
            <td>{new Date(entry.at).toLocaleString()}</td>
            <td>{labelOf(AGENCY_ACTION_LABELS, entry.action)}</td>
            <td>{entry.actor}</td>
            <td className="description">{changeText(entry)}</td>
            <td>{entry.note ?? ''}</td>
            <td>
              <DecisionLink decisionId={entry.decisionId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
