import { type FormEvent, useState } from 'react';
import {
  COMPLAINT_CHANNEL_VALUES,
  COMPLAINT_SUBJECT_KIND_VALUES,
  type ComplaintChannel,
  type ComplaintSubjectKind,
} from '../../../server/generated/schema-types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { navigate } from '../router';
import { complaintEndpoints, type ComplaintDetail, type ComplaintIntakeRequest } from './complaint-endpoints';
import { SelectField } from './SelectField';
import { CHANNEL_LABELS, COMPLAINT_TERMS as T, SUBJECT_LABELS } from './terms';

const EMPTY = {
  orgUnit: '',
  channel: 'phone' as ComplaintChannel,
  name: '',
  phone: '',
  email: '',
  address: '',
  kind: 'insurer-staff' as ComplaintSubjectKind,
  obligorId: '',
  caseId: '',
  agencyId: '',
  partnerId: '',
  summary: '',
  complexity: 'simple' as 'simple' | 'complex',
};

const clean = <T extends Record<string, string>>(record: T): Partial<T> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value.trim() !== '')) as Partial<T>;

/** Files a complaint as received (Art. 30: numbered one by one); the case file opens on its number. The complainant's data is sealed by the server (Art. 31). */
export function IntakeForm() {
  const [form, setForm] = useState(EMPTY);
  const call = useServerCall<ComplaintDetail>();
  const set = (patch: Partial<typeof EMPTY>) => setForm({ ...form, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: ComplaintIntakeRequest = {
      ...(form.orgUnit.trim() ? { orgUnit: form.orgUnit.trim() } : {}),
      channel: form.channel,
      complainant: { name: form.name, ...clean({ phone: form.phone, email: form.email, address: form.address }) },
      subject: { kind: form.kind, ...clean({ obligorId: form.obligorId, caseId: form.caseId, agencyId: form.agencyId, partnerId: form.partnerId }) },
      summary: form.summary,
      complexity: form.complexity,
    };
    void call.run(async () => {
      const filed = await complaintEndpoints.intake(body);
      navigate(`/complaints/${encodeURIComponent(filed.complaint.complaintId)}`);
      return filed;
    });
  };
  const text = (name: keyof typeof EMPTY, label: string, path: string, required = false) => (
    <label>
      {label}
      <input value={form[name]} required={required} onChange={(event) => set({ [name]: event.target.value })} />
      <FieldErrors error={call.error} path={path} />
    </label>
  );
  return (
    <form className="card complaint-steps" aria-label="complaint intake" onSubmit={submit}>
      <h2>{T.newComplaint}</h2>
      <SelectField
        label={T.channel}
        value={form.channel}
        values={COMPLAINT_CHANNEL_VALUES}
        labels={CHANNEL_LABELS}
        onChange={(value) => set({ channel: value as ComplaintChannel })}
      />
      {text('name', T.complainantName, '/body/complainant/name', true)}
      {text('phone', T.phone, '/body/complainant/phone')}
      {text('email', T.email, '/body/complainant/email')}
      {text('address', T.address, '/body/complainant/address')}
      <SelectField
        label={T.subject}
        value={form.kind}
        values={COMPLAINT_SUBJECT_KIND_VALUES}
        labels={SUBJECT_LABELS}
        onChange={(value) => set({ kind: value as ComplaintSubjectKind })}
      />
      {text('obligorId', T.obligor, '/body/subject/obligorId')}
      {text('caseId', T.caseId, '/body/subject/caseId')}
      {text('agencyId', T.agencyId, '/body/subject/agencyId')}
      {text('partnerId', T.partnerId, '/body/subject/partnerId')}
      <label>
        {T.summary}
        <textarea value={form.summary} required onChange={(event) => set({ summary: event.target.value })} />
        <FieldErrors error={call.error} path="/body/summary" />
      </label>
      <SelectField
        label={T.complexity}
        value={form.complexity}
        values={['simple', 'complex']}
        labels={{ simple: T.simple, complex: T.complex }}
        onChange={(value) => set({ complexity: value as 'simple' | 'complex' })}
      />
      {text('orgUnit', T.orgUnit, '/body/orgUnit')}
      <ErrorView error={call.error} />
      <div>
        <BusyButton type="submit" busy={call.busy}>
          {T.file}
        </BusyButton>
      </div>
    </form>
  );
}
