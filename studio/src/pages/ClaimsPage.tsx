import { type FormEvent, useCallback, useState } from 'react';
import { monitoringEndpoints, type ClaimCase, type ClaimCaseQuery } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { ErrorView } from '../components/ErrorView';
import { ClaimCasesTable } from '../monitoring/ClaimCases';
import { CLAIM_STATUS_LABELS, MONITORING_TERMS, scopeText } from '../monitoring/labels';
import '../monitoring/monitoring.css';
import { usePagedList } from '../monitoring/usePagedList';

const PAGE = 50;

/** Claim cases (Art. 15-16) opened, advised for withdrawal or suspended by the claim-trigger rules, within the caller's scope. */
export function ClaimsPage({ me }: { me: PrincipalView }) {
  const [status, setStatus] = useState('');
  const [orgUnit, setOrgUnit] = useState('');
  const [obligorId, setObligorId] = useState('');
  const [applied, setApplied] = useState<ClaimCaseQuery>({});

  const fetchPage = useCallback((before?: string) => {
    return monitoringEndpoints.claims({ ...applied, limit: PAGE, ...(before ? { before } : {}) });
  }, [applied]);
  const { items, nextBefore, error, load } = usePagedList<ClaimCase>(fetchPage);

  const apply = (nextStatus: string) =>
    setApplied({ ...(nextStatus ? { status: nextStatus as ClaimCaseQuery['status'] } : {}), ...(orgUnit.trim() ? { orgUnit: orgUnit.trim() } : {}), ...(obligorId.trim() ? { obligorId: obligorId.trim() } : {}) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(status);
  };

  return (
    <>
      <div className="page-header">
        <h1>{MONITORING_TERMS.claims}</h1>
        <span className="muted">范围 Scope: {scopeText(me)}</span>
      </div>
      <form className="row filters" aria-label="claim filters" onSubmit={submit}>
        <label className="inline">状态 Status
          <select aria-label="status" value={status} onChange={(event) => { setStatus(event.target.value); apply(event.target.value); }}>
            <option value="">全部 all</option>
            {Object.entries(CLAIM_STATUS_LABELS).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
          </select>
        </label>
        <label className="inline">机构 Org unit <input aria-label="org unit" size={8} value={orgUnit} placeholder={me.orgUnit} onChange={(event) => setOrgUnit(event.target.value)} /></label>
        <label className="inline">义务人 Obligor <input aria-label="obligor" size={10} value={obligorId} onChange={(event) => setObligorId(event.target.value)} /></label>
        <button type="submit">筛选 Filter</button>
      </form>
      <ErrorView error={error} />
      {items && (
        <section className="card">
          <div className="scroll">
            <ClaimCasesTable items={items} />
          </div>
          {items.length === 0 && <p className="muted">无案件 No claim cases match.</p>}
          {nextBefore && <button type="button" className="secondary" onClick={() => void load(nextBefore)}>更早 Older</button>}
        </section>
      )}
    </>
  );
}
