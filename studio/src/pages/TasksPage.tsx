import { type FormEvent, useCallback, useState } from 'react';
import { monitoringEndpoints, type Task, type TaskDetail, type TaskQuery } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { ErrorView } from '../components/ErrorView';
import { LevelBadge, ObligorLink, OverdueBadge } from '../monitoring/common';
import { ACTION_LABELS, label, MONITORING_TERMS, scopeText, share, TASK_STATUS_LABELS, yuan } from '../monitoring/labels';
import { searchParam, useSearch } from '../monitoring/search';
import { TaskPanel } from '../monitoring/TaskPanel';
import '../monitoring/monitoring.css';
import { usePagedList } from '../monitoring/usePagedList';
import { LEVEL_LABELS } from '../terms';

interface Filters {
  status: string;
  alertLevel: string;
  orgUnit: string;
  ownerRole: string;
  assignee: string;
  obligorId: string;
  overdue: boolean;
}

const PAGE = 50;

/** The disposition task queue: pending work first, overdue flagged; open one to work it. Links may preset ?obligorId= and ?open=<taskId>. */
export function TasksPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  const status = new URLSearchParams(search).has('status') ? searchParam(search, 'status') : 'pending';
  const initial: Filters = { status, alertLevel: '', orgUnit: '', ownerRole: '', assignee: '', obligorId: searchParam(search, 'obligorId'), overdue: searchParam(search, 'overdue') === 'true' };
  return <TaskQueue key={search} me={me} initial={initial} open={searchParam(search, 'open')} />;
}

function TaskQueue({ me, initial, open }: { me: PrincipalView; initial: Filters; open: string }) {
  const [form, setForm] = useState(initial);
  const [applied, setApplied] = useState(initial);
  const [selected, setSelected] = useState(open);

  const fetchPage = useCallback((before?: string) => {
    const { overdue, ...rest } = applied;
    return monitoringEndpoints.tasks({ ...(rest as TaskQuery), ...(overdue ? { overdue: true } : {}), limit: PAGE, ...(before ? { before } : {}) });
  }, [applied]);
  const { items, setItems, nextBefore, error, load } = usePagedList<Task>(fetchPage);

  const onChanged = useCallback((detail: TaskDetail) => {
    setItems((current) => current?.map((item) => (item.taskId === detail.task.taskId ? detail.task : item)));
  }, []);

  const choose = (name: keyof Filters, value: string | boolean) => {
    setForm((current) => ({ ...current, [name]: value }));
    setApplied((current) => ({ ...current, [name]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...form, orgUnit: form.orgUnit.trim(), ownerRole: form.ownerRole.trim(), assignee: form.assignee.trim(), obligorId: form.obligorId.trim() });
  };
  const overdueCount = items?.filter((task) => task.overdue).length ?? 0;

  return (
    <>
      <div className="page-header">
        <h1>{MONITORING_TERMS.tasks}</h1>
        <span className="muted">范围 Scope: {scopeText(me)}</span>
      </div>
      <form className="row filters" aria-label="task filters" onSubmit={submit}>
        <label className="inline">状态 Status
          <select aria-label="status" value={form.status} onChange={(event) => choose('status', event.target.value)}>
            <option value="">全部 all</option>
            {Object.entries(TASK_STATUS_LABELS).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
          </select>
        </label>
        <label className="inline">预警级别 Alert level
          <select aria-label="alert level" value={form.alertLevel} onChange={(event) => choose('alertLevel', event.target.value)}>
            <option value="">全部 all</option>
            {Object.entries(LEVEL_LABELS).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" aria-label="overdue only" checked={form.overdue} onChange={(event) => choose('overdue', event.target.checked)} /> 只看逾期 Overdue only
        </label>
        <label className="inline">机构 Org unit
          <input aria-label="org unit" size={8} value={form.orgUnit} placeholder={me.orgUnit} onChange={(event) => setForm({ ...form, orgUnit: event.target.value })} />
        </label>
        <label className="inline">责任角色 Owner role
          <input aria-label="owner role" size={12} value={form.ownerRole} placeholder="risk-manager" onChange={(event) => setForm({ ...form, ownerRole: event.target.value })} />
        </label>
        <label className="inline">负责人 Assignee
          <input aria-label="assignee" size={10} value={form.assignee} placeholder="me / 用户名" onChange={(event) => setForm({ ...form, assignee: event.target.value })} />
        </label>
        <label className="inline">义务人 Obligor
          <input aria-label="obligor" size={10} value={form.obligorId} onChange={(event) => setForm({ ...form, obligorId: event.target.value })} />
        </label>
        <button type="submit">筛选 Filter</button>
      </form>
      <ErrorView error={error} />
      {items && (
        <section className="card">
          {overdueCount > 0 && <p className="overdue-summary" data-testid="overdue-count">{overdueCount} 项逾期 overdue on this page</p>}
          <table className="grid" aria-label="tasks">
            <thead>
              <tr>
                <th>措施 Action</th><th>比例/金额 Share / amount</th><th>期限 Due</th><th>预警 Alert</th><th>对象 Subject</th><th>责任 Owner</th><th>机构 Org unit</th>
                <th>负责人 Assignee</th><th>状态 Status</th><th />
              </tr>
            </thead>
            <tbody>
              {items.map((task) => (
                <tr key={task.taskId} data-task-id={task.taskId} className={[task.overdue ? 'overdue' : '', task.taskId === selected ? 'selected' : ''].join(' ').trim() || undefined}>
                  <td>{label(ACTION_LABELS, task.action)}{task.escalationStep > 0 ? <span className="muted"> · 复核 review {task.escalationStep}</span> : null}</td>
                  <td>{task.share !== null ? share(task.share) : yuan(task.amount)}</td>
                  <td>{task.dueOn ?? '—'} <OverdueBadge overdue={task.overdue} since={task.overdueSince} /></td>
                  <td><LevelBadge level={task.alertLevel} /> {task.signal}</td>
                  <td>{task.target === 'obligor' ? <ObligorLink obligorId={task.obligorId} /> : <span className="segment">{task.subjectKey}</span>}</td>
                  <td>{task.ownerRole}</td>
                  <td>{task.orgUnit}</td>
                  <td>{task.assignee ?? '—'}</td>
                  <td>{label(TASK_STATUS_LABELS, task.status)}</td>
                  <td><button type="button" className="link" onClick={() => setSelected(task.taskId)}>详情 Details</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length === 0 && <p className="muted">无任务 No tasks match.</p>}
          {nextBefore && <button type="button" className="secondary" onClick={() => void load(nextBefore)}>更早 Older</button>}
        </section>
      )}
      {selected && <TaskPanel key={selected} taskId={selected} me={me} onChanged={onChanged} />}
    </>
  );
}
