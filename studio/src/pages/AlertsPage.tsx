import { type FormEvent, useCallback, useState } from 'react';
import { monitoringEndpoints, type Alert, type AlertDetail, type AlertQuery } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { ErrorView } from '../components/ErrorView';
import { AlertPanel } from '../monitoring/AlertPanel';
import { LevelBadge, ObligorLink, SegmentText } from '../monitoring/common';
import { ALERT_STATUS_LABELS, label, MONITORING_TERMS, scopeText, yuan } from '../monitoring/labels';
import { ObligorLookup } from '../monitoring/ObligorLookup';
import { searchParam, useSearch } from '../monitoring/search';
import '../monitoring/monitoring.css';
import { usePagedList } from '../monitoring/usePagedList';
import { LEVEL_LABELS } from '../terms';

interface Filters {
  level: string;
  status: string;
  target: string;
  orgUnit: string;
  assignee: string;
  obligorId: string;
}

const PAGE = 50;

/** The alert queue: filter by level, status, org unit, assignee; open one to work it. Links may preset ?obligorId= and ?open=<alertId>. */
export function AlertsPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  // Open alerts unless the link says otherwise (?status= for all).
  const status = new URLSearchParams(search).has('status') ? searchParam(search, 'status') : 'open';
  const initial: Filters = { level: searchParam(search, 'level'), status, target: '', orgUnit: '', assignee: '', obligorId: searchParam(search, 'obligorId') };
  return <AlertQueue key={search} me={me} initial={initial} open={searchParam(search, 'open')} />;
}

function AlertQueue({ me, initial, open }: { me: PrincipalView; initial: Filters; open: string }) {
  const [form, setForm] = useState(initial);
  const [applied, setApplied] = useState(initial);
  const [selected, setSelected] = useState(open);

  const fetchPage = useCallback((before?: string) => {
    return monitoringEndpoints.alerts({ ...(applied as AlertQuery), limit: PAGE, ...(before ? { before } : {}) });
  }, [applied]);
  const { items, setItems, nextBefore, error, load } = usePagedList<Alert>(fetchPage);

  const onChanged = useCallback((detail: AlertDetail) => {
    setItems((current) => current?.map((item) => (item.alertId === detail.alert.alertId ? detail.alert : item)));
  }, []);

  /** Selects filter at once; the text fields on submit. */
  const choose = (name: keyof Filters, value: string) => {
    setForm((current) => ({ ...current, [name]: value }));
    setApplied((current) => ({ ...current, [name]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...form, orgUnit: form.orgUnit.trim(), assignee: form.assignee.trim(), obligorId: form.obligorId.trim() });
  };

  return (
    <>
      <div className="page-header">
        <h1>{MONITORING_TERMS.alerts}</h1>
        <span className="muted">范围 Scope: {scopeText(me)}</span>
        <ObligorLookup />
      </div>
      <form className="row filters" aria-label="alert filters" onSubmit={submit}>
        <label className="inline">级别 Level
          <select aria-label="level" value={form.level} onChange={(event) => choose('level', event.target.value)}>
            <option value="">全部 all</option>
            {Object.entries(LEVEL_LABELS).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
          </select>
        </label>
        <label className="inline">状态 Status
          <select aria-label="status" value={form.status} onChange={(event) => choose('status', event.target.value)}>
            <option value="">全部 all</option>
            {Object.entries(ALERT_STATUS_LABELS).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
          </select>
        </label>
        <label className="inline">对象 Target
          <select aria-label="target" value={form.target} onChange={(event) => choose('target', event.target.value)}>
            <option value="">全部 all</option>
            <option value="obligor">履约义务人 obligor</option>
            <option value="portfolio">资产组合 portfolio</option>
          </select>
        </label>
        <label className="inline">机构 Org unit
          <input aria-label="org unit" size={8} value={form.orgUnit} placeholder={me.orgUnit} onChange={(event) => setForm({ ...form, orgUnit: event.target.value })} />
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
          <table className="grid" aria-label="alerts">
            <thead>
              <tr>
                <th>级别 Level</th><th>信号 Signal</th><th>对象 Subject</th><th>取值 Value</th><th>机构 Org unit</th><th>发起 Raised</th><th>变更 Changed</th>
                <th>负责人 Assignee</th><th>确认 Acknowledged</th><th>状态 Status</th><th />
              </tr>
            </thead>
            <tbody>
              {items.map((alert) => (
                <tr key={alert.alertId} data-alert-id={alert.alertId} className={alert.alertId === selected ? 'selected' : undefined}>
                  <td><LevelBadge level={alert.level} /></td>
                  <td>{alert.signal}{alert.notify.length > 0 ? <span className="muted"> → {alert.notify.join(', ')}</span> : null}</td>
                  <td>{alert.target === 'obligor' ? <ObligorLink obligorId={alert.obligorId} /> : <SegmentText segment={alert.segment} />}</td>
                  <td>{yuan(alert.value)}</td>
                  <td>{alert.orgUnit}</td>
                  <td>{alert.raisedOn}</td>
                  <td>{alert.changedOn}</td>
                  <td>{alert.assignee ?? '—'}</td>
                  <td>{alert.acknowledgedBy ?? '—'}</td>
                  <td>{label(ALERT_STATUS_LABELS, alert.status)}</td>
                  <td><button type="button" className="link" onClick={() => setSelected(alert.alertId)}>详情 Details</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length === 0 && <p className="muted">无预警 No alerts match.</p>}
          {nextBefore && <button type="button" className="secondary" onClick={() => void load(nextBefore)}>更早 Older</button>}
        </section>
      )}
      {selected && <AlertPanel key={selected} alertId={selected} me={me} onChanged={onChanged} />}
    </>
  );
}
