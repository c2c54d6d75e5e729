import { type FormEvent, useCallback, useState } from 'react';
import { monitoringEndpoints, type Alert, type AlertDetail, type AlertQuery } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { Status } from '../components/Status';
import { ListWithDetail } from '../components/SidePanel';
import { AlertPanel } from '../monitoring/AlertPanel';
import { LevelBadge, ObligorLink, SegmentText } from '../monitoring/common';
import { ALERT_STATUS_LABELS, label, MONITORING_TERMS, scopeText, SIGNAL_LABELS, yuan } from '../monitoring/labels';
import { ObligorLookup } from '../monitoring/ObligorLookup';
import { applyFilters, readFilters, searchParam, setFilters, useSearch } from '../monitoring/search';
import '../monitoring/monitoring.css';
import { usePagedList } from '../monitoring/usePagedList';
import { LEVEL_LABELS } from '../terms';

// Open alerts unless the address says otherwise (?status= for all).
const DEFAULTS = { level: '', status: 'open', target: '', orgUnit: '', assignee: '', obligorId: '' };
type Filters = typeof DEFAULTS;

const PAGE = 50;

/**
 * The alert queue: filter by level, status, target, org unit, assignee, obligor; open one to work
 * it. The filters live in the address (reload, links and back/forward keep them); ?open=<alertId>
 * opens one.
 */
export function AlertsPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  // A new address is a new queue: whatever the old one still awaited is cancelled with it.
  return <AlertQueue key={search} me={me} applied={readFilters(search, DEFAULTS)} open={searchParam(search, 'open')} />;
}

function AlertQueue({ me, applied, open }: { me: PrincipalView; applied: Filters; open: string }) {
  const [form, setForm] = useState(applied);
  const [selected, setSelected] = useState(open);
  const query = JSON.stringify(applied);

  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => {
      return monitoringEndpoints.alerts({ ...(setFilters(JSON.parse(query) as Filters) as AlertQuery), limit: PAGE, ...(before ? { before } : {}) }, signal);
    },
    [query],
  );
  const { items, setItems, nextBefore, error, loading, load } = usePagedList<Alert>(fetchPage);

  const onChanged = useCallback((detail: AlertDetail) => {
    setItems((current) => current?.map((item) => (item.alertId === detail.alert.alertId ? detail.alert : item)));
  }, []);

  /** Selects apply at once; the text fields on submit. */
  const choose = (name: keyof Filters, value: string) => applyFilters({ ...form, [name]: value }, DEFAULTS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyFilters({ ...form, orgUnit: form.orgUnit.trim(), assignee: form.assignee.trim(), obligorId: form.obligorId.trim() }, DEFAULTS);
  };

  const list = (
    <>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading}>
          <table className="grid" aria-label="alerts">
            <thead>
              <tr>
                <th>级别 Level</th>
                <th>信号 Signal</th>
                <th>对象 Subject</th>
                <th>取值 Value</th>
                <th>机构 Org unit</th>
                <th>发起 Raised</th>
                <th>变更 Changed</th>
                <th>负责人 Assignee</th>
                <th>确认 Acknowledged</th>
                <th>状态 Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((alert) => (
                <tr key={alert.alertId} data-alert-id={alert.alertId} className={alert.alertId === selected ? 'selected' : undefined}>
                  <td>
                    <LevelBadge level={alert.level} />
                  </td>
                  <td>
                    {label(SIGNAL_LABELS, alert.signal)}
                    {alert.notify.length > 0 ? <span className="muted"> → {alert.notify.join(', ')}</span> : null}
                  </td>
                  <td>{alert.target === 'obligor' ? <ObligorLink obligorId={alert.obligorId} /> : <SegmentText segment={alert.segment} />}</td>
                  <td>{yuan(alert.value)}</td>
                  <td>{alert.orgUnit}</td>
                  <td>{alert.raisedOn}</td>
                  <td>{alert.changedOn}</td>
                  <td>{alert.assignee ?? '—'}</td>
                  <td>{alert.acknowledgedBy ?? '—'}</td>
                  <td>{label(ALERT_STATUS_LABELS, alert.status)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(alert.alertId)}>
                      详情 Details
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length === 0 && !loading && <p className="muted">无预警 No alerts match.</p>}
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
        <h1>{MONITORING_TERMS.alerts}</h1>
        <span className="muted">范围 Scope: {scopeText(me)}</span>
        <ObligorLookup />
      </div>
      <form className="row filters" aria-label="alert filters" onSubmit={submit}>
        <label className="inline">
          级别 Level
          <select aria-label="level" value={form.level} onChange={(event) => choose('level', event.target.value)}>
            <option value="">全部 all</option>
            {Object.entries(LEVEL_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          状态 Status
          <select aria-label="status" value={form.status} onChange={(event) => choose('status', event.target.value)}>
            <option value="">全部 all</option>
            {Object.entries(ALERT_STATUS_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          对象 Target
          <select aria-label="target" value={form.target} onChange={(event) => choose('target', event.target.value)}>
            <option value="">全部 all</option>
            <option value="obligor">履约义务人 obligor</option>
            <option value="portfolio">资产组合 portfolio</option>
          </select>
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
        label="预警详情 Alert details"
        onClose={() => setSelected('')}
        detail={selected ? <AlertPanel key={selected} alertId={selected} me={me} onChanged={onChanged} /> : undefined}
      />
    </>
  );
}
