import { type FormEvent, useCallback, useState } from 'react';
import type { PrincipalView } from '../../api/types';
import { ListWithDetail } from '../../components/SidePanel';
import { Status } from '../../components/Status';
import { scopeText } from '../../monitoring/labels';
import { applyFilters, readFilters, setFilters, useSearch } from '../../monitoring/search';
import '../../monitoring/monitoring.css';
import { usePagedList } from '../../monitoring/usePagedList';
import { CASE_STATUS_LABELS, COLLECTION_TERMS, HANDLER_LABELS, STAGE_LABELS } from '../terms';
import { caseEndpoints, type Case, type CaseQuery } from './case-endpoints';
import { CasePanel } from './CasePanel';

/** The filters and the case shown beside the list live in the address, so a link or a reload opens the same view. */
const DEFAULTS = { status: 'open', stage: '', handler: '', orgUnit: '', case: '' };
type Filters = typeof DEFAULTS;
const PAGE = 50;

export const CASES_PATH = '/collection/cases';

/** Collection cases (one per overdue obligor and funder line) within the caller's scope, newest change first; a case's detail beside the list. */
export function CasesPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  const applied = readFilters(search, DEFAULTS);
  const { case: _shown, ...listFilters } = applied;
  // The list reloads when its filters change, not when another case is opened beside it.
  return <CaseList key={JSON.stringify(listFilters)} me={me} applied={applied} />;
}

function CaseList({ me, applied }: { me: PrincipalView; applied: Filters }) {
  const [form, setForm] = useState(applied);
  const { case: shown, ...listFilters } = applied;
  const query = JSON.stringify(listFilters);

  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) =>
      caseEndpoints.list({ ...(setFilters(JSON.parse(query) as Filters) as CaseQuery), limit: PAGE, ...(before ? { before } : {}) }, signal),
    [query],
  );
  const { items, setItems, nextBefore, error, loading, load } = usePagedList<Case>(fetchPage);
  const open = (caseId: string) => applyFilters({ ...applied, case: caseId }, DEFAULTS);
  const changed = (updated: Case) => setItems((current) => current?.map((item) => (item.caseId === updated.caseId ? updated : item)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyFilters({ ...form, orgUnit: form.orgUnit.trim(), case: '' }, DEFAULTS);
  };
  const select = (name: keyof Filters, labels: Record<string, string>, label: string) => (
    <label className="inline">
      {label}
      <select aria-label={name} value={form[name]} onChange={(event) => applyFilters({ ...form, [name]: event.target.value, case: '' }, DEFAULTS)}>
        <option value="">全部 all</option>
        {Object.entries(labels).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  const list = (
    <>
      <form className="row filters" aria-label="case filters" onSubmit={submit}>
        {select('status', CASE_STATUS_LABELS, COLLECTION_TERMS.status)}
        {select('stage', STAGE_LABELS, COLLECTION_TERMS.stage)}
        {select('handler', HANDLER_LABELS, COLLECTION_TERMS.handler)}
        <label className="inline">
          {COLLECTION_TERMS.orgUnit}{' '}
          <input
            aria-label="org unit"
            size={8}
            value={form.orgUnit}
            placeholder={me.orgUnit}
            onChange={(event) => setForm({ ...form, orgUnit: event.target.value })}
          />
        </label>
        <button type="submit">筛选 Filter</button>
      </form>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading}>
          <div className="scroll">
            <table aria-label="collection cases">
              <thead>
                <tr>
                  <th>{COLLECTION_TERMS.obligor}</th>
                  <th>{COLLECTION_TERMS.funderLine}</th>
                  <th>{COLLECTION_TERMS.stage}</th>
                  <th>{COLLECTION_TERMS.status}</th>
                  <th>{COLLECTION_TERMS.handler}</th>
                  <th>{COLLECTION_TERMS.orgUnit}</th>
                  <th>{COLLECTION_TERMS.changedOn}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.caseId} className={item.caseId === shown ? 'selected' : undefined} aria-selected={item.caseId === shown}>
                    <td>
                      <button type="button" className="link" onClick={() => open(item.caseId)}>
                        {item.obligorId}
                      </button>
                    </td>
                    <td>{item.funderLine}</td>
                    <td>{item.stage}</td>
                    <td>{CASE_STATUS_LABELS[item.status] ?? item.status}</td>
                    <td>{item.handler ? (HANDLER_LABELS[item.handler.type] ?? item.handler.type) : '—'}</td>
                    <td>{item.orgUnit}</td>
                    <td>{item.changedOn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">无案件 No collection cases match.</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              {COLLECTION_TERMS.older}
            </button>
          )}
        </section>
      )}
    </>
  );

  return (
    <>
      <div className="page-header">
        <h1>{COLLECTION_TERMS.cases}</h1>
        <span className="muted">范围 Scope: {scopeText(me)}</span>
      </div>
      <ListWithDetail
        list={list}
        label={COLLECTION_TERMS.case}
        detail={shown ? <CasePanel key={shown} caseId={shown} me={me} onChanged={changed} /> : undefined}
        onClose={() => applyFilters({ ...applied, case: '' }, DEFAULTS)}
      />
    </>
  );
}
