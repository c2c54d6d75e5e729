import { useCallback, useEffect, useState } from 'react';
import { monitoringEndpoints, type AlertDetail } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { FieldErrors } from '../components/ErrorView';
import { Pending, Status } from '../components/Status';
import { Link } from '../router';
import { ActionError, ChangeHistory, DecisionLink, LevelBadge, ObligorLink, OverdueBadge, SegmentText } from './common';
import { ACTION_LABELS, ALERT_STATUS_LABELS, can, label, SIGNAL_LABELS, share, TASK_STATUS_LABELS, when, yuan } from './labels';
import { BusyButton } from '../components/BusyButton';

/** One alert: what raised it, its tasks, its history, and the actions a branch operator may take. */
export function AlertPanel({ alertId, me, onChanged }: { alertId: string; me: PrincipalView; onChanged: (detail: AlertDetail) => void }) {
  const [detail, setDetail] = useState<AlertDetail>();
  const [loadError, setLoadError] = useState<unknown>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [assignee, setAssignee] = useState('');
  const [comment, setComment] = useState('');
  const [notice, setNotice] = useState<string>();

  const reload = useCallback(() => {
    setLoadError(undefined);
    setActionError(undefined);
    return monitoringEndpoints.alert(alertId).then((loaded) => {
      setDetail(loaded);
      onChanged(loaded);
    }, setLoadError);
  }, [alertId, onChanged]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (what: string, call: (revision: number) => Promise<AlertDetail>) => {
    if (!detail) return;
    setBusy(true);
    setActionError(undefined);
    setNotice(undefined);
    try {
      const updated = await call(detail.alert.revision);
      setDetail(updated);
      onChanged(updated);
      setNotice(what);
      return true;
    } catch (caught) {
      setActionError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (loadError || !detail) return <Pending error={loadError} />;
  const { alert, history, tasks } = detail;
  const workable = can.workQueues(me) && alert.status === 'open';

  return (
    <section className="card detail" aria-label="alert detail">
      <h2>
        <LevelBadge level={alert.level} /> {label(SIGNAL_LABELS, alert.signal)} ·{' '}
        {alert.target === 'obligor' ? <ObligorLink obligorId={alert.obligorId} /> : <SegmentText segment={alert.segment} />}
      </h2>
      <dl className="facts-list">
        <dt>状态 Status</dt>
        <dd data-testid="alert-status">
          {label(ALERT_STATUS_LABELS, alert.status)}
          {alert.closedOn ? ` (${alert.closedOn})` : ''}
        </dd>
        <dt>机构 Org unit</dt>
        <dd>{alert.orgUnit}</dd>
        <dt>取值 / 阈值 Value / threshold</dt>
        <dd>
          {yuan(alert.value)} / {yuan(alert.threshold)}
        </dd>
        <dt>依据 Basis</dt>
        <dd>{alert.basis}</dd>
        <dt>发起 Raised</dt>
        <dd>
          {alert.raisedOn} · 变更 changed {alert.changedOn}
          {alert.reviewFrom ? ` · 复核自 review from ${alert.reviewFrom}` : ''}
        </dd>
        <dt>通知 Notify</dt>
        <dd>{alert.notify.join(', ') || '—'}</dd>
        <dt>负责人 Assignee</dt>
        <dd data-testid="alert-assignee">{alert.assignee ?? '—'}</dd>
        <dt>确认 Acknowledged</dt>
        <dd data-testid="alert-acknowledged">{alert.acknowledgedBy ? `${alert.acknowledgedBy} · ${when(alert.acknowledgedAt)}` : '—'}</dd>
        <dt>规则集 Rule set</dt>
        <dd>
          {alert.ruleSet ? (
            <Link to={`/rulesets/${alert.ruleSet.key}/v/${alert.ruleSet.version}`}>
              {alert.ruleSet.key} v{alert.ruleSet.version}
            </Link>
          ) : (
            '—'
          )}{' '}
          · <DecisionLink decisionId={alert.decisionId} />
        </dd>
        <dt>修订 Revision</dt>
        <dd>{alert.revision}</dd>
      </dl>

      {workable && (
        <div className="actions" aria-label="alert actions">
          <div className="row">
            {!alert.acknowledgedBy && (
              <BusyButton
                busy={busy}
                type="button"
                onClick={() => act('已确认 Acknowledged', (revision) => monitoringEndpoints.acknowledgeAlert(alertId, revision))}
              >
                确认 Acknowledge
              </BusyButton>
            )}
            {alert.assignee !== me.name && (
              <BusyButton
                busy={busy}
                type="button"
                className="secondary"
                onClick={() => act(`已分配给 Assigned to ${me.name}`, (revision) => monitoringEndpoints.assignAlert(alertId, revision, me.name))}
              >
                分配给我 Assign to me
              </BusyButton>
            )}
            <label className="inline">
              分配给 Assign to{' '}
              <input aria-label="assignee username" value={assignee} placeholder="用户名 username" onChange={(event) => setAssignee(event.target.value)} />
            </label>
            <BusyButton
              busy={busy}
              type="button"
              className="secondary"
              disabled={!assignee.trim()}
              onClick={() => act(`已分配给 Assigned to ${assignee.trim()}`, (revision) => monitoringEndpoints.assignAlert(alertId, revision, assignee.trim()))}
            >
              分配 Assign
            </BusyButton>
            {alert.assignee && (
              <BusyButton
                busy={busy}
                type="button"
                className="secondary"
                onClick={() => act('已取消分配 Unassigned', (revision) => monitoringEndpoints.assignAlert(alertId, revision, null))}
              >
                取消分配 Unassign
              </BusyButton>
            )}
          </div>
          <label>
            意见 Comment
            <textarea aria-label="alert comment" rows={2} value={comment} onChange={(event) => setComment(event.target.value)} />
          </label>
          <FieldErrors error={actionError} path="/body/text" />
          <FieldErrors error={actionError} path="/body/assignee" />
          <BusyButton
            busy={busy}
            type="button"
            disabled={!comment.trim()}
            onClick={async () => {
              if (await act('已评论 Commented', (revision) => monitoringEndpoints.commentAlert(alertId, revision, comment.trim()))) setComment('');
            }}
          >
            评论 Comment
          </BusyButton>
        </div>
      )}
      <Status notice={notice} />
      <ActionError error={actionError} onReload={() => void reload()} />

      <h3>处置任务 Tasks ({tasks.length})</h3>
      {tasks.length === 0 ? (
        <p className="muted">无 None.</p>
      ) : (
        <table className="grid" aria-label="alert tasks">
          <thead>
            <tr>
              <th>措施 Action</th>
              <th>比例/金额 Share / amount</th>
              <th>期限 Due</th>
              <th>责任 Owner</th>
              <th>状态 Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.taskId} className={task.overdue ? 'overdue' : undefined}>
                <td>
                  {label(ACTION_LABELS, task.action)}
                  {task.escalationStep > 0 ? ` · 第${task.escalationStep}次复核 review ${task.escalationStep}` : ''}
                </td>
                <td>{task.share !== null ? share(task.share) : yuan(task.amount)}</td>
                <td>
                  {task.dueOn ?? '—'} <OverdueBadge overdue={task.overdue} since={task.overdueSince} />
                </td>
                <td>
                  {task.ownerRole} · {task.orgUnit}
                </td>
                <td>{label(TASK_STATUS_LABELS, task.status)}</td>
                <td>
                  <Link to={`/tasks?open=${encodeURIComponent(task.taskId)}`}>处理 Open</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>历史 History</h3>
      <ChangeHistory history={history} label="alert history" />
    </section>
  );
}
