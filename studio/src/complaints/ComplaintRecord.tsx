import type { Complaint } from './complaint-endpoints';
import { CALLBACK_LABELS, CHANNEL_LABELS, COMPLAINT_TERMS as T, labelOf, MEDIATION_LABELS, OUTCOME_LABELS, PARTY_LABELS, ROOT_CAUSE_LABELS } from './terms';
import { ACTION_LABELS } from './StepForms';

/** What each step recorded on the complaint (absent steps are left out), each with a test id `step-<action>`. */
export function ComplaintRecord({ complaint }: { complaint: Complaint }) {
  const rows: [string, string, string][] = [];
  const add = (id: string, label: string, text: string) => rows.push([id, label, text]);
  if (complaint.acceptance) add('accept', ACTION_LABELS.accept, `${complaint.acceptedOn ?? ''} · ${complaint.acceptance.note} (${complaint.acceptance.by})`);
  if (complaint.rejection) add('reject', ACTION_LABELS.reject, `${complaint.rejection.reasons.join('; ')} (${complaint.rejection.by})`);
  if (complaint.investigation) add('investigate', ACTION_LABELS.investigate, `${complaint.investigation.note} (${complaint.investigation.by})`);
  if (complaint.extension) add('extend', ACTION_LABELS.extend, `${complaint.extension.until} · ${complaint.extension.reason} (${complaint.extension.by})`);
  if (complaint.decision)
    add(
      'decide',
      ACTION_LABELS.decide,
      `${complaint.decidedOn ?? ''} · ${labelOf(OUTCOME_LABELS, complaint.decision.outcome)} · ${complaint.decision.responsibility
        .map((item) => `${labelOf(PARTY_LABELS, item.party)}${item.partyId ? ` ${item.partyId}` : ''}: ${item.upheld ? T.upheld : '—'}`)
        .join(', ')} · ${complaint.decision.note} (${complaint.decision.by})`,
    );
  if (complaint.mediation)
    add(
      'mediate',
      ACTION_LABELS.mediate,
      `${complaint.mediation.mediator} · ${complaint.mediation.startedOn} · ${complaint.mediation.result ? labelOf(MEDIATION_LABELS, complaint.mediation.result) : '—'}`,
    );
  if (complaint.feedback)
    add(
      'feedback',
      ACTION_LABELS.feedback,
      `${complaint.feedback.givenOn} · ${labelOf(CHANNEL_LABELS, complaint.feedback.channel)} (${complaint.feedback.by})`,
    );
  if (complaint.callback)
    add(
      'callback',
      ACTION_LABELS.callback,
      `${complaint.callback.calledOn} · ${labelOf(CALLBACK_LABELS, complaint.callback.result)} (${complaint.callback.by})`,
    );
  if (complaint.rootCause)
    add(
      'root-cause',
      ACTION_LABELS['root-cause'],
      `${labelOf(ROOT_CAUSE_LABELS, complaint.rootCause.code)} · ${complaint.rootCause.text} (${complaint.rootCause.by})`,
    );
  if (complaint.closedOn) add('closed', T.closed, complaint.closedOn);
  if (rows.length === 0) return null;
  return (
    <section className="card" aria-label="complaint record">
      <dl className="facts">
        {rows.map(([id, label, text]) => (
          <div key={id} data-testid={`step-${id}`}>
            <dt>{label}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
