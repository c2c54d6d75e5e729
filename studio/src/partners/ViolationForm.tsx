import { type FormEvent, useState } from 'react';
import { PARTNER_VIOLATION_TYPE_VALUES, type PartnerViolationType } from '../../../server/generated/schema-types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { partnerEndpoints } from './partner-endpoints';
import { PARTNER_TERMS as T, VIOLATION_LABELS } from './terms';

const EMPTY = { type: PARTNER_VIOLATION_TYPE_VALUES[0] as PartnerViolationType, occurredOn: '', note: '', references: '', loanIds: '' };
const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Records an Art. 5 violation; the server computes the agreement's penalty and proposes it (another approver confirms). */
export function ViolationForm({ partnerId, onRecorded }: { partnerId: string; onRecorded: () => void }) {
  const [form, setForm] = useState(EMPTY);
  const call = useServerCall<unknown>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void call.run(async () => {
      const recorded = await partnerEndpoints.recordViolation(partnerId, {
        type: form.type,
        occurredOn: form.occurredOn,
        evidence: { note: form.note, references: list(form.references) },
        loanIds: list(form.loanIds),
      });
      setForm(EMPTY);
      onRecorded();
      return recorded;
    });
  };
  return (
    <form className="card" aria-label="record violation" onSubmit={submit}>
      <h2>{T.recordViolation}</h2>
      <label>
        {T.violationType}
        <select aria-label="violation type" value={form.type} onChange={(event) => setForm({ ...form, type: event.target.value as PartnerViolationType })}>
          {PARTNER_VIOLATION_TYPE_VALUES.map((type) => (
            <option key={type} value={type}>
              {VIOLATION_LABELS[type]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {T.occurredOn}
        <input
          aria-label="occurred on"
          type="date"
          required
          value={form.occurredOn}
          onChange={(event) => setForm({ ...form, occurredOn: event.target.value })}
        />
      </label>
      <label>
        {T.evidence}
        <textarea aria-label="evidence" required value={form.note} onChange={(event) => setForm({ ...form, note: event.target.value })} />
      </label>
      <label>
        {T.references}
        <input aria-label="references" value={form.references} onChange={(event) => setForm({ ...form, references: event.target.value })} />
      </label>
      <label>
        {T.loanIds}
        <input aria-label="loans concerned" value={form.loanIds} onChange={(event) => setForm({ ...form, loanIds: event.target.value })} />
        <FieldErrors error={call.error} path="/body/loanIds/0" />
      </label>
      <ErrorView error={call.error} />
      <div>
        <BusyButton type="submit" busy={call.busy}>
          {T.record}
        </BusyButton>
      </div>
    </form>
  );
}
