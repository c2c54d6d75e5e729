import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { COMPLAINT_CHANNEL_VALUES, COMPLAINT_PARTY_VALUES, COMPLAINT_ROOT_CAUSE_CODE_VALUES } from '../../../server/generated/schema-types';
import { BusyButton } from '../components/BusyButton';
import { lines } from '../vendors/access';
import { SelectField } from './SelectField';
import type { ComplaintAction } from './workflow';
import { CALLBACK_LABELS, CHANNEL_LABELS, COMPLAINT_TERMS as T, MEDIATION_LABELS, OUTCOME_LABELS, PARTY_LABELS, ROOT_CAUSE_LABELS } from './terms';
import { Text } from '../components/TextField';

/** A step's body without the revision (the case file adds the one it read). */
export type StepBody = Record<string, unknown>;
type Act = (action: ComplaintAction, body: StepBody) => void;

export const ACTION_LABELS: Record<ComplaintAction, string> = {
  accept: '受理 Accept',
  reject: '不予受理 Reject',
  investigate: '开始调查 Investigate',
  extend: '延长时限 Extend the deadline',
  decide: '作出决定 Decide',
  mediate: '记录调解 Record mediation',
  feedback: '记录反馈 Record feedback',
  callback: '记录回访 Record call-back',
  'root-cause': '记录根因 Record root cause',
  submit: '提交结案复核 Submit for closure review',
  review: '结案复核 Closure review',
};

const today = () => new Date().toISOString().slice(0, 10);
const optional = (name: string, value: string) => (value.trim() ? { [name]: value.trim() } : {});

/** The form of one workflow step (docs/complaints.md "The workflow"; each body as schemas/complaints/complaint-<action>-request.json). */
export function StepForm({ action, busy, onAct }: { action: ComplaintAction; busy: boolean; onAct: Act }) {
  const Form = FORMS[action];
  return <Form busy={busy} onAct={(body) => onAct(action, body)} />;
}

type FormProps = { busy: boolean; onAct: (body: StepBody) => void };

function Shell({
  action,
  busy,
  onSubmit,
  children,
  submit = true,
}: {
  action: ComplaintAction;
  busy: boolean;
  onSubmit: () => void;
  children?: ReactNode;
  submit?: boolean;
}) {
  const handle = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form aria-label={`step ${action}`} onSubmit={handle}>
      <h3>{ACTION_LABELS[action]}</h3>
      {children}
      {submit && (
        <div>
          <BusyButton type="submit" busy={busy}>
            {ACTION_LABELS[action]}
          </BusyButton>
        </div>
      )}
    </form>
  );
}

function Accept({ busy, onAct }: FormProps) {
  const [note, setNote] = useState('');
  const [references, setReferences] = useState('');
  return (
    <Shell action="accept" busy={busy} onSubmit={() => onAct({ evidence: { note, references: lines(references) } })}>
      <Text label={T.evidence} value={note} onChange={setNote} area required />
      <Text label={T.references} value={references} onChange={setReferences} area />
    </Shell>
  );
}

function Reject({ busy, onAct }: FormProps) {
  const [reasons, setReasons] = useState('');
  return (
    <Shell action="reject" busy={busy} onSubmit={() => onAct({ reasons: lines(reasons) })}>
      <Text label={T.reasons} value={reasons} onChange={setReasons} area required />
    </Shell>
  );
}

function Investigate({ busy, onAct }: FormProps) {
  const [note, setNote] = useState('');
  return (
    <Shell action="investigate" busy={busy} onSubmit={() => onAct({ note })}>
      <Text label={T.investigationNote} value={note} onChange={setNote} area required />
    </Shell>
  );
}

function Extend({ busy, onAct }: FormProps) {
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  return (
    <Shell action="extend" busy={busy} onSubmit={() => onAct({ extendedUntil: until, reason })}>
      <Text label={T.extendedUntil} value={until} onChange={setUntil} type="date" required />
      <Text label={T.extensionReason} value={reason} onChange={setReason} area required />
    </Shell>
  );
}

function Decide({ busy, onAct }: FormProps) {
  const [outcome, setOutcome] = useState('upheld');
  const [party, setParty] = useState('insurer');
  const [partyId, setPartyId] = useState('');
  const [upheld, setUpheld] = useState(false);
  const [note, setNote] = useState('');
  return (
    <Shell action="decide" busy={busy} onSubmit={() => onAct({ outcome, responsibility: [{ party, upheld, ...optional('partyId', partyId) }], note })}>
      <SelectField label={T.outcome} value={outcome} values={Object.keys(OUTCOME_LABELS)} labels={OUTCOME_LABELS} onChange={setOutcome} />
      <SelectField label={T.party} value={party} values={COMPLAINT_PARTY_VALUES} labels={PARTY_LABELS} onChange={setParty} />
      <Text label={T.partyId} value={partyId} onChange={setPartyId} />
      <label className="inline">
        <input type="checkbox" checked={upheld} onChange={(event) => setUpheld(event.target.checked)} /> {T.upheld}
      </label>
      <Text label={T.note} value={note} onChange={setNote} area required />
    </Shell>
  );
}

function Mediate({ busy, onAct }: FormProps) {
  const [mediator, setMediator] = useState('');
  const [startedOn, setStartedOn] = useState(today);
  const [result, setResult] = useState('');
  return (
    <Shell action="mediate" busy={busy} onSubmit={() => onAct({ mediator, startedOn, ...optional('result', result) })}>
      <Text label={T.mediator} value={mediator} onChange={setMediator} required />
      <Text label={T.startedOn} value={startedOn} onChange={setStartedOn} type="date" required />
      <SelectField
        label={T.mediationResult}
        value={result}
        values={['', ...Object.keys(MEDIATION_LABELS)]}
        labels={{ '': '—', ...MEDIATION_LABELS }}
        onChange={setResult}
      />
    </Shell>
  );
}

function Feedback({ busy, onAct }: FormProps) {
  const [givenOn, setGivenOn] = useState(today);
  const [channel, setChannel] = useState('phone');
  const [note, setNote] = useState('');
  return (
    <Shell action="feedback" busy={busy} onSubmit={() => onAct({ givenOn, channel, ...optional('note', note) })}>
      <Text label={T.givenOn} value={givenOn} onChange={setGivenOn} type="date" required />
      <SelectField label={T.feedbackChannel} value={channel} values={COMPLAINT_CHANNEL_VALUES} labels={CHANNEL_LABELS} onChange={setChannel} />
      <Text label={T.note} value={note} onChange={setNote} area />
    </Shell>
  );
}

function Callback({ busy, onAct }: FormProps) {
  const [calledOn, setCalledOn] = useState(today);
  const [result, setResult] = useState('satisfied');
  const [note, setNote] = useState('');
  return (
    <Shell action="callback" busy={busy} onSubmit={() => onAct({ calledOn, result, ...optional('note', note) })}>
      <Text label={T.calledOn} value={calledOn} onChange={setCalledOn} type="date" required />
      <SelectField label={T.callbackResult} value={result} values={Object.keys(CALLBACK_LABELS)} labels={CALLBACK_LABELS} onChange={setResult} />
      <Text label={T.note} value={note} onChange={setNote} area />
    </Shell>
  );
}

function RootCause({ busy, onAct }: FormProps) {
  const [code, setCode] = useState('other');
  const [text, setText] = useState('');
  return (
    <Shell action="root-cause" busy={busy} onSubmit={() => onAct({ code, text })}>
      <SelectField label={T.rootCause} value={code} values={COMPLAINT_ROOT_CAUSE_CODE_VALUES} labels={ROOT_CAUSE_LABELS} onChange={setCode} />
      <Text label={T.rootCauseText} value={text} onChange={setText} area required />
    </Shell>
  );
}

function Submit({ busy, onAct }: FormProps) {
  const [note, setNote] = useState('');
  return (
    <Shell action="submit" busy={busy} onSubmit={() => onAct(optional('note', note))}>
      <Text label={T.note} value={note} onChange={setNote} area />
    </Shell>
  );
}

/** The closure review (Art. 29): close (refused by the server while items are missing: back to rework with them listed) or send back. */
function Review({ busy, onAct }: FormProps) {
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState('');
  // Which of the two submit buttons was pressed (a ref: read in the submit event that follows the click).
  const outcome = useRef<'close' | 'rework'>('close');
  return (
    <Shell action="review" busy={busy} submit={false} onSubmit={() => onAct({ outcome: outcome.current, missing: lines(missing), ...optional('note', note) })}>
      <Text label={T.reviewNote} value={note} onChange={setNote} area />
      <Text label={T.reviewMissing} value={missing} onChange={setMissing} area />
      <div className="row">
        <BusyButton type="submit" busy={busy} onClick={() => (outcome.current = 'close')}>
          {T.close}
        </BusyButton>
        <BusyButton type="submit" className="secondary" busy={busy} onClick={() => (outcome.current = 'rework')}>
          {T.sendBack}
        </BusyButton>
      </div>
    </Shell>
  );
}

const FORMS: Record<ComplaintAction, (props: FormProps) => ReactNode> = {
  accept: Accept,
  reject: Reject,
  investigate: Investigate,
  extend: Extend,
  decide: Decide,
  mediate: Mediate,
  feedback: Feedback,
  callback: Callback,
  'root-cause': RootCause,
  submit: Submit,
  review: Review,
};
