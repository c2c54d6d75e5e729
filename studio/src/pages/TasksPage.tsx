import { type FormEvent, useCallback, useState } from 'react';
import { monitoringEndpoints, type Task, type TaskDetail, type TaskQuery } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { Status } from '../components/Status';
import { ListWithDetail } from '../components/SidePanel';
import { LevelBadge, ObligorLink, OverdueBadge } from '../monitoring/common';
import { ACTION_LABELS, label, MONITORING_TERMS, scopeText, share, SIGNAL_LABELS, TASK_STATUS_LABELS, yuan } from '../monitoring/labels';
import { applyFilters, readFilters, searchParam, setFilters, useSearch } from '../monitoring/search';
import { TaskPanel } from '../monitoring/TaskPanel';
import '../monitoring/monitoring.css';
import { usePagedList } from '../monitoring/usePagedList';
import { LEVEL_LABELS } from '../terms';

// Pending work unless the address says otherwise (?status= for all); overdue is "true" or empty.
const DEFAULTS = { status: 'pending', alertLevel: '', orgUnit: '', ownerRole: '', assignee: '', obligorId: '', overdue: '' };
type Filters = typeof DEFAULTS;

const PAGE = 50;

/**
 * The disposition task queue: pending work first, overdue flagged; open one to work it. The
 * filters live in the address (reload, links and back/forward keep them); ?open=<taskId> opens one.
 */
export function TasksPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  // A new address is a new queue: whatever the old one still awaited is cancelled with it.
  return <TaskQueue key={search} me={me} applied={readFilters(search, DEFAULTS)} open={searchParam(search, 'open')} />;
}

function TaskQueue({ me, applied, open }: { me: PrincipalView; applied: Filters; open: string }) {
  const [form, setForm] = useState(applied);
  const [selected, setSelected] = useState(open);
  const query = JSON.stringify(applied);

  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => {
      const { overdue, ...rest } = setFilters(JSON.parse(query) as Filters);
      return monitoringEndpoints.tasks(
        { ...(rest as TaskQuery), ...(overdue === 'true' ? { overdue: true } : {}), limit: PAGE, ...(before ? { before } : {}) },
        signal,
      );
    },
    [query],
  );
  const { items, setItems, nextBefore, error, loading, load } = usePagedList<Task>(fetchPage);

  const onChanged = useCallback((detail: TaskDetail) => {
    setItems((current) => current?.map((item) => (item.taskId === detail.task.taskId ? detail.task : item)));
  }, []);

  /** Selects and the checkbox apply at once; the text fields on submit. */
  const choose = (name: keyof Filters, value: string) => applyFilters({ ...form, [name]: value }, DEFAULTS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyFilters(
      { ...form, orgUnit: form.orgUnit.trim(), ownerRole: form.ownerRole.trim(), assignee: form.assignee.trim(), obligorId: form.obligorId.trim() },
      DEFAULTS,
    );
  };
  const overdueCount = items?.filter((task) => task.overdue).length ?? 0;

  const list = (
    <>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading}>
          {overdueCount > 0 && (
            <p className="overdue-summary" data-testid="overdue-count">
              {overdueCount} 项逾期 overdue on this page
            </p>
          )}
          <table className="grid" aria-label="tasks">
            <thead>
              <tr>
                <th>措施 Action</th>
                <th>比例/金额 Share / amount</th>
                <th>期限 Due</th>
                <th>预警 Alert</th>
                <th>对象 Subject</th>
                <th>责任 Owner</th>
                <th>机构 Org unit</th>
                <th>负责人 Assignee</th>
                <th>状态 Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((task) => (
                <tr
                  key={task.taskId}
                  data-task-id={task.taskId}
                  className={[task.overdue ? 'overdue' : '', task.taskId === selected ? 'selected' : ''].join(' ').trim() || undefined}
                >
                  <td>
                    {label(ACTION_LABELS, task.action)}
                    {task.escalationStep > 0 ? <span className="muted"> · 复核 review {task.escalationStep}</span> : null}
                  </td>
                  <td>{task.share !== null ? share(task.share) : yuan(task.amount)}</td>
                  <td>
                    {task.dueOn ?? '—'} <OverdueBadge overdue={task.overdue} since={task.overdueSince} />
                  </td>
                  <td>
                    <LevelBadge level={task.alertLevel} /> {label(SIGNAL_LABELS, task.signal)}
                  </td>
                  <td>{task.target === 'obligor' ? <ObligorLink obligorId={task.obligorId} /> : <span className="segment">{task.subjectKey}</span>}</td>
                  <td>{task.ownerRole}</td>
                  <td>{task.orgUnit}</td>
                  <td>{task.assignee ?? '—'}</td>
                  <td>{label(TASK_STATUS_LABELS, task.status)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(task.taskId)}>
                      详情 Details
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length === 0 && !loading && <p className="muted">无任务 No tasks match.</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              更早 Older
            </button>
          )}
        </section>
      )}
    </>
  );

  return (
    <>
      <div className="page-header">
        <h1>{MONITORING_TERMS.tasks}</h1>
        <span className="muted">范围 Scope: {scopeText(me)}</span>
      </div>
      <form className="row filters" aria-label="task filters" onSubmit={submit}>
        <label className="inline">
          状态 Status
          <select aria-label="status" value={form.status} onChange={(event) => choose('status', event.target.value)}>
            <option value="">全部 all</option>
            {Object.entries(TASK_STATUS_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          预警级别 Alert level
          <select aria-label="alert level" value={form.alertLevel} onChange={(event) => choose('alertLevel', event.target.value)}>
            <option value="">全部 all</option>
            {Object.entries(LEVEL_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input
            type="checkbox"
            aria-label="overdue only"
            checked={form.overdue === 'true'}
            onChange={(event) => choose('overdue', event.target.checked ? 'true' : '')}
          />{' '}
          只看逾期 Overdue only
        </label>
        <label className="inline">
          机构 Org unit
          <input
            aria-label="org unit"
            size={8}
            value={form.orgUnit}
            placeholder={me.orgUnit}
            onChange={(event) => setForm({ ...form, orgUnit: event.target.value })}
          />
        </label>
        <label className="inline">
          责任角色 Owner role
          <input
            aria-label="owner role"
            size={12}
            value={form.ownerRole}
            placeholder="risk-manager"
            onChange={(event) => setForm({ ...form, ownerRole: event.target.value })}
          />
        </label>
        <label className="inline">
          负责人 Assignee
          <input
            aria-label="assignee"
            size={10}
            value={form.assignee}
            placeholder="me / 用户名"
            onChange={(event) => setForm({ ...form, assignee: event.target.value })}
          />
        </label>
        <label className="inline">
          义务人 Obligor
          <input aria-label="obligor" size={10} value={form.obligorId} onChange={(event) => setForm({ ...form, obligorId: event.target.value })} />
        </label>
        <button type="submit">筛选 Filter</button>
      </form>
      <ListWithDetail
        list={list}
        label="任务详情 Task details"
        onClose={() => setSelected('')}
        detail={selected ? <TaskPanel key={selected} taskId={selected} me={me} onChanged={onChanged} /> : undefined}
      />
    </>
  );
}
