import { type FormEvent, useState } from 'react';
import { FieldErrors } from '../components/ErrorView';
import { BusyButton } from '../components/BusyButton';
import { Status } from '../components/Status';
import { navigate } from '../router';
import { lines } from './access';
import { AGENCY_KIND_LABELS, AGENCY_KINDS, VENDOR_TERMS as T, WORK_KIND_LABELS, WORK_KINDS } from './terms';
import { vendorEndpoints, type AgencyCreateRequest } from './vendor-endpoints';

const EMPTY = {
  creditCode: '',
  agencyName: '',
  kind: 'collection-agency' as AgencyCreateRequest['kind'],
  workKinds: ['collection'] as AgencyCreateRequest['workKinds'],
  foundedOn: '',
  bankExperienceMonths: '0',
  phoneTeamSize: '0',
  ownSystems: false,
  securityEvidence: '',
  name: '',
  idNumber: '',
};

/** An agency's application to the register (HQ makers): the server checks the credit code and says which field is wrong. */
export function AgencyForm() {
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const set = (patch: Partial<typeof EMPTY>) => setForm({ ...form, ...patch });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await vendorEndpoints.create({
        creditCode: form.creditCode.trim(),
        agencyName: form.agencyName.trim(),
        kind: form.kind,
        workKinds: form.workKinds,
        foundedOn: form.foundedOn,
        bankExperienceMonths: Number(form.bankExperienceMonths),
        phoneTeamSize: Number(form.phoneTeamSize),
        systems: { ownSystems: form.ownSystems, securityEvidence: lines(form.securityEvidence) },
        legalRepresentative: { name: form.name.trim(), idNumber: form.idNumber.trim() },
      });
      navigate(`/vendors/${encodeURIComponent(created.agency.agencyId)}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const toggleWork = (kind: (typeof WORK_KINDS)[number], on: boolean) =>
    set({ workKinds: on ? [...new Set([...form.workKinds, kind])] : form.workKinds.filter((value) => value !== kind) });

  return (
    <form className="card form-grid" aria-label="register an agency" onSubmit={submit}>
      <h2>{T.newAgency}</h2>
      <label>
        {T.creditCode}
        <input aria-label="credit code" value={form.creditCode} maxLength={18} onChange={(event) => set({ creditCode: event.target.value.toUpperCase() })} />
      </label>
      <FieldErrors error={error} path="/body/creditCode" />
      <label>
        {T.agencyName}
        <input aria-label="agency name" value={form.agencyName} onChange={(event) => set({ agencyName: event.target.value })} />
      </label>
      <FieldErrors error={error} path="/body/agencyName" />
      <label>
        {T.kind}
        <select aria-label="agency kind" value={form.kind} onChange={(event) => set({ kind: event.target.value as typeof form.kind })}>
          {AGENCY_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {AGENCY_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{T.workKinds}</legend>
        {WORK_KINDS.map((kind) => (
          <label key={kind} className="inline">
            <input type="checkbox" checked={form.workKinds.includes(kind)} onChange={(event) => toggleWork(kind, event.target.checked)} />{' '}
            {WORK_KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      <FieldErrors error={error} path="/body/workKinds" />
      <label>
        {T.foundedOn}
        <input aria-label="founded on" type="date" value={form.foundedOn} onChange={(event) => set({ foundedOn: event.target.value })} />
      </label>
      <FieldErrors error={error} path="/body/foundedOn" />
      <label>
        {T.bankExperience}
        <input
          aria-label="bank experience months"
          type="number"
          min={0}
          value={form.bankExperienceMonths}
          onChange={(event) => set({ bankExperienceMonths: event.target.value })}
        />
      </label>
      <FieldErrors error={error} path="/body/bankExperienceMonths" />
      <label>
        {T.phoneTeam}
        <input aria-label="phone team size" type="number" min={0} value={form.phoneTeamSize} onChange={(event) => set({ phoneTeamSize: event.target.value })} />
      </label>
      <FieldErrors error={error} path="/body/phoneTeamSize" />
      <label className="inline">
        <input type="checkbox" aria-label="own systems" checked={form.ownSystems} onChange={(event) => set({ ownSystems: event.target.checked })} />{' '}
        {T.ownSystems}
      </label>
      <label>
        {T.securityEvidence} ({T.references})
        <textarea aria-label="security evidence" rows={2} value={form.securityEvidence} onChange={(event) => set({ securityEvidence: event.target.value })} />
      </label>
      <FieldErrors error={error} path="/body/systems" />
      <label>
        {T.legalRepresentativeName}
        <input aria-label="legal representative name" value={form.name} onChange={(event) => set({ name: event.target.value })} />
      </label>
      <label>
        {T.legalRepresentativeId}
        <input aria-label="legal representative id number" value={form.idNumber} onChange={(event) => set({ idNumber: event.target.value })} />
      </label>
      <FieldErrors error={error} path="/body/legalRepresentative" />
      <Status error={error} />
      <div className="row">
        <BusyButton busy={busy} type="submit">
          {T.submit}
        </BusyButton>
      </div>
    </form>
  );
}
