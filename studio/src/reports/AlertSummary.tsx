import type { BusinessQualityReport } from '../api/report-endpoints';
import { LevelBadge, ObligorLink, SegmentText } from '../monitoring/common';
import { ALERT_STATUS_LABELS, label, MONITORING_TERMS, yuan } from '../monitoring/labels';
import { Link } from '../router';
import { Counts, type Count } from './Counts';

const LEVELS = ['red', 'orange', 'yellow'] as const;

const byLevel = (path: string, counts: Record<(typeof LEVELS)[number], number>): Count[] =>
  LEVELS.map((level) => ({ path: `${path}.${level}`, label: <LevelBadge level={level} />, value: counts[level] }));

/** The month's warnings (Art. 6): how many were raised, changed and left open, and the ones raised, worst first. */
export function AlertSummary({ alerts }: { alerts: BusinessQualityReport['alerts'] }) {
  const raised = alerts.raised.red + alerts.raised.orange + alerts.raised.yellow;
  return (
    <section className="card" aria-label="report alerts">
      <h2>{MONITORING_TERMS.alerts}</h2>
      <div className="count-groups">
        <Counts title="本月发起 Raised in the month" counts={byLevel('alerts.raised', alerts.raised)} />
        <Counts title="月末未关闭 Open at month end" counts={byLevel('alerts.openAtMonthEnd', alerts.openAtMonthEnd)} />
        <Counts
          title="本月变化 Changes in the month"
          counts={[
            { path: 'alerts.escalated', label: '升级 escalated', value: alerts.escalated },
            { path: 'alerts.deEscalated', label: '降级 de-escalated', value: alerts.deEscalated },
            { path: 'alerts.closed', label: '关闭 closed', value: alerts.closed },
          ]}
        />
        <Counts
          title="发起对象 Raised for"
          counts={[
            { path: 'alerts.byTarget.obligor', label: '履约义务人 obligor', value: alerts.byTarget.obligor },
            { path: 'alerts.byTarget.portfolio', label: '资产组合 portfolio', value: alerts.byTarget.portfolio },
          ]}
        />
      </div>
      {alerts.items.length < raised && (
        <p className="muted">
          列出最严重的 {alerts.items.length} 条 The {alerts.items.length} most severe of {raised} are listed.
        </p>
      )}
      {alerts.items.length === 0 ? (
        <p className="muted">本月无新预警 No alerts were raised this month.</p>
      ) : (
        <div className="scroll">
          <table className="grid report-alerts" aria-label="alerts raised in the month">
            <thead>
              <tr>
                {/* The counts above take the level an alert was raised at; the list shows each alert as it is now. */}
                <th>当前级别 Level now</th>
                <th>发起 Raised</th>
                <th>对象 Subject</th>
                <th>信号 Signal</th>
                <th>取值 Value</th>
                <th>机构 Org unit</th>
                <th>当前状态 Status now</th>
                <th>依据 Basis</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {alerts.items.map((alert) => (
                <tr key={alert.alertId} data-alert-id={alert.alertId}>
                  <td>
                    <LevelBadge level={alert.level} />
                  </td>
                  <td>{alert.raisedOn}</td>
                  <td>{alert.target === 'obligor' ? <ObligorLink obligorId={alert.obligorId} /> : <SegmentText segment={alert.segment} />}</td>
                  <td>{alert.signal}</td>
                  <td>{yuan(alert.value)}</td>
                  <td>{alert.orgUnit}</td>
                  <td>{label(ALERT_STATUS_LABELS, alert.status)}</td>
                  <td className="description">{alert.basis}</td>
                  {/* status= (empty) lists closed alerts too, so the queue can open any of them. */}
                  <td className="nowrap">
                    <Link to={`/alerts?status=&open=${encodeURIComponent(alert.alertId)}`}>详情 Details</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
