import { type FormEvent, useCallback, useState } from 'react';
import { monitoringEndpoints, type ClaimCase, type ClaimCaseQuery } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { Status } from '../components/Status';
import { ClaimCasesTable } from '../monitoring/ClaimCases';
import { CLAIM_STATUS_LABELS, MONITORING_TERMS, scopeText } from '../monitoring/labels';
import { applyFilters, readFilters, setFilters, useSearch } from '../monitoring/search';
import '../monitoring/monitoring.css';
import { usePagedList } from '../monitoring/usePagedList';

const DEFAULTS = { status: '', orgUnit: '', obligorId: '' };
type Filters = typeof DEFAULTS;
const PAGE = 50;

/** Claim cases (Art. 15-16) opened, advised for withdrawal or suspended by the claim-trigger rules, within the caller's scope; the filters live in the address. */
export function ClaimsPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  return <ClaimList key={search} me={me} applied={readFilters(search, DEFAULTS)} />;
}

function ClaimList({ me, applied }: { me: PrincipalView; applied: Filters }) {
  const [form, setForm] = useState(applied);
  const query = JSON.stringify(applied);

  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => {
      return monitoringEndpoints.claims(
        { ...(setFilters(JSON.parse(query) as Filters) as ClaimCaseQuery), limit: PAGE, ...(before ? { before } : {}) },
        signal,
      );
    },
    [query],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<ClaimCase>(fetchPage);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyFilters({ ...form, orgUnit: form.orgUnit.trim(), obligorId: form.obligorId.trim() }, DEFAULTS);
  };

  return (
    <>
      <div className="page-header">
        <h1>{MONITORING_TERMS.claims}</h1>
        <span className="muted">范围 Scope: {scopeText(me)}</span>
      </div>
      <form className="row filters" aria-label="claim filters" onSubmit={submit}>
        <label className="inline">
          状态 Status
          <select aria-label="status" value={form.status} onChange={(event) => applyFilters({ ...form, status: event.target.value }, DEFAULTS)}>
            <option value="">全部 all</option>
            {Object.entries(CLAIM_STATUS_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          机构 Org unit{' '}
          <input
            aria-label="org unit"
            size={8}
            value={form.orgUnit}
            placeholder={me.orgUnit}
            onChange={(event) => setForm({ ...form, orgUnit: event.target.value })}
          />
        </label>
        <label className="inline">
          义务人 Obligor{' '}
          <input aria-label="obligor" size={10} value={form.obligorId} onChange={(event) => setForm({ ...form, obligorId: event.target.value })} />
        </label>
        <button type="submit">筛选 Filter</button>
      </form>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading}>
          <div className="scroll">
            <ClaimCasesTable items={items} />
          </div>
          {items.length === 0 && !loading && <p className="muted">无案件 No claim cases match.</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              更早 Older
            </button>
          )}
        </section>
      )}
    </>
  );
}
