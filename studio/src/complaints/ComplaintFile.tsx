import { useCallback, useEffect, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { ApiError } from '../api/client';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { ErrorView } from '../components/ErrorView';
import { Pending } from '../components/Status';
import { complaintEndpoints, type ComplaintDetail } from './complaint-endpoints';
import { ComplaintRecord } from './ComplaintRecord';
import { DeadlineBadge } from './DeadlineBadge';
import { StepForm, type StepBody } from './StepForms';
import { CHANNEL_LABELS, COMPLAINT_TERMS as T, labelOf, MISSING_LABELS, STATUS_LABELS, SUBJECT_LABELS } from './terms';
import { actionsFor, complaintAccess, type ComplaintAction } from './workflow';

/**
 * 投诉卷宗 The case file (docs/complaints.md): the complaint with the complainant masked (Art. 31), its deadlines as the
 * daily run left them, the record of every step, the forms of the steps its status and the user's roles allow, the
 * closure review's missing items after a rework, and the history. A stale step (409) says so in words and offers a reload.
 */
export function ComplaintFile({ complaintId, me }: { complaintId: string; me: PrincipalView }) {
  const [detail, setDetail] = useState<ComplaintDetail>();
  const [loadError, setLoadError] = useState<unknown>();
  const step = useServerCall<ComplaintDetail>();
  const load = useCallback(() => {
    setLoadError(undefined);
    complaintEndpoints.detail(complaintId).then(setDetail, setLoadError);
  }, [complaintId]);
  useEffect(load, [load]);

  if (!detail) return <Pending error={loadError} />;
  const { complaint, history } = detail;
  const act = (action: ComplaintAction, body: StepBody) =>
    void step.run(async () => {
      const next = await complaintEndpoints.act(complaint.complaintId, action, { revision: complaint.revision, ...body });
      setDetail(next);
      return next;
    });
  const actions = actionsFor(complaint.status, me);
  const conflict = step.error instanceof ApiError && step.error.status === 409;
  return (
    <>
      <div className="page-header">
        <h1>
          {T.record} {complaint.complaintId}
        </h1>
        <span className="badge" data-testid="complaint-status">
          {labelOf(STATUS_LABELS, complaint.status)}
        </span>
      </div>
      <section className="card" aria-label="complaint summary">
        <dl className="facts">
          <dt>{T.orgUnit}</dt>
          <dd>{complaint.orgUnit}</dd>
          <dt>{T.channel}</dt>
          <dd>{labelOf(CHANNEL_LABELS, complaint.channel)}</dd>
          <dt>{T.receivedAt}</dt>
          <dd>{new Date(complaint.receivedAt).toLocaleString()}</dd>
          <dt>{T.subject}</dt>
          <dd>
            {labelOf(SUBJECT_LABELS, complaint.subject.kind)}{' '}
            {Object.entries(complaint.subject)
              .filter(([name]) => name !== 'kind')
              .map(([name, value]) => `${name} ${String(value)}`)
              .join(' · ')}
          </dd>
          <dt>{T.complexity}</dt>
          <dd>{complaint.complexity === 'complex' ? T.complex : T.simple}</dd>
          <dt>{T.complainant}</dt>
          <dd data-testid="complainant">
            {complaint.complainant.nameMasked} · {complaint.complainant.contactMasked.join(' · ')} <span className="muted">{T.masked}</span>
          </dd>
          <dt>{T.summary}</dt>
          <dd>{complaint.summary}</dd>
          <dt>{T.revision}</dt>
          <dd>{complaint.revision}</dd>
        </dl>
      </section>
      <section className="card" aria-label="complaint deadlines">
        <h2>{T.deadlines}</h2>
        {!complaint.deadlines && <p className="muted">{T.noDeadlines}</p>}
        {complaint.deadlines?.items.map((item) => (
          <div key={item.stage}>
            <DeadlineBadge state={item.state} stage={item.stage} dueOn={item.dueOn} />
            {item.doneOn && <span className="muted"> ✓ {item.doneOn}</span>}
          </div>
        ))}
        {complaint.deadlines && complaint.deadlines.escalations.length > 0 && (
          <p>
            {T.escalations}: {complaint.deadlines.escalations.map((escalation) => `${escalation.to} (${escalation.reason})`).join(', ')}
          </p>
        )}
      </section>
      {complaint.review && complaint.review.missing.length > 0 && complaint.status !== 'closed' && (
        <section className="card review-missing" aria-label="review findings">
          <h2>{T.missingItems}</h2>
          <ul data-testid="review-missing">
            {complaint.review.missing.map((item) => (
              <li key={item}>{labelOf(MISSING_LABELS, item)}</li>
            ))}
          </ul>
          <p className="muted">
            {T.reviewedBy} {complaint.review.by}
            {complaint.review.note ? ` · ${complaint.review.note}` : ''}
          </p>
        </section>
      )}
      <ComplaintRecord complaint={complaint} />
      {complaintAccess.openContact(me) && ['decided', 'rejected', 'rework'].includes(complaint.status) && <ContactOpener complaintId={complaint.complaintId} />}
      {actions.length > 0 && (
        <section className="card" aria-label="complaint steps">
          <h2>{T.steps}</h2>
          {conflict && (
            <p className="error" role="alert">
              {T.stale}{' '}
              <button type="button" className="link" onClick={load}>
                {T.reload}
              </button>
            </p>
          )}
          <ErrorView error={step.error} />
          <div className="complaint-steps" key={complaint.revision}>
            {actions.map((action) => (
              <StepForm key={action} action={action} busy={step.busy} onAct={act} />
            ))}
          </div>
        </section>
      )}
      <section className="card" aria-label="history">
        <h2>{T.history}</h2>
        <table className="grid" aria-label="complaint history">
          <thead>
            <tr>
              <th>{T.revision}</th>
              <th>{T.action}</th>
              <th>{T.actor}</th>
              <th>{T.at}</th>
              <th>{T.note}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((entry) => (
              <tr key={entry.revision}>
                <td>{entry.revision}</td>
                <td>{entry.action}</td>
                <td>{entry.actor}</td>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** Opens the sealed contact for the feedback or the call-back (Art. 31): shown only here, the opening audited by the server. */
function ContactOpener({ complaintId }: { complaintId: string }) {
  const call = useServerCall<Awaited<ReturnType<typeof complaintEndpoints.openContact>>>();
  const contact = call.result?.complainant;
  return (
    <section className="card" aria-label="complainant contact">
      <BusyButton className="secondary" busy={call.busy} onClick={() => void call.run(() => complaintEndpoints.openContact(complaintId, 'feedback'))}>
        {T.openContact}
      </BusyButton>{' '}
      <span className="muted">{T.contactAudited}</span>
      <ErrorView error={call.error} />
      {contact && <p data-testid="complainant-contact">{[contact.name, contact.phone, contact.email, contact.address].filter(Boolean).join(' · ')}</p>}
    </section>
  );
}
