import { type FormEvent, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { FieldErrors } from '../components/ErrorView';
import { vendorAccess } from './access';
import type { AgencyActions } from './agency-actions';
import { CHECK_KIND_LABELS, CHECK_KINDS, CHECK_RESULT_LABELS, CHECK_RESULTS, CHECK_SUBJECT_LABELS, CHECK_SUBJECTS, labelOf, VENDOR_TERMS as T } from './terms';
import { vendorEndpoints, type AgencyCheck, type AgencyCheckRequest } from './vendor-endpoints';

const today = () => new Date().toLocaleDateString('sv');

/** Every check recorded (oldest first), with its day, source, evidence and expiry; HQ's makers record another. */
export function ChecksPanel({ me, actions }: { me: PrincipalView; actions: AgencyActions }) {
  const agency = actions.detail!.agency;
  const recordable = vendorAccess.edit(me) && agency.status !== 'terminated';
  return (
    <>
      <ChecksTable checks={agency.checks} label="agency checks" />
      {recordable && <CheckForm agencyId={agency.agencyId} actions={actions} />}
    </>
  );
}

export function ChecksTable({ checks, label }: { checks: AgencyCheck[]; label: string }) {
  if (checks.length === 0) return <p className="muted">{T.none}</p>;
  const day = today();
  return (
    <table className="grid" aria-label={label}>
      <thead>
        <tr>
          <th>{T.subject}</th>
          <th>{T.checkKind}</th>
          <th>{T.result}</th>
          <th>{T.checkedOn}</th>
          <th>{T.expiresOn}</th>
          <th>{T.source}</th>
          <th>{T.evidenceRef}</th>
          <th>{T.recordedBy}</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((check, index) => (
          <tr key={index} className={check.expiresOn <= day ? 'expired' : undefined}>
            <td>{labelOf(CHECK_SUBJECT_LABELS, check.subject)}</td>
            <td>{labelOf(CHECK_KIND_LABELS, check.kind)}</td>
            <td className={check.result === 'found' ? 'found' : undefined}>{labelOf(CHECK_RESULT_LABELS, check.result)}</td>
            <td>{check.checkedOn}</td>
            <td>
              {check.expiresOn}
              {check.expiresOn <= day && <span className="muted"> 已失效 expired</span>}
            </td>
            <td>{check.source}</td>
            <td>{check.evidenceRef}</td>
            <td>{check.recordedBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CheckForm({ agencyId, actions }: { agencyId: string; actions: AgencyActions }) {
  const blank = { subject: CHECK_SUBJECTS[0], kind: CHECK_KINDS[0], result: CHECK_RESULTS[0], checkedOn: today(), source: '', evidenceRef: '' };
  const [form, setForm] = useState<Omit<AgencyCheckRequest, 'revision'>>(blank);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { ...form, source: form.source.trim(), evidenceRef: form.evidenceRef.trim() };
    if (await actions.act(`${T.recordCheck} ✓`, (revision) => vendorEndpoints.recordCheck(agencyId, { revision, ...body })))
      setForm({ ...blank, subject: form.subject, checkedOn: form.checkedOn, source: form.source });
  };
  const select = <K extends 'subject' | 'kind' | 'result'>(name: K, values: readonly string[], labels: Record<string, string>, title: string) => (
    <label className="inline">
      {title}{' '}
      <select aria-label={`check ${name}`} value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })}>
        {values.map((value) => (
          <option key={value} value={value}>
            {labels[value]}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form className="card" aria-label="record a check" onSubmit={submit}>
      <h3>{T.recordCheck}</h3>
      <div className="row">
        {select('subject', CHECK_SUBJECTS, CHECK_SUBJECT_LABELS, T.subject)}
        {select('kind', CHECK_KINDS, CHECK_KIND_LABELS, T.checkKind)}
        {select('result', CHECK_RESULTS, CHECK_RESULT_LABELS, T.result)}
        <label className="inline">
          {T.checkedOn}{' '}
          <input aria-label="checked on" type="date" value={form.checkedOn} onChange={(event) => setForm({ ...form, checkedOn: event.target.value })} />
        </label>
      </div>
      <FieldErrors error={actions.actionError} path="/body/checkedOn" />
      <div className="row">
        <label className="inline">
          {T.source} <input aria-label="check source" value={form.source} onChange={(event) => setForm({ ...form, source: event.target.value })} />
        </label>
        <label className="inline">
          {T.evidenceRef}{' '}
          <input aria-label="evidence reference" value={form.evidenceRef} onChange={(event) => setForm({ ...form, evidenceRef: event.target.value })} />
        </label>
        <BusyButton busy={actions.busy} type="submit" disabled={!form.source.trim() || !form.evidenceRef.trim()}>
          {T.recordCheck}
        </BusyButton>
      </div>
      <FieldErrors error={actions.actionError} path="/body/source" />
      <FieldErrors error={actions.actionError} path="/body/evidenceRef" />
    </form>
  );
}
