import { type FormEvent, useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { Status } from '../components/Status';
import { applyFilters, readFilters, setFilters, useSearch } from '../monitoring/search';
import { usePagedList } from '../monitoring/usePagedList';
import { Link } from '../router';
import { vendorAccess } from '../vendors/access';
import { AgencyForm } from '../vendors/AgencyForm';
import { AgencyStatusBadge } from '../vendors/AgencyStatusBadge';
import {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  AGENCY_STATUS_LABELS,
  AGENCY_STATUSES,
  labelOf,
  VENDOR_TERMS as T,
  WORK_KIND_LABELS,
  WORK_KINDS,
} from '../vendors/terms';
import { vendorEndpoints, type Agency, type AgencyQuery } from '../vendors/vendor-endpoints';
import '../vendors/vendors.css';

const DEFAULTS = { status: '', kind: '', workKind: '', checksDueBy: '' };
type Filters = typeof DEFAULTS;
const PAGE = 50;

/**
 * 委外机构名录 The agency register (docs/vendors.md): every agency, most recently changed first, with
 * its filters (status, kind, work kind, checks due by a day) in the address and keyset paging; HQ's
 * makers register an agency here.
 */
export function VendorsPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  return <AgencyList key={search} me={me} applied={readFilters(search, DEFAULTS)} />;
}

function AgencyList({ me, applied }: { me: PrincipalView; applied: Filters }) {
  const [form, setForm] = useState(applied);
  const [registering, setRegistering] = useState(false);
  const query = JSON.stringify(applied);
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) =>
      vendorEndpoints.list({ ...(setFilters(JSON.parse(query) as Filters) as AgencyQuery), limit: PAGE, ...(before ? { before } : {}) }, signal),
    [query],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<Agency>(fetchPage);
  const choose = (patch: Partial<Filters>) => applyFilters({ ...form, ...patch }, DEFAULTS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    choose({});
  };

  return (
    <>
      <div className="page-header">
        <h1>{T.register}</h1>
        <Link to="/vendors/published">{T.published}</Link>
        {vendorAccess.edit(me) && (
          <button type="button" className="secondary" aria-expanded={registering} onClick={() => setRegistering(!registering)}>
            {T.newAgency}
          </button>
        )}
      </div>
      {!vendorAccess.edit(me) && <p className="muted">{T.hqOnly}</p>}
      {registering && <AgencyForm />}
      <form className="row filters" aria-label="agency filters" onSubmit={submit}>
        <FilterSelect label={T.status} name="status" value={form.status} values={AGENCY_STATUSES} labels={AGENCY_STATUS_LABELS} onChange={choose} />
        <FilterSelect label={T.kind} name="kind" value={form.kind} values={AGENCY_KINDS} labels={AGENCY_KIND_LABELS} onChange={choose} />
        <FilterSelect label={T.workKinds} name="workKind" value={form.workKind} values={WORK_KINDS} labels={WORK_KIND_LABELS} onChange={choose} />
        <label className="inline">
          {T.checksDue}{' '}
          <input aria-label="checks due by" type="date" value={form.checksDueBy} onChange={(event) => setForm({ ...form, checksDueBy: event.target.value })} />
        </label>
        <button type="submit">{T.filter}</button>
      </form>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading} aria-label="agencies">
          <div className="scroll">
            <table className="grid">
              <thead>
                <tr>
                  <th>{T.agencyName}</th>
                  <th>{T.creditCode}</th>
                  <th>{T.kind}</th>
                  <th>{T.workKinds}</th>
                  <th>{T.status}</th>
                  <th>{T.checksDueOn}</th>
                  <th>{T.admittedOn}</th>
                  <th>{T.updatedAt}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((agency) => (
                  <tr key={agency.agencyId} data-testid={`agency-${agency.agencyId}`}>
                    <td>
                      <Link to={`/vendors/${encodeURIComponent(agency.agencyId)}`}>{agency.agencyName}</Link>
                    </td>
                    <td>
                      <code>{agency.creditCode}</code>
                    </td>
                    <td>{labelOf(AGENCY_KIND_LABELS, agency.kind)}</td>
                    <td>{agency.workKinds.map((kind) => labelOf(WORK_KIND_LABELS, kind)).join(', ')}</td>
                    <td>
                      <AgencyStatusBadge status={agency.status} />
                    </td>
                    <td>{agency.checksDueOn ?? '—'}</td>
                    <td>{agency.admittedOn ?? '—'}</td>
                    <td>{new Date(agency.updatedAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">{T.noAgencies}</p>}
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

function FilterSelect({
  label,
  name,
  value,
  values,
  labels,
  onChange,
}: {
  label: string;
  name: keyof Filters;
  value: string;
  values: readonly string[];
  labels: Record<string, string>;
  onChange: (patch: Partial<Filters>) => void;
}) {
  return (
    <label className="inline">
      {label}{' '}
      <select aria-label={`${name} filter`} value={value} onChange={(event) => onChange({ [name]: event.target.value })}>
        <option value="">{T.all}</option>
        {values.map((option) => (
          <option key={option} value={option}>
            {labels[option] ?? option}
          </option>
        ))}
      </select>
    </label>
  );
}
