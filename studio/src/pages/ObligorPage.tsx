import { type FormEvent, useEffect, useState } from 'react';
import { isAborted } from '../api/client';
import { monitoringEndpoints, type ObligorMonitoring } from '../api/monitoring-endpoints';
import type { ObligorFacts } from '../api/types';
import { ErrorView } from '../components/ErrorView';
import { LineChart } from '../components/LineChart';
import { ClaimCasesTable } from '../monitoring/ClaimCases';
import { ChangeHistory, DecisionLink, LevelBadge, OverdueBadge } from '../monitoring/common';
import { ACTION_LABELS, ALERT_STATUS_LABELS, label, SIGNAL_LABELS, MONITORING_TERMS, share, TASK_STATUS_LABELS, yuan } from '../monitoring/labels';
import { ObligorLookup } from '../monitoring/ObligorLookup';
import { producedBy } from '../monitoring/produced-by';
import { applyFilters, readFilters, useSearch } from '../monitoring/search';
import '../monitoring/monitoring.css';
import { Link } from '../router';
import { timelinePath } from '../collections/cases/CasePanel';
import { COLLECTION_TERMS } from '../collections/terms';

type Facts = ObligorFacts['facts'];

const FACT_COLUMNS: [keyof Facts, string, (value: never) => string][] = [
  ['dpd', '逾期天数 DPD', (value: number | undefined) => (value === undefined ? '—' : String(value))],
  ['overdueInstallments', '逾期期数 Overdue installments', (value: number | undefined) => (value === undefined ? '—' : String(value))],
  ['overdueAmount', '逾期金额 Overdue amount', yuan],
  ['remainingPrincipal', '剩余本金 Remaining principal', yuan],
  ['repaidAmount', '已还金额 Repaid', yuan],
  ['bucket', '账龄 Bucket', (value: string | undefined) => value ?? '—'],
  ['score', '评分 Score', (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value))],
  ['scoreDrop', '评分下降 Score drop', (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value))],
  ['grade', '等级 Grade', (value: string | null | undefined) => value ?? '—'],
];

const today = () => new Date().toISOString().slice(0, 10);

/** One obligor: facts at each month end and as of the day, alerts with history, tasks, claim cases, and the decisions that produced them. */
export function ObligorPage({ obligorId }: { obligorId: string }) {
  // As-of day and number of month ends live in the address (reload and back/forward keep them).
  const defaults = { asOf: today(), months: '12' };
  const applied = readFilters(useSearch(), defaults);
  const [asOf, setAsOf] = useState(applied.asOf);
  const [months, setMonths] = useState(applied.months);
  const [view, setView] = useState<ObligorMonitoring>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setAsOf(applied.asOf);
    setMonths(applied.months);
  }, [applied.asOf, applied.months]);

  useEffect(() => {
    if (!obligorId) return;
    // A newer view cancels the older request, whose answer is then never shown.
    const controller = new AbortController();
    setError(undefined);
    monitoringEndpoints.obligor(obligorId, { asOf: applied.asOf, months: Number(applied.months) }, controller.signal).then(
      (loaded) => !controller.signal.aborted && setView(loaded),
      (caught) => {
        if (controller.signal.aborted || isAborted(caught)) return;
        setView(undefined);
        setError(caught);
      },
    );
    return () => controller.abort();
  }, [obligorId, applied.asOf, applied.months]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyFilters({ asOf, months }, defaults);
  };

  if (!obligorId) {
    return (
      <>
        <h1>{MONITORING_TERMS.obligor}</h1>
        <ObligorLookup />
      </>
    );
  }

  const timeline = view?.timeline.map((point) => ({ asOf: point.asOf, facts: point.facts as Facts })) ?? [];
  const decisions = view ? producedBy(view) : [];

  return (
    <>
      <div className="page-header">
        <h1>
          {MONITORING_TERMS.obligor} <span data-testid="obligor-id">{obligorId}</span>
        </h1>
        <ObligorLookup />
      </div>
      <p>
        <Link to={timelinePath(obligorId)}>{COLLECTION_TERMS.timeline}</Link>
      </p>
      <form className="row filters" aria-label="obligor view" onSubmit={submit}>
        <label className="inline">
          截至 As of <input type="date" aria-label="as of" value={asOf} onChange={(event) => setAsOf(event.target.value)} />
        </label>
        <label className="inline">
          月末数 Month ends <input type="number" aria-label="months" min={1} max={36} value={months} onChange={(event) => setMonths(event.target.value)} />
        </label>
        <button type="submit">查看 Show</button>
      </form>
      <ErrorView error={error} />
      {view && (
        <>
          <section className="card" aria-label="facts over time">
            <h2>指标变化 Facts over time</h2>
            {timeline.length === 0 ? (
              <p className="muted">无贷款指标 No loan facts in this period.</p>
            ) : (
              <>
                <div className="scroll">
                  <table className="grid numbers timeline" aria-label="facts over time">
                    <thead>
                      <tr>
                        <th>日期 As of</th>
                        {FACT_COLUMNS.map(([key, text]) => (
                          <th key={key}>{text}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {timeline.map((point) => (
                        <tr key={point.asOf} data-as-of={point.asOf}>
                          <td>{point.asOf}</td>
                          {FACT_COLUMNS.map(([key, , format]) => (
                            <td key={key} data-fact={key}>
                              {format(point.facts[key] as never)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className="charts">
                  <LineChart
                    title="逾期天数 Days past due"
                    labels={timeline.map((point) => point.asOf)}
                    series={[{ name: 'dpd', values: timeline.map((point) => point.facts.dpd ?? null), color: '#d64545' }]}
                    format={(value) => value.toFixed(0)}
                  />
                  <LineChart
                    title="金额 Overdue amount and remaining principal"
                    labels={timeline.map((point) => point.asOf)}
                    series={[
                      { name: 'overdueAmount', values: timeline.map((point) => point.facts.overdueAmount ?? null), color: '#e8a33d' },
                      { name: 'remainingPrincipal', values: timeline.map((point) => point.facts.remainingPrincipal ?? null), color: '#1c5fb8' },
                    ]}
                    format={(value) => yuan(value)}
                  />
                </div>
              </>
            )}
          </section>

          <section className="card" aria-label="obligor alerts">
            <h2>
              {MONITORING_TERMS.alerts} ({view.alerts.length})
            </h2>
            {view.alerts.length === 0 && <p className="muted">无 None in your scope.</p>}
            {view.alerts.map(({ alert, history }) => (
              <details key={alert.alertId} className="alert-item" data-alert-id={alert.alertId}>
                <summary>
                  <LevelBadge level={alert.level} /> {label(SIGNAL_LABELS, alert.signal)} · {label(ALERT_STATUS_LABELS, alert.status)} · {alert.raisedOn} →{' '}
                  {alert.closedOn ?? alert.changedOn} · {alert.orgUnit} · 取值 value {yuan(alert.value)}
                  {alert.ruleSet && (
                    <>
                      {' '}
                      · {alert.ruleSet.key} v{alert.ruleSet.version}
                    </>
                  )}
                  {' · '}
                  <Link to={`/alerts?open=${encodeURIComponent(alert.alertId)}&status=`}>在队列中处理 Work it in the queue</Link>
                </summary>
                <ChangeHistory history={history} label={`history of alert ${alert.signal}`} />
              </details>
            ))}
          </section>

          <section className="card" aria-label="obligor tasks">
            <h2>
              {MONITORING_TERMS.tasks} ({view.tasks.length})
            </h2>
            {view.tasks.length === 0 ? (
              <p className="muted">无 None in your scope.</p>
            ) : (
              <table className="grid" aria-label="tasks">
                <thead>
                  <tr>
                    <th>措施 Action</th>
                    <th>比例/金额 Share / amount</th>
                    <th>创建 Created</th>
                    <th>期限 Due</th>
                    <th>预警 Alert</th>
                    <th>责任 Owner</th>
                    <th>状态 Status</th>
                    <th>决策 Decision</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {view.tasks.map((task) => (
                    <tr key={task.taskId} data-task-id={task.taskId} className={task.overdue ? 'overdue' : undefined}>
                      <td>{label(ACTION_LABELS, task.action)}</td>
                      <td>{task.share !== null ? share(task.share) : yuan(task.amount)}</td>
                      <td>{task.createdOn}</td>
                      <td>
                        {task.dueOn ?? '—'} <OverdueBadge overdue={task.overdue} since={task.overdueSince} />
                      </td>
                      <td>
                        <LevelBadge level={task.alertLevel} /> {label(SIGNAL_LABELS, task.signal)}
                      </td>
                      <td>
                        {task.ownerRole} · {task.orgUnit}
                      </td>
                      <td>{label(TASK_STATUS_LABELS, task.status)}</td>
                      <td>
                        <DecisionLink decisionId={task.decisionId} />
                      </td>
                      <td>
                        <Link to={`/tasks?open=${encodeURIComponent(task.taskId)}&status=`}>处理 Open</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="card" aria-label="obligor claim cases">
            <h2>
              {MONITORING_TERMS.claims} ({view.claims.length})
            </h2>
            {view.claims.length === 0 ? (
              <p className="muted">无 None in your scope.</p>
            ) : (
              <div className="scroll">
                <ClaimCasesTable
                  items={view.claims.map((item) => item.claim)}
                  histories={new Map(view.claims.map((item) => [item.claim.caseId, item.history]))}
                  showObligor={false}
                />
              </div>
            )}
          </section>

          <section className="card" aria-label="decisions">
            <h2>决策 The decisions that produced them ({decisions.length})</h2>
            {decisions.length === 0 ? (
              <p className="muted">无 None.</p>
            ) : (
              <table className="grid" aria-label="decisions">
                <thead>
                  <tr>
                    <th>业务日 As of</th>
                    <th>决策 Decision</th>
                    <th>产生 Produced</th>
                  </tr>
                </thead>
                <tbody>
                  {decisions.map((decision) => (
                    <tr key={decision.decisionId}>
                      <td>{decision.asOf ?? '—'}</td>
                      <td>
                        <DecisionLink decisionId={decision.decisionId} /> <code className="muted">{decision.decisionId}</code>
                      </td>
                      <td>{decision.produced.join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
