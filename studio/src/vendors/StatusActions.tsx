import { useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { FieldErrors } from '../components/ErrorView';
import { lines, vendorAccess } from './access';
import type { AgencyActions } from './agency-actions';
import { VENDOR_TERMS as T } from './terms';
import { vendorEndpoints } from './vendor-endpoints';

/**
 * Suspension for rectification (with its reason), closing the rectification with evidence and a decision
 * (reinstate or terminate), and termination with its reason: HQ's makers, as the lifecycle allows
 * (server/vendors/agency-transitions.ts; the server answers 409 invalid_state otherwise).
 */
export function StatusActions({ me, actions }: { me: PrincipalView; actions: AgencyActions }) {
  const agency = actions.detail!.agency;
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [references, setReferences] = useState('');
  if (!vendorAccess.edit(me) || agency.status === 'terminated') return null;
  const id = agency.agencyId;
  const close = (decision: 'reinstate' | 'terminate') =>
    actions.act(decision === 'reinstate' ? T.reinstate : T.terminate, (revision) =>
      vendorEndpoints.closeRectification(id, { revision, decision, evidence: { note: evidence.trim(), references: lines(references) } }),
    );

  return (
    <section className="card" aria-label="status actions">
      <h3>{T.status}</h3>
      {agency.status === 'suspended' ? (
        <>
          <p>
            {T.rectification}: {agency.rectification?.reason} ({agency.rectification?.since}, {agency.rectification?.by})
          </p>
          <label>
            {T.note}
            <textarea aria-label="rectification evidence" rows={2} value={evidence} onChange={(event) => setEvidence(event.target.value)} />
          </label>
          <FieldErrors error={actions.actionError} path="/body/evidence/note" />
          <label>
            {T.references}
            <textarea aria-label="rectification references" rows={2} value={references} onChange={(event) => setReferences(event.target.value)} />
          </label>
          <FieldErrors error={actions.actionError} path="/body/evidence/references" />
          <div className="row">
            <BusyButton busy={actions.busy} disabled={!evidence.trim() || lines(references).length === 0} onClick={() => close('reinstate')}>
              {T.closeRectification}: {T.reinstate}
            </BusyButton>
            <BusyButton
              busy={actions.busy}
              className="secondary"
              disabled={!evidence.trim() || lines(references).length === 0}
              onClick={() => close('terminate')}
            >
              {T.closeRectification}: {T.terminate}
            </BusyButton>
          </div>
        </>
      ) : (
        <>
          <label>
            {T.reason}
            <textarea aria-label="status reason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
          </label>
          <FieldErrors error={actions.actionError} path="/body/reason" />
          <div className="row">
            {agency.status === 'admitted' && (
              <BusyButton
                busy={actions.busy}
                disabled={!reason.trim()}
                onClick={async () => {
                  if (await actions.act(T.suspend, (revision) => vendorEndpoints.suspend(id, { revision, reason: reason.trim() }))) setReason('');
                }}
              >
                {T.suspend}
              </BusyButton>
            )}
            <BusyButton
              busy={actions.busy}
              className="secondary"
              disabled={!reason.trim()}
              onClick={async () => {
                if (await actions.act(T.terminate, (revision) => vendorEndpoints.terminate(id, { revision, reason: reason.trim() }))) setReason('');
              }}
            >
              {T.terminate}
            </BusyButton>
          </div>
        </>
      )}
    </section>
  );
}
