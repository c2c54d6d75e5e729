import { useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { Status } from '../components/Status';
import { Link } from '../router';
import { useLoaded } from '../vendors/use-loaded';
import { recoveryAccess } from './access';
import { recoveryEndpoints, type RecoveryCase, type RecoveryCaseDetail } from './recovery-endpoints';
import { HANDLER_LABELS, KIND_LABELS, RECOVERY_TERMS as T, STAGE_LABELS, STATUS_LABELS, yuanText } from './terms';

const COMPONENTS = ['indemnity', 'penalty', 'costs'] as const;
type Component = (typeof COMPONENTS)[number];
type Amounts = Record<Component, number>;
const total = (amounts: Amounts) => Math.round((amounts.indemnity + amounts.penalty + amounts.costs) * 100) / 100;

/**
 * A recovery case's page (docs/recovery.md): amounts due by component, recovered, written off and the receivable,
 * how it is handled, its impairment stage, the ledger's movements and the history. An operator books a recovery
 * and requests a write-off; an approver other than the requester approves it in place. Every request names the
 * revision read, so a change by someone else meanwhile is a 409 shown in words (reload and retry).
 */
export function RecoveryCasePage({ caseId, me }: { caseId: string; me: PrincipalView }) {
  const load = useCallback(() => recoveryEndpoints.detail(caseId), [caseId]);
  const loaded = useLoaded<RecoveryCaseDetail>(load);
  const { data, loadError, actionError, busy, notice, run } = loaded;
  return (
    <>
      <div className="page-header">
        <h1>
          {T.case} {caseId}
        </h1>
        <Link to="/recovery">{T.back}</Link>
      </div>
      <Status error={loadError ?? actionError} notice={notice} busy={!data && !loadError} />
      {data && (
        <>
          <CaseSummary record={data.case} />
          {data.case.status === 'open' && recoveryAccess.work(me) && (
            <div className="card-row">
              <BookRecovery record={data.case} busy={busy} run={run} />
              <RequestWriteOff record={data.case} busy={busy} run={run} />
            </div>
          )}
          {data.case.pendingWriteOffs.length > 0 && (
            <section className="card" aria-label="pending write-offs">
              <h2>{T.pendingWriteOffs}</h2>
              <table className="grid">
                <thead>
                  <tr>
                    <th>{T.amounts}</th>
                    <th>{T.reason}</th>
                    <th>{T.proposedBy}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {data.case.pendingWriteOffs.map((writeOff) => (
                    <tr key={writeOff.writeOffId} data-testid={`write-off-${writeOff.writeOffId}`}>
                      <td>{componentsText(writeOff.amounts)}</td>
                      <td>{writeOff.reason}</td>
                      <td>{writeOff.proposedBy}</td>
                      <td>
                        {recoveryAccess.approve(me) && writeOff.proposedBy !== me.name ? (
                          <>
                            <BusyButton
                              busy={busy}
                              onClick={() =>
                                void run(T.approved, () => recoveryEndpoints.decideWriteOff(caseId, writeOff.writeOffId, 'approve', data.case.revision))
                              }
                            >
                              {T.approve}
                            </BusyButton>{' '}
                            <BusyButton
                              busy={busy}
                              className="secondary"
                              onClick={() =>
                                void run(T.rejected, () => recoveryEndpoints.decideWriteOff(caseId, writeOff.writeOffId, 'reject', data.case.revision))
                              }
                            >
                              {T.reject}
                            </BusyButton>
                          </>
                        ) : (
                          writeOff.proposedBy === me.name && <span className="muted">{T.ownRequest}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <Ledger detail={data} />
          <section className="card" aria-label="case history">
            <h2>{T.history}</h2>
            <ol>
              {data.history.map((entry) => (
                <li key={entry.revision}>
                  {new Date(entry.at).toLocaleString()} · {entry.action} · {entry.actor}
                  {entry.note ? ` · ${entry.note}` : ''}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}

function CaseSummary({ record }: { record: RecoveryCase }) {
  return (
    <section className="card" aria-label="recovery case">
      <dl className="facts">
        <dt>{T.status}</dt>
        <dd data-testid="case-status">{STATUS_LABELS[record.status]}</dd>
        <dt>{T.claim}</dt>
        <dd>{record.claimId}</dd>
        <dt>{T.loan}</dt>
        <dd>{record.loanId}</dd>
        <dt>{T.orgUnit}</dt>
        <dd>{record.orgUnit}</dd>
        <dt>{T.paidOn}</dt>
        <dd>{record.paidOn}</dd>
        <dt>{T.basis}</dt>
        <dd>{record.basis}</dd>
        <dt>{T.handler}</dt>
        <dd>
          {HANDLER_LABELS[record.handler]}
          {record.placedWith ? ` · ${T.placedWith} ${record.placedWith}` : ''}
        </dd>
        <dt>{T.legalAction}</dt>
        <dd>
          {record.legalAction} · {T.litigationStatus} {record.litigationStatus}
        </dd>
        <dt>{T.preservation}</dt>
        <dd>{record.preservation ? `${record.preservation.appliedOn} ${record.preservation.court} ${yuanText(record.preservation.amount)}` : '—'}</dd>
        <dt>{T.collateral}</dt>
        <dd>{record.hasCollateral ? '有 Yes' : '无 No'}</dd>
        <dt>{T.impairment}</dt>
        <dd data-testid="impairment">
          {record.impairment
            ? `${STAGE_LABELS[record.impairment.stage]} · ${T.expectedShare} ${record.impairment.expectedRecoveryShare} · ${T.allowance} ${yuanText(record.impairment.allowance)} (${record.impairment.month})`
            : T.notAssessed}
        </dd>
      </dl>
      <table className="grid" aria-label="amounts by component">
        <thead>
          <tr>
            <th />
            {COMPONENTS.map((component) => (
              <th key={component}>{T[component]}</th>
            ))}
            <th>{T.total}</th>
          </tr>
        </thead>
        <tbody>
          {(['due', 'recovered', 'writtenOff', 'receivable'] as const).map((row) => (
            <tr key={row} data-testid={`amounts-${row}`}>
              <th>{T[row]}</th>
              {COMPONENTS.map((component) => (
                <td key={component}>{yuanText(record[row][component])}</td>
              ))}
              <td data-testid={`total-${row}`}>{yuanText(total(record[row]))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type Run = (done: string, call: () => Promise<unknown>) => Promise<boolean>;

/** Amount inputs per component, in yuan; empty counts as 0. */
function useAmounts() {
  const [amounts, setAmounts] = useState<Record<Component, string>>({ indemnity: '', penalty: '', costs: '' });
  const inputs = COMPONENTS.map((component) => (
    <label key={component}>
      {T[component]}
      <input
        aria-label={component}
        inputMode="decimal"
        value={amounts[component]}
        onChange={(event) => setAmounts((current) => ({ ...current, [component]: event.target.value }))}
      />
    </label>
  ));
  const values = Object.fromEntries(COMPONENTS.filter((component) => amounts[component] !== '').map((component) => [component, Number(amounts[component])]));
  return { inputs, values, clear: () => setAmounts({ indemnity: '', penalty: '', costs: '' }) };
}

function BookRecovery({ record, busy, run }: { record: RecoveryCase; busy: boolean; run: Run }) {
  const amounts = useAmounts();
  const [receivedOn, setReceivedOn] = useState(new Date().toISOString().slice(0, 10));
  return (
    <form
      className="card"
      aria-label="book a recovery"
      onSubmit={(event) => {
        event.preventDefault();
        void run(T.booked, () => recoveryEndpoints.book(record.caseId, { revision: record.revision, receivedOn, amounts: amounts.values })).then(
          (done) => done && amounts.clear(),
        );
      }}
    >
      <h2>{T.bookRecovery}</h2>
      <label>
        {T.receivedOn}
        <input type="date" aria-label="received on" value={receivedOn} onChange={(event) => setReceivedOn(event.target.value)} />
      </label>
      {amounts.inputs}
      <BusyButton type="submit" busy={busy}>
        {T.book}
      </BusyButton>
    </form>
  );
}

function RequestWriteOff({ record, busy, run }: { record: RecoveryCase; busy: boolean; run: Run }) {
  const amounts = useAmounts();
  const [reason, setReason] = useState('');
  return (
    <form
      className="card"
      aria-label="request a write-off"
      onSubmit={(event) => {
        event.preventDefault();
        void run(T.requested, () => recoveryEndpoints.requestWriteOff(record.caseId, { revision: record.revision, amounts: amounts.values, reason })).then(
          (done) => done && (amounts.clear(), setReason('')),
        );
      }}
    >
      <h2>{T.requestWriteOff}</h2>
      {amounts.inputs}
      <label>
        {T.reason}
        <input aria-label="write-off reason" value={reason} onChange={(event) => setReason(event.target.value)} />
      </label>
      <BusyButton type="submit" busy={busy}>
        {T.request}
      </BusyButton>
    </form>
  );
}

function Ledger({ detail }: { detail: RecoveryCaseDetail }) {
  return (
    <section className="card" aria-label="ledger">
      <h2>{T.ledger}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>{T.on}</th>
            <th>{T.kind}</th>
            <th>{T.amounts}</th>
            <th>{T.impairment}</th>
            <th>{T.source}</th>
            <th>{T.actor}</th>
          </tr>
        </thead>
        <tbody>
          {detail.ledger.map((entry) => (
            <tr key={entry.entryId} data-testid={`ledger-${entry.entryId}`}>
              <td>{entry.on}</td>
              <td>{KIND_LABELS[entry.kind] ?? entry.kind}</td>
              <td>
                {componentsText(entry.amounts)}
                {entry.unallocated > 0 ? ` + ${yuanText(entry.unallocated)}` : ''}
              </td>
              <td>
                {entry.impairment
                  ? `${STAGE_LABELS[entry.impairment.stage] ?? entry.impairment.stage} ${T.allowance} ${yuanText(entry.impairment.allowance)}`
                  : ''}
              </td>
              <td>{entry.source}</td>
              <td>{entry.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function componentsText(amounts: Amounts): string {
  return COMPONENTS.filter((component) => amounts[component] !== 0)
    .map((component) => `${T[component]} ${yuanText(amounts[component])}`)
    .join(' · ');
}
