import { type FormEvent, useState } from 'react';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { Status } from '../components/Status';
import { bureauEndpoints, type BureauReconciliation } from './bureau-endpoints';
import { BUREAU_KIND_LABELS, BUREAU_STATUS_LABELS, BUREAU_TERMS as T } from './terms';

const lastMonth = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

/** A month's reconciliation: the bureau items approved claims and recoveries lack, and items of ineligible policies. */
export function ReconciliationPanel() {
  const [month, setMonth] = useState(lastMonth());
  const call = useServerCall<BureauReconciliation>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void call.run(() => bureauEndpoints.reconciliation(month));
  };
  const report = call.result;
  return (
    <section aria-label="bureau reconciliation">
      <form className="row filters" aria-label="reconciliation month" onSubmit={submit}>
        <label className="inline">
          {T.month} <input aria-label="month" type="month" value={month} onChange={(event) => setMonth(event.target.value)} required />
        </label>
        <BusyButton type="submit" busy={call.busy}>
          {T.check}
        </BusyButton>
      </form>
      <Status error={call.error} />
      {report && (
        <>
          <p>
            {T.claimsChecked}: <strong>{report.claimsChecked}</strong> · {T.recoveriesChecked}: <strong>{report.recoveriesChecked}</strong>
          </p>
          <h3>{T.missing}</h3>
          {report.missing.length === 0 ? (
            <p className="muted">{T.nothingMissing}</p>
          ) : (
            <table className="grid" aria-label="missing items">
              <thead>
                <tr>
                  <th>{T.kind}</th>
                  <th>{T.source}</th>
                  <th>{T.loan}</th>
                  <th>{T.expected}</th>
                </tr>
              </thead>
              <tbody>
                {report.missing.map((missing) => (
                  <tr key={missing.expectedItemId}>
                    <td>{BUREAU_KIND_LABELS[missing.kind]}</td>
                    <td>{missing.sourceId}</td>
                    <td>{missing.loanId}</td>
                    <td>
                      <code>{missing.expectedItemId}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{T.ineligible}</h3>
          {report.ineligible.length === 0 ? (
            <p className="muted">{T.nothingMissing}</p>
          ) : (
            <ul aria-label="ineligible items">
              {report.ineligible.map((item) => (
                <li key={item.itemId}>
                  <code>{item.itemId}</code> · {item.policyId} · {BUREAU_STATUS_LABELS[item.status]}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
