import { useCallback, useState } from 'react';
import { ErrorView } from '../components/ErrorView';
import { Link } from '../router';
import { useLoaded } from '../vendors/use-loaded';
import { claimEndpoints } from './claim-endpoints';
import { CaseFile } from './CaseFile';
import { CLAIM_TERMS, DEADLINE_STATE_LABELS, STAGE_LABELS } from './terms';
import type { PrincipalView } from '../api/types';

export const WORKBENCH_PATH = '/claim-workbench';

const STATUSES = [
  'reported',
  'registered',
  'adjusted',
  'approved',
  'paid',
  'subrogated',
  'archived',
  'rejected',
  'withdrawn',
  'early-requested',
  'early-approved',
];

/** The claim workbench: the queue by next deadline, or one case's file (docs/claims.md, Workbench). */
export function WorkbenchPage({ me, caseId }: { me: PrincipalView; caseId?: string }) {
  if (caseId) return <CaseFile me={me} caseId={caseId} />;
  return <Queue />;
}

function Queue() {
  const [status, setStatus] = useState('');
  const [state, setState] = useState('');
  const [orgUnit, setOrgUnit] = useState('');
  const load = useCallback(
    () =>
      claimEndpoints.queue({
        ...(status ? { status: status as never } : {}),
        ...(state ? { state: state as never } : {}),
        ...(orgUnit.trim() ? { orgUnit: orgUnit.trim() } : {}),
        limit: 200,
      }),
    [status, state, orgUnit],
  );
  const { data, loadError } = useLoaded(load);
  return (
    <section aria-label="claim queue">
      <h1>{CLAIM_TERMS.queue}</h1>
      <div className="filters">
        <label>
          {CLAIM_TERMS.status}{' '}
          <select aria-label="status" value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">{CLAIM_TERMS.allStatuses}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {CLAIM_TERMS.deadlineState}{' '}
          <select aria-label="deadline state" value={state} onChange={(event) => setState(event.target.value)}>
            <option value="">{CLAIM_TERMS.allStates}</option>
            {Object.entries(DEADLINE_STATE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {CLAIM_TERMS.unit} <input aria-label="org unit" value={orgUnit} onChange={(event) => setOrgUnit(event.target.value)} />
        </label>
      </div>
      <ErrorView error={loadError} />
      {data && data.items.length === 0 && <p className="muted">{CLAIM_TERMS.noCases}</p>}
      {data && data.items.length > 0 && (
        <table aria-label="claim cases by deadline">
          <thead>
            <tr>
              <th>{CLAIM_TERMS.case}</th>
              <th>{CLAIM_TERMS.status}</th>
              <th>{CLAIM_TERMS.unit}</th>
              <th>{CLAIM_TERMS.nextDue}</th>
              <th>{CLAIM_TERMS.deadlineState}</th>
              <th>{CLAIM_TERMS.deadlines}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.caseId} className={item.state === 'missed' ? 'missed' : undefined}>
                <td>
                  <Link to={`${WORKBENCH_PATH}/${encodeURIComponent(item.caseId)}`}>{item.caseId}</Link>
                </td>
                <td>{item.status}</td>
                <td>{item.orgUnit}</td>
                <td>{item.nextDueOn ?? '—'}</td>
                <td>{DEADLINE_STATE_LABELS[item.state] ?? item.state}</td>
                <td>
                  {item.deadlines
                    .map(
                      (deadline) =>
                        `${STAGE_LABELS[deadline.stage] ?? deadline.stage} ${deadline.dueOn ?? '—'} (${DEADLINE_STATE_LABELS[deadline.state] ?? deadline.state})`,
                    )
                    .join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
