import { type FormEvent, useCallback, useState } from 'react';
import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
import { Status } from '../components/Status';
import { LEVEL_LABELS } from '../terms';
import { applyFilters, readFilters, setFilters, useSearch } from '../monitoring/search';
import { usePagedList } from '../monitoring/usePagedList';
import { Link } from '../router';
import {
  ACTUARIAL_NOTICE_CAUSE_VALUES,
  type ActuarialNotice,
  type ActuarialNoticeList,
  type ActuarialNoticeQuery,
} from '../../../server/generated/schema-types';
import { ACTUARIAL_TERMS as T, CAUSE_LABELS } from './terms';

export const ACTUARIAL_PATH = '/actuarial/notices';
const DEFAULTS = { month: '', cause: '', orgUnit: '' };
type Filters = typeof DEFAULTS;
const PAGE = 50;

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);
const points = (value: number | null) => (value === null ? '—' : `${value > 0 ? '+' : ''}${value.toFixed(2)}`);

/**
 * 精算通知 Actuarial notices (docs/actuarial.md, Art. 8): the notices of the caller's units, newest first, with the
 * figures behind each (this month, last month, the change in points) and links to its task and decision; filters in the
 * address; keyset paging.
 */
export function ActuarialNoticesPage() {
  const search = useSearch();
  return <NoticeList key={search} applied={readFilters(search, DEFAULTS)} />;
}

function NoticeList({ applied }: { applied: Filters }) {
  const [form, setForm] = useState(applied);
  const query = JSON.stringify(applied);
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) =>
      api<ActuarialNoticeList>(
        'GET',
        `/actuarial/notices${queryString({ ...(setFilters(JSON.parse(query) as Filters) as ActuarialNoticeQuery), limit: PAGE, ...(before ? { before } : {}) })}`,
        undefined,
        signal,
      ),
    [query],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<ActuarialNotice>(fetchPage);
  const choose = (patch: Partial<Filters>) => applyFilters({ ...form, ...patch }, DEFAULTS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    choose({});
  };
  return (
    <>
      <h1>{T.navigation}</h1>
      <p className="muted">{T.intro}</p>
      <form className="row filters" aria-label="notice filters" onSubmit={submit}>
        <label className="inline">
          {T.month} <input type="month" aria-label="month" value={form.month} onChange={(event) => choose({ month: event.target.value })} />
        </label>
        <label className="inline">
          {T.cause}{' '}
          <select aria-label="cause" value={form.cause} onChange={(event) => choose({ cause: event.target.value })}>
            <option value="">{T.all}</option>
            {ACTUARIAL_NOTICE_CAUSE_VALUES.map((value) => (
              <option key={value} value={value}>
                {CAUSE_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {T.orgUnit} <input aria-label="org unit" value={form.orgUnit} onChange={(event) => setForm({ ...form, orgUnit: event.target.value.trim() })} />
        </label>
        <button type="submit">{T.filter}</button>
      </form>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading} aria-label="actuarial notices">
          {items.length === 0 ? (
            <p className="muted">{T.none}</p>
          ) : (
            <div className="scroll">
              <table className="grid">
                <thead>
                  <tr>
                    <th>{T.month}</th>
                    <th>{T.orgUnit}</th>
                    <th>{T.segment}</th>
                    <th>{T.cause}</th>
                    <th>{T.level}</th>
                    <th>{T.lossRate}</th>
                    <th>{T.overdueRate}</th>
                    <th>{T.task}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((notice) => (
                    <tr key={notice.noticeId} data-notice={notice.noticeId}>
                      <td>{notice.month}</td>
                      <td>{notice.orgUnit}</td>
                      <td>{segmentText(notice.segment)}</td>
                      <td>{CAUSE_LABELS[notice.cause]}</td>
                      <td>{notice.figures.warningLevel === 'none' ? '—' : (LEVEL_LABELS[notice.figures.warningLevel] ?? notice.figures.warningLevel)}</td>
                      <td>
                        {percent(notice.figures.lossRate)} ({T.change} {points(notice.figures.lossRateChangePoints)})
                      </td>
                      <td>
                        {percent(notice.figures.overdueRate)} ({T.change} {points(notice.figures.overdueRateChangePoints)})
                      </td>
                      <td>
                        <Link to={`/tasks?open=${encodeURIComponent(notice.taskId)}`}>{T.task}</Link> ·{' '}
                        <Link to={`/decisions/${encodeURIComponent(notice.decisionId)}`}>{T.decision}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {nextBefore && (
            <button type="button" disabled={loading} onClick={() => void load(nextBefore)}>
              {T.older}
            </button>
          )}
        </section>
      )}
    </>
  );
}

/** A segment as its dimensions (the unit's own figures as "unit as a whole"). */
function segmentText(segment: Record<string, string>): string {
  const others = Object.entries(segment).filter(([dimension]) => dimension !== 'orgUnit');
  return others.length === 0 ? T.wholeUnit : others.map(([, value]) => value).join(' · ');
}
