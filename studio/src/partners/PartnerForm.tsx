import { type FormEvent, useState } from 'react';
import { PARTNER_VIOLATION_TYPE_VALUES, type PartnerPenaltyClause, type PartnerViolationType } from '../../../server/generated/schema-types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { navigate } from '../router';
import { partnerEndpoints, type PartnerDetail } from './partner-endpoints';
import { centsOf, PARTNER_TERMS as T, VIOLATION_LABELS } from './terms';

const EMPTY = { creditCode: '', partnerName: '', orgUnit: '', channelCodes: '', number: '', signedOn: '', startsOn: '', endsOn: '', feeRateBp: '0' };
type Clause = { fixed: string; perLoan: string; feeShareBp: string; cap: string };
const NO_CLAUSE: Clause = { fixed: '', perLoan: '', feeShareBp: '', cap: '' };

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** A clause from its row, or undefined when the row is blank (the agreement has no penalty for that type). */
function clauseOf(violationType: PartnerViolationType, row: Clause): PartnerPenaltyClause | undefined {
  if (Object.values(row).every((value) => value.trim() === '')) return undefined;
  const cap = centsOf(row.cap);
  return {
    violationType,
    fixedCents: centsOf(row.fixed) ?? 0,
    perLoanCents: centsOf(row.perLoan) ?? 0,
    feeShareBp: row.feeShareBp.trim() === '' ? 0 : Number(row.feeShareBp),
    ...(cap !== undefined ? { capCents: cap } : {}),
  };
}

/** Registers a channel partner with its agreement and one penalty row per Art. 5 violation type; the file opens on success. */
export function PartnerForm() {
  const [form, setForm] = useState(EMPTY);
  const [clauses, setClauses] = useState<Record<PartnerViolationType, Clause>>(
    Object.fromEntries(PARTNER_VIOLATION_TYPE_VALUES.map((type) => [type, NO_CLAUSE])) as Record<PartnerViolationType, Clause>,
  );
  const call = useServerCall<PartnerDetail>();
  const set = (patch: Partial<typeof EMPTY>) => setForm({ ...form, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const penalties = PARTNER_VIOLATION_TYPE_VALUES.map((type) => clauseOf(type, clauses[type])).filter((clause) => clause !== undefined);
    void call.run(async () => {
      const created = await partnerEndpoints.register({
        creditCode: form.creditCode.trim(),
        partnerName: form.partnerName,
        ...(form.orgUnit.trim() ? { orgUnit: form.orgUnit.trim() } : {}),
        channelCodes: list(form.channelCodes),
        agreement: { number: form.number, signedOn: form.signedOn, startsOn: form.startsOn, endsOn: form.endsOn, feeRateBp: Number(form.feeRateBp), penalties },
      });
      navigate(`/partners/${encodeURIComponent(created.partner.partnerId)}`);
      return created;
    });
  };
  const text = (name: keyof typeof EMPTY, label: string, path: string, type = 'text') => (
    <label>
      {label}
      <input aria-label={name} type={type} value={form[name]} required={name !== 'orgUnit'} onChange={(event) => set({ [name]: event.target.value })} />
      <FieldErrors error={call.error} path={path} />
    </label>
  );
  return (
    <form className="card" aria-label="partner registration" onSubmit={submit}>
      <h2>{T.newPartner}</h2>
      {text('creditCode', T.creditCode, '/body/creditCode')}
      {text('partnerName', T.partnerName, '/body/partnerName')}
      {text('orgUnit', T.orgUnit, '/body/orgUnit')}
      {text('channelCodes', T.channelCodes, '/body/channelCodes')}
      <h3>{T.agreement}</h3>
      {text('number', T.agreementNumber, '/body/agreement/number')}
      {text('signedOn', T.signedOn, '/body/agreement/signedOn', 'date')}
      {text('startsOn', T.startsOn, '/body/agreement/startsOn', 'date')}
      {text('endsOn', T.endsOn, '/body/agreement/endsOn', 'date')}
      {text('feeRateBp', T.feeRate, '/body/agreement/feeRateBp', 'number')}
      <h3>{T.penalties}</h3>
      <table className="grid" aria-label="penalty clauses">
        <thead>
          <tr>
            <th>{T.violationType}</th>
            <th>{T.fixed}</th>
            <th>{T.perLoan}</th>
            <th>{T.feeShare}</th>
            <th>{T.cap}</th>
          </tr>
        </thead>
        <tbody>
          {PARTNER_VIOLATION_TYPE_VALUES.map((type) => (
            <tr key={type}>
              <td>{VIOLATION_LABELS[type]}</td>
              {(['fixed', 'perLoan', 'feeShareBp', 'cap'] as const).map((field) => (
                <td key={field}>
                  <input
                    aria-label={`${type} ${field}`}
                    inputMode="decimal"
                    value={clauses[type][field]}
                    onChange={(event) => setClauses({ ...clauses, [type]: { ...clauses[type], [field]: event.target.value } })}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <FieldErrors error={call.error} path="/body/agreement/penalties" />
      <ErrorView error={call.error} />
      <div>
        <BusyButton type="submit" busy={call.busy}>
          {T.save}
        </BusyButton>
      </div>
    </form>
  );
}
