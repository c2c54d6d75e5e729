import { useCallback, useState } from 'react';
import { Status } from '../components/Status';
import { applyFilters, readFilters, useSearch } from '../monitoring/search';
import { usePagedList } from '../monitoring/usePagedList';
import { Link } from '../router';
import { recoveryEndpoints, type RecoveryCase, type RecoveryCaseQuery } from './recovery-endpoints';
import { HANDLER_LABELS, RECOVERY_TERMS as T, STAGE_LABELS, STATUS_LABELS, yuanText } from './terms';

const PAGE = 50;
const DEFAULTS = { status: '', orgUnit: '' };
type Filters = typeof DEFAULTS;

/**
 * The recovery cases the user's scope holds (the server filters by unit), newest change first, filtered by status and
 * unit; the filters live in the address (?status=open&orgUnit=BR-SH), so a filtered list can be linked and reloaded.
 */
export function RecoveryCasesList() {
  const search = useSearch();
  return <CasesList key={search} filters={readFilters(search, DEFAULTS)} />;
}

function CasesList({ filters }: { filters: Filters }) {
  const [orgUnit, setOrgUnit] = useState(filters.orgUnit);
  const show = (changes: Partial<Filters>) => applyFilters({ ...filters, ...changes }, DEFAULTS);
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => {
      const query: RecoveryCaseQuery = {
        limit: PAGE,
        ...(filters.status === 'open' || filters.status === 'closed' ? { status: filters.status } : {}),
        ...(filters.orgUnit ? { orgUnit: filters.orgUnit } : {}),
        ...(before ? { before } : {}),
      };
      return recoveryEndpoints.cases(query, signal);
    },
    [filters.status, filters.orgUnit],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<RecoveryCase>(fetchPage);
  return (
    <>
      <form
        className="filters"
        aria-label="recovery filters"
        onSubmit={(event) => {
          event.preventDefault();
          show({ orgUnit: orgUnit.trim() });
        }}
      >
        <label>
          {T.status}
          <select aria-label="status" value={filters.status} onChange={(event) => show({ status: event.target.value })}>
            <option value="">{T.all}</option>
            <option value="open">{T.open}</option>
            <option value="closed">{T.closed}</option>
          </select>
        </label>
        <label>
          {T.orgUnit}
          <input aria-label="org unit" value={orgUnit} onChange={(event) => setOrgUnit(event.target.value)} />
        </label>
        <button type="submit">{T.apply}</button>
      </form>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading} aria-label="recovery cases">
          <div className="scroll">
            <table className="grid">
              <thead>
                <tr>
                  <th>{T.case}</th>
                  <th>{T.orgUnit}</th>
                  <th>{T.paidOn}</th>
                  <th>{T.due}</th>
                  <th>{T.recovered}</th>
                  <th>{T.receivable}</th>
                  <th>{T.handler}</th>
                  <th>{T.stage}</th>
                  <th>{T.status}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.caseId} data-testid={`case-${item.caseId}`}>
                    <td>
                      <Link to={`/recovery/cases/${encodeURIComponent(item.caseId)}`}>{item.caseId}</Link>
                    </td>
                    <td>{item.orgUnit}</td>
                    <td>{item.paidOn}</td>
                    <td>{yuanText(sum(item.due))}</td>
                    <td>{yuanText(sum(item.recovered))}</td>
                    <td>{yuanText(sum(item.receivable))}</td>
                    <td>{HANDLER_LABELS[item.handler]}</td>
                    <td>{item.impairment ? STAGE_LABELS[item.impairment.stage] : '—'}</td>
                    <td>{STATUS_LABELS[item.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">{T.noCases}</p>}
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

function sum(amounts: { indemnity: number; penalty: number; costs: number }): number {
  return Math.round((amounts.indemnity + amounts.penalty + amounts.costs) * 100) / 100;
}
