import type { BusinessQualityReport } from '../api/report-endpoints';
import { ACTION_LABELS, label, MONITORING_TERMS } from '../monitoring/labels';
import { Link } from '../router';
import { Counts } from './Counts';

/** The month's disposition tasks (Art. 8): created, finished and still pending at month end, and what the rules asked for. */
export function TaskSummary({ tasks }: { tasks: BusinessQualityReport['tasks'] }) {
  const actions = Object.entries(tasks.byAction).sort(([, a], [, b]) => b - a);
  return (
    <section className="card" aria-label="report tasks">
      <h2>
        {MONITORING_TERMS.tasks}{' '}
        <Link to="/tasks" className="heading-link">
          队列 Queue
        </Link>
      </h2>
      <div className="count-groups">
        <Counts
          title="本月 In the month"
          counts={[
            { path: 'tasks.created', label: '新建 created', value: tasks.created },
            { path: 'tasks.completed', label: '完成 completed', value: tasks.completed },
            { path: 'tasks.cancelled', label: '取消 cancelled', value: tasks.cancelled },
          ]}
        />
        <Counts
          title="月末 At month end"
          counts={[
            { path: 'tasks.pendingAtMonthEnd', label: '未完成 pending', value: tasks.pendingAtMonthEnd },
            { path: 'tasks.overdueAtMonthEnd', label: '逾期 overdue', value: tasks.overdueAtMonthEnd },
          ]}
        />
      </div>
      {actions.length === 0 ? (
        <p className="muted">本月无新任务 No tasks were created this month.</p>
      ) : (
        <table className="grid numbers by-action" aria-label="tasks created by measure">
          <thead>
            <tr>
              <th>处置措施 Measure</th>
              <th>新建 Created</th>
            </tr>
          </thead>
          <tbody>
            {actions.map(([action, count]) => (
              <tr key={action} data-action={action}>
                <td>{label(ACTION_LABELS, action)}</td>
                <td data-testid="count">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The month's claim cases (Art. 15-16): opened, suspended, withdrawal advised. */
export function ClaimSummary({ claims }: { claims: BusinessQualityReport['claims'] }) {
  return (
    <section className="card" aria-label="report claim cases">
      <h2>
        {MONITORING_TERMS.claims}{' '}
        <Link to="/claims" className="heading-link">
          案件 Cases
        </Link>
      </h2>
      <Counts
        title="本月 In the month"
        counts={[
          { path: 'claims.opened', label: '立案 opened', value: claims.opened },
          { path: 'claims.suspended', label: '中止 suspended', value: claims.suspended },
          { path: 'claims.adviseWithdrawal', label: '建议撤案 withdrawal advised', value: claims.adviseWithdrawal },
        ]}
      />
    </section>
  );
}
