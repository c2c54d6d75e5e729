import { useState } from 'react';
import type { ControlArea, InspectionFindingSeverity } from '../../../server/generated/schema-types';
import { BusyButton } from '../components/BusyButton';
import { controlEndpoints, type Inspection, type InspectionDetail } from './control-endpoints';
import { ActionForm, ActionStatus, lines, Select, Text } from './control-ui';
import { AREA_LABELS, CONTROL_TERMS as T, SEVERITY_LABELS, STATUS_LABELS } from './terms';

/** Runs one step of the inspection: `where` names the form that shows its error, `send` gets the revision the panel read. */
export type Step = (where: string, send: (revision: number) => Promise<InspectionDetail>) => void;
export type FormState = { busy: boolean; errorOf: (where: string) => unknown; reload: () => void };
type Remediation = Inspection['remediations'][number];

/** A finding (inspecting side): severity, area, description and the records concerned ("kind id" per line). */
export function FindingForm({ inspection, step, state }: { inspection: Inspection; step: Step; state: FormState }) {
  const [severity, setSeverity] = useState<InspectionFindingSeverity>('medium');
  const [area, setArea] = useState<ControlArea>(inspection.areas[0]!);
  const [description, setDescription] = useState('');
  const [records, setRecords] = useState('');
  const submit = () => {
    const refs = lines(records).map((line) => {
      const [kind = '', ...id] = line.split(/\s+/);
      return { kind, id: id.join(' ') };
    });
    step('finding', (revision) => controlEndpoints.recordFinding(inspection.inspectionId, { revision, severity, area, description, records: refs }));
  };
  return (
    <ActionForm label="finding form" submit={T.recordFinding} busy={state.busy} error={state.errorOf('finding')} onSubmit={submit} onReload={state.reload}>
      <Select
        label={T.severity}
        value={severity}
        options={Object.entries(SEVERITY_LABELS)}
        onChange={(value) => setSeverity(value as InspectionFindingSeverity)}
      />
      <Select
        label={T.area}
        value={area}
        options={inspection.areas.map((item) => [item, AREA_LABELS[item]] as const)}
        onChange={(value) => setArea(value as ControlArea)}
      />
      <Text label={T.description} value={description} onChange={setDescription} area required />
      <Text label={T.recordsInput} value={records} onChange={setRecords} area />
    </ActionForm>
  );
}

/** A remediation item of a finding (inspecting side): the action, its owner (a name or a position), the due date. */
export function RemediationForm({ inspection, step, state }: { inspection: Inspection; step: Step; state: FormState }) {
  const [findingId, setFindingId] = useState(inspection.findings.at(-1)?.findingId ?? '');
  const [action, setAction] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  return (
    <ActionForm
      label="remediation form"
      submit={T.addRemediation}
      busy={state.busy}
      error={state.errorOf('remediation')}
      onReload={state.reload}
      onSubmit={() =>
        step('remediation', (revision) => controlEndpoints.addRemediation(inspection.inspectionId, { revision, findingId, action, owner, dueOn }))
      }
    >
      <Select
        label={T.finding}
        value={findingId}
        options={inspection.findings.map((finding) => [finding.findingId, `${finding.findingId} ${finding.description.slice(0, 60)}`] as const)}
        onChange={setFindingId}
      />
      <Text label={T.action} value={action} onChange={setAction} area required />
      <Text label={T.owner} value={owner} onChange={setOwner} required />
      <Text label={T.dueOn} value={dueOn} onChange={setDueOn} type="date" required />
    </ActionForm>
  );
}

/**
 * One remediation item: its state, the evidence form while it is open (the inspected unit) and the review while it is
 * remediated (close or reopen; never by the one who remediated it, the server answers 403 maker_checker).
 */
export function RemediationItem({
  inspectionId,
  item,
  step,
  state,
  reviewer,
}: {
  inspectionId: string;
  item: Remediation;
  step: Step;
  state: FormState;
  reviewer: boolean;
}) {
  const [note, setNote] = useState('');
  const [references, setReferences] = useState('');
  const [reviewNote, setReviewNote] = useState('');
  const where = `remediation-${item.remediationId}`;
  const review = (outcome: 'close' | 'reopen') =>
    step(where, (revision) =>
      controlEndpoints.review(inspectionId, item.remediationId, { revision, outcome, ...(reviewNote.trim() ? { note: reviewNote.trim() } : {}) }),
    );
  return (
    <li data-testid={`remediation-${item.remediationId}`}>
      {item.remediationId} {T.action}: {item.action} · {T.owner}: {item.owner} · {T.dueOn}: {item.dueOn} · {STATUS_LABELS[item.status]}
      {item.overdue && <span className="badge danger"> {T.overdue}</span>}
      {item.evidence && ` · ${T.evidence}: ${item.evidence.note}${item.evidence.references.length ? ` (${item.evidence.references.join(', ')})` : ''}`}
      {item.reviewedBy && ` · ${item.reviewedBy}${item.reviewNote ? `: ${item.reviewNote}` : ''}`}
      {item.status === 'open' && (
        <ActionForm
          label={`evidence of ${item.remediationId}`}
          submit={T.remediate}
          busy={state.busy}
          error={state.errorOf(where)}
          onReload={state.reload}
          onSubmit={() =>
            step(where, (revision) =>
              controlEndpoints.remediate(inspectionId, item.remediationId, { revision, evidence: { note, references: lines(references) } }),
            )
          }
        >
          <Text label={T.evidence} value={note} onChange={setNote} area required />
          <Text label={T.evidenceRefs} value={references} onChange={setReferences} area />
        </ActionForm>
      )}
      {item.status === 'remediated' && reviewer && (
        <div className="control-form" role="group" aria-label={`review of ${item.remediationId}`}>
          <Text label={T.reviewNote} value={reviewNote} onChange={setReviewNote} />
          <ActionStatus error={state.errorOf(where)} onReload={state.reload} />
          <BusyButton busy={state.busy} onClick={() => review('close')}>
            {T.closeRemediation}
          </BusyButton>{' '}
          <BusyButton className="secondary" busy={state.busy} onClick={() => review('reopen')}>
            {T.reopen}
          </BusyButton>
        </div>
      )}
    </li>
  );
}
