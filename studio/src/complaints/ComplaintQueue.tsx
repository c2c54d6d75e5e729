import { type FormEvent, useCallback, useState } from 'react';
import { COMPLAINT_STATUS_VALUES, COMPLAINT_SUBJECT_KIND_VALUES } from '../../../server/generated/schema-types';
import { Status } from '../components/Status';
import { applyFilters, readFilters, setFilters, useSearch } from '../monitoring/search';
import { usePagedList } from '../monitoring/usePagedList';
import { Link } from '../router';
import { complaintEndpoints, type Complaint, type ComplaintQuery } from './complaint-endpoints';
import { DeadlineBadge } from './DeadlineBadge';
import { openDeadline } from './deadline-state';
import { CHANNEL_LABELS, COMPLAINT_TERMS as T, labelOf, STATUS_LABELS, SUBJECT_LABELS } from './terms';

const DEFAULTS = { status: '', orgUnit: '', subject: '' };
type Filters = typeof DEFAULTS;
const PAGE = 50;

/**
 * The complaint queue by deadline (docs/complaints.md "Reading"): the nearest deadline first, complaints without one
 * last; filters (status, unit, subject) in the address, so a reload, a link and back keep them; keyset paging.
 */
export function ComplaintQueue() {
  const search = useSearch();
  return <QueueList key={search} applied={readFilters(search, DEFAULTS)} />;
}

function QueueList({ applied }: { applied: Filters }) {
  const [form, setForm] = useState(applied);
  const query = JSON.stringify(applied);
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) =>
      complaintEndpoints.list(
        { ...(setFilters(JSON.parse(query) as Filters) as ComplaintQuery), order: 'deadline', limit: PAGE, ...(before ? { before } : {}) },
        signal,
      ),
    [query],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<Complaint>(fetchPage);
  const choose = (patch: Partial<Filters>) => applyFilters({ ...form, ...patch }, DEFAULTS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    choose({});
  };
  return (
    <>
      <form className="row filters" aria-label="complaint filters" onSubmit={submit}>
        <label className="inline">
          {T.status}{' '}
          <select aria-label="status" value={form.status} onChange={(event) => choose({ status: event.target.value })}>
            <option value="">{T.all}</option>
            {COMPLAINT_STATUS_VALUES.map((value) => (
              <option key={value} value={value}>
                {STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {T.subject}{' '}
          <select aria-label="subject" value={form.subject} onChange={(event) => choose({ subject: event.target.value })}>
            <option value="">{T.all}</option>
            {COMPLAINT_SUBJECT_KIND_VALUES.map((value) => (
              <option key={value} value={value}>
                {SUBJECT_LABELS[value]}
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
        <section className="card" aria-busy={loading} aria-label="complaint queue">
          <div className="scroll">
            <table className="grid">
              <thead>
                <tr>
                  <th>{T.number}</th>
                  <th>{T.deadline}</th>
                  <th>{T.status}</th>
                  <th>{T.subject}</th>
                  <th>{T.channel}</th>
                  <th>{T.orgUnit}</th>
                  <th>{T.receivedAt}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((complaint) => {
                  const deadline = openDeadline(complaint);
                  return (
                    <tr key={complaint.complaintId} data-testid={`complaint-${complaint.complaintId}`}>
                      <td>
                        <Link to={`/complaints/${encodeURIComponent(complaint.complaintId)}`}>{complaint.complaintId}</Link>
                      </td>
                      <td>
                        {deadline ? <DeadlineBadge state={deadline.state} stage={deadline.stage} dueOn={deadline.dueOn} /> : (complaint.nextDeadline ?? '—')}
                      </td>
                      <td>{labelOf(STATUS_LABELS, complaint.status)}</td>
                      <td>{labelOf(SUBJECT_LABELS, complaint.subject.kind)}</td>
                      <td>{labelOf(CHANNEL_LABELS, complaint.channel)}</td>
                      <td>{complaint.orgUnit}</td>
                      <td>{new Date(complaint.receivedAt).toLocaleString()}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">{T.noComplaints}</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              {T.older}
            </button>
          )}
        </section>
      )}
    </>
  );
}
