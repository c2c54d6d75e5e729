import { useCallback, useEffect, useState } from 'react';
import { monitoringEndpoints, type TaskDetail } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { FieldErrors } from '../components/ErrorView';
import { Pending, Status } from '../components/Status';
import { Link } from '../router';
import { ActionError, ChangeHistory, DecisionLink, LevelBadge, ObligorLink, OverdueBadge } from './common';
import { ACTION_LABELS, can, label, SIGNAL_LABELS, share, TASK_STATUS_LABELS, when, yuan } from './labels';
import { BusyButton } from '../components/BusyButton';

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** One disposition task: the measure, its deadline, its history, and assign / acknowledge / comment / complete with evidence. */
export function TaskPanel({ taskId, me, onChanged }: { taskId: string; me: PrincipalView; onChanged: (detail: TaskDetail) => void }) {
  const [detail, setDetail] = useState<TaskDetail>();
  const [loadError, setLoadError] = useState<unknown>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [assignee, setAssignee] = useState('');
  const [comment, setComment] = useState('');
  const [evidence, setEvidence] = useState('');
  const [references, setReferences] = useState('');
  const [notice, setNotice] = useState<string>();

  const reload = useCallback(() => {
    setLoadError(undefined);
    setActionError(undefined);
    return monitoringEndpoints.task(taskId).then((loaded) => {
      setDetail(loaded);
      onChanged(loaded);
    }, setLoadError);
  }, [taskId, onChanged]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (what: string, call: (revision: number) => Promise<TaskDetail>) => {
    if (!detail) return false;
    setBusy(true);
    setActionError(undefined);
    setNotice(undefined);
    try {
      const updated = await call(detail.task.revision);
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
  const { task, history } = detail;
  const pending = task.status === 'open' || task.status === 'acknowledged';
  const workable = can.workQueues(me) && pending;

  return (
    <section className="card detail" aria-label="task detail">
      <h2>
        {label(ACTION_LABELS, task.action)} <OverdueBadge overdue={task.overdue} since={task.overdueSince} />
      </h2>
      <dl className="facts-list">
        <dt>状态 Status</dt>
        <dd data-testid="task-status">{label(TASK_STATUS_LABELS, task.status)}</dd>
        <dt>预警 Alert</dt>
        <dd>
          <LevelBadge level={task.alertLevel} /> {label(SIGNAL_LABELS, task.signal)} ·{' '}
          {task.target === 'obligor' ? <ObligorLink obligorId={task.obligorId} /> : task.subjectKey}
          {task.alertId !== null ? (
            <>
              {' '}
              · <Link to={`/alerts?open=${encodeURIComponent(task.alertId)}&status=`}>预警 alert</Link>
            </>
          ) : (
            <> · {task.subjectKey}</>
          )}
        </dd>
        <dt>比例 / 金额 Share / amount</dt>
        <dd>
          {share(task.share)} / {yuan(task.amount)}
        </dd>
        <dt>期限 Deadline</dt>
        <dd>
          {task.deadlineDays ?? '—'} 天 days · 到期 due {task.dueOn ?? '—'}
          {task.overdueSince ? ` · 逾期自 overdue since ${task.overdueSince}` : ''}
        </dd>
        <dt>复核 Escalation step</dt>
        <dd>{task.escalationStep}</dd>
        <dt>责任 Owner</dt>
        <dd>
          {task.ownerRole} · {task.orgUnit}
        </dd>
        <dt>负责人 Assignee</dt>
        <dd data-testid="task-assignee">{task.assignee ?? '—'}</dd>
        <dt>依据 Basis</dt>
        <dd>{task.basis}</dd>
        <dt>规则集 Rule set</dt>
        <dd>
          {task.ruleSet ? (
            <Link to={`/rulesets/${task.ruleSet.key}/v/${task.ruleSet.version}`}>
              {task.ruleSet.key} v{task.ruleSet.version}
            </Link>
          ) : (
            '—'
          )}{' '}
          · <DecisionLink decisionId={task.decisionId} />
        </dd>
        {task.evidence && (
          <>
            <dt>完成证明 Evidence</dt>
            <dd data-testid="task-evidence">
              {task.evidence.note}
              {task.evidence.references && task.evidence.references.length > 0 && (
                <ul>
                  {task.evidence.references.map((reference) => (
                    <li key={reference}>{reference}</li>
                  ))}
                </ul>
              )}
              <span className="muted">
                {task.completedBy} · {when(task.completedAt)}
              </span>
            </dd>
          </>
        )}
        <dt>修订 Revision</dt>
        <dd>{task.revision}</dd>
      </dl>

      {workable && (
        <div className="actions" aria-label="task actions">
          <div className="row">
            {task.status === 'open' && (
              <BusyButton
                busy={busy}
                type="button"
                onClick={() => act('已确认 Acknowledged', (revision) => monitoringEndpoints.acknowledgeTask(taskId, revision))}
              >
                确认 Acknowledge
              </BusyButton>
            )}
            {task.assignee !== me.name && (
              <BusyButton
                busy={busy}
                type="button"
                className="secondary"
                onClick={() => act(`已分配给 Assigned to ${me.name}`, (revision) => monitoringEndpoints.assignTask(taskId, revision, me.name))}
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
              onClick={() => act(`已分配给 Assigned to ${assignee.trim()}`, (revision) => monitoringEndpoints.assignTask(taskId, revision, assignee.trim()))}
            >
              分配 Assign
            </BusyButton>
          </div>
          <FieldErrors error={actionError} path="/body/assignee" />
          <div className="two-columns">
            <div>
              <label>
                意见 Comment
                <textarea aria-label="task comment" rows={3} value={comment} onChange={(event) => setComment(event.target.value)} />
              </label>
              <FieldErrors error={actionError} path="/body/text" />
              <BusyButton
                busy={busy}
                type="button"
                className="secondary"
                disabled={!comment.trim()}
                onClick={async () => {
                  if (await act('已评论 Commented', (revision) => monitoringEndpoints.commentTask(taskId, revision, comment.trim()))) setComment('');
                }}
              >
                评论 Comment
              </BusyButton>
            </div>
            <div>
              <label>
                处置情况 What was done
                <textarea aria-label="evidence note" rows={3} value={evidence} onChange={(event) => setEvidence(event.target.value)} />
              </label>
              <FieldErrors error={actionError} path="/body/evidence/note" />
              <label>
                证明材料 References (one per line: document numbers, links, file names)
                <textarea aria-label="evidence references" rows={2} value={references} onChange={(event) => setReferences(event.target.value)} />
              </label>
              <FieldErrors error={actionError} path="/body/evidence/references" />
              <BusyButton
                busy={busy}
                type="button"
                disabled={!evidence.trim()}
                onClick={async () => {
                  const refs = lines(references);
                  if (
                    await act('已完成 Completed', (revision) =>
                      monitoringEndpoints.completeTask(taskId, revision, { note: evidence.trim(), ...(refs.length ? { references: refs } : {}) }),
                    )
                  ) {
                    setEvidence('');
                    setReferences('');
                  }
                }}
              >
                完成 Complete with evidence
              </BusyButton>
            </div>
          </div>
        </div>
      )}
      <Status notice={notice} />
      <ActionError error={actionError} onReload={() => void reload()} />

      <h3>历史 History</h3>
      <ChangeHistory history={history} label="task history" />
    </section>
  );
}
