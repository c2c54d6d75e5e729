import { useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { DecisionLink } from '../monitoring/common';
import { Link } from '../router';
import { vendorAccess } from './access';
import type { AgencyActions } from './agency-actions';
import { ChecksTable } from './ChecksPanel';
import { ADMISSION_DECISION_LABELS, ADMISSION_STATE_LABELS, labelOf, VENDOR_TERMS as T } from './terms';
import { vendorEndpoints, type Agency } from './vendor-endpoints';

/**
 * Admission through maker-checker (docs/vendors.md): the maker requests it with a note (the server runs
 * vendor.admission on the register's facts and stores the decision); the stored decision, its reasons and
 * evidence are shown; a different approver approves or rejects. Approve is not offered to the person who
 * requested it (the server refuses them with 403 maker_checker anyway).
 */
export function AdmissionPanel({ me, actions }: { me: PrincipalView; actions: AgencyActions }) {
  const agency = actions.detail!.agency;
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const admission = agency.admission;
  const requestable = vendorAccess.edit(me) && (agency.status === 'applied' || agency.status === 'rejected');
  const waiting = admission?.state === 'requested' && agency.status === 'applied';
  const own = admission?.requestedBy === me.name;

  return (
    <>
      {admission ? <StoredAdmission agency={agency} /> : <p className="muted">{T.none}</p>}
      {waiting && vendorAccess.decide(me) && own && (
        <p className="notice" data-testid="maker-no-approve">
          {T.makerNoApprove}
        </p>
      )}
      {waiting && vendorAccess.decide(me) && !own && (
        <div className="card" aria-label="decide admission">
          <label>
            {T.reason}
            <textarea aria-label="decision reason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
          </label>
          <div className="row">
            <BusyButton
              busy={actions.busy}
              onClick={() =>
                actions.act(T.approve, (revision) =>
                  vendorEndpoints.approve(agency.agencyId, { revision, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
                )
              }
            >
              {T.approve}
            </BusyButton>
            <BusyButton
              busy={actions.busy}
              className="secondary"
              onClick={() =>
                actions.act(T.reject, (revision) => vendorEndpoints.reject(agency.agencyId, { revision, ...(reason.trim() ? { reason: reason.trim() } : {}) }))
              }
            >
              {T.reject}
            </BusyButton>
          </div>
        </div>
      )}
      {requestable && (
        <div className="card" aria-label="request admission">
          <label>
            {T.note}
            <textarea aria-label="admission note" rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
          </label>
          <BusyButton
            busy={actions.busy}
            onClick={async () => {
              const body = note.trim() ? { note: note.trim() } : {};
              if (await actions.act(T.requestAdmission, (revision) => vendorEndpoints.requestAdmission(agency.agencyId, { revision, ...body }))) setNote('');
            }}
          >
            {T.requestAdmission}
          </BusyButton>
        </div>
      )}
    </>
  );
}

function StoredAdmission({ agency }: { agency: Agency }) {
  const admission = agency.admission!;
  return (
    <section aria-label="admission request">
      <dl className="facts-list">
        <dt>{T.status}</dt>
        <dd data-testid="admission-state">{labelOf(ADMISSION_STATE_LABELS, admission.state)}</dd>
        <dt>{T.decision}</dt>
        <dd data-testid="admission-decision">
          {labelOf(ADMISSION_DECISION_LABELS, admission.decision)} · <DecisionLink decisionId={admission.decisionId} />
        </dd>
        <dt>{T.reasons}</dt>
        <dd data-testid="admission-reasons">{admission.reasons.length > 0 ? admission.reasons.join(', ') : '—'}</dd>
        <dt>{T.ruleSet}</dt>
        <dd>
          <Link to={`/rulesets/${encodeURIComponent(admission.ruleSet.key)}/v/${admission.ruleSet.version}`}>
            {admission.ruleSet.key} v{admission.ruleSet.version}
          </Link>
        </dd>
        <dt>{T.asOf}</dt>
        <dd>{admission.asOf}</dd>
        <dt>{T.requestedBy}</dt>
        <dd>
          {admission.requestedBy} · {new Date(admission.requestedAt).toLocaleString()}
        </dd>
        <dt>{T.note}</dt>
        <dd data-testid="admission-note">{admission.note ?? '—'}</dd>
        <dt>{T.decidedBy}</dt>
        <dd>{admission.decidedBy ? `${admission.decidedBy} · ${new Date(admission.decidedAt!).toLocaleString()}` : '—'}</dd>
      </dl>
      <details>
        <summary>{T.facts}</summary>
        <pre className="facts">{JSON.stringify(admission.facts, null, 2)}</pre>
      </details>
      <h3>{T.evidence}</h3>
      <ChecksTable checks={admission.checks} label="admission evidence" />
    </section>
  );
}
