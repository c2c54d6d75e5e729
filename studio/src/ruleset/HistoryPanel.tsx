import type { HistoryEntry } from '../api/types';

/** Every recorded action, newest first: who, when, why. */
export function HistoryPanel({ history }: { history: HistoryEntry[] }) {
  const entries = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <table className="grid" aria-label="history">
      <thead>
        <tr>
          <th>时间 When</th>
          <th>版本 Version</th>
          <th>动作 Action</th>
          <th>人员 Who</th>
          <th>状态 State</th>
          <th>原因 Why</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, index) => (
          <tr key={index}>
            <td>{new Date(entry.at).toLocaleString()}</td>
            <td>v{entry.version}</td>
            <td>{entry.action}</td>
            <td>{entry.actor}</td>
            <td>
              {entry.fromState ? `${entry.fromState} → ` : ''}
              {entry.toState ?? ''}
              {entry.effectiveFrom ? ` (from ${new Date(entry.effectiveFrom).toLocaleString()})` : ''}
            </td>
            <td>{entry.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
