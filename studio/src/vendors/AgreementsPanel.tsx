import { type FormEvent, useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { FieldErrors } from '../components/ErrorView';
import { Pending, Status } from '../components/Status';
import { ActionError } from '../monitoring/common';
import { vendorAccess } from './access';
import { AGREEMENT_STATUS_LABELS, labelOf, WORK_TERMS as W } from './terms';
import { useLoaded } from './use-loaded';
import { agencyWorkEndpoints, type Agency, type Agreement, type AgreementSignRequest } from './vendor-endpoints';

const today = () => new Date().toLocaleDateString('sv');

/**
 * The agency's agreements (docs/vendors.md#agreements-委外协议): each with its unit, template version,
 * dates, open placements against capacity and HQ's consent; HQ's approvers consent to or refuse a branch's
 * agreement (not the signer: the server answers 403 maker_checker); makers sign one with an admitted agency.
 */
export function AgreementsPanel({ me, agency }: { me: PrincipalView; agency: Agency }) {
  const id = agency.agencyId;
  const load = useCallback(async () => {
    const [agreements, templates] = await Promise.all([agencyWorkEndpoints.agreements(id), agencyWorkEndpoints.templates()]);
    return { agreements: agreements.items, templates: templates.items };
  }, [id]);
  const state = useLoaded(load);
  const [note, setNote] = useState('');
  if (state.loadError || !state.data) return <Pending error={state.loadError} />;
  const decide = (agreement: Agreement, action: 'consent' | 'refuse') =>
    state.run(action === 'consent' ? W.consentAction : W.refuseAction, () =>
      agencyWorkEndpoints[action](agreement.agreementId, { revision: agreement.revision, ...(note.trim() ? { note: note.trim() } : {}) }),
    );

  return (
    <>
      <Status notice={state.notice} />
      <ActionError error={state.actionError} onReload={() => void state.reload()} />
      {state.data.agreements.length === 0 ? (
        <p className="muted">{W.noAgreements}</p>
      ) : (
        <table className="grid" aria-label="agency agreements">
          <thead>
            <tr>
              <th>{W.orgUnit}</th>
              <th>{W.template}</th>
              <th>{W.signedOn}</th>
              <th>{W.validFrom}</th>
              <th>{W.validTo}</th>
              <th>{W.openOfCapacity}</th>
              <th>{W.reference}</th>
              <th>状态 Status</th>
              <th>{W.consent}</th>
            </tr>
          </thead>
          <tbody>
            {state.data.agreements.map((agreement) => (
              <tr key={agreement.agreementId} data-testid={`agreement-${agreement.agreementId}`}>
                <td>{agreement.orgUnit}</td>
                <td>
                  {agreement.templateId} v{agreement.templateVersion}
                </td>
                <td>{agreement.signedOn}</td>
                <td>{agreement.validFrom}</td>
                <td>{agreement.validTo ?? '—'}</td>
                <td>
                  {agreement.openPlacements} / {agreement.capacity}
                </td>
                <td>{agreement.reference ?? '—'}</td>
                <td>{labelOf(AGREEMENT_STATUS_LABELS, agreement.status)}</td>
                <td>
                  {agreement.consent
                    ? `${agreement.consent.decision} · ${agreement.consent.by}${agreement.consent.note ? ` · ${agreement.consent.note}` : ''}`
                    : agreement.status === 'awaiting-consent' && <ConsentButtons me={me} agreement={agreement} busy={state.busy} decide={decide} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {vendorAccess.decide(me) && state.data.agreements.some((agreement) => agreement.status === 'awaiting-consent') && (
        <label>
          {W.consentNote}
          <textarea aria-label="consent note" rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
      )}
      {vendorAccess.edit(me) && agency.status === 'admitted' && (
        <SignForm agencyId={id} templates={state.data.templates} me={me} busy={state.busy} error={state.actionError} run={state.run} />
      )}
    </>
  );
}

function ConsentButtons({
  me,
  agreement,
  busy,
  decide,
}: {
  me: PrincipalView;
  agreement: Agreement;
  busy: boolean;
  decide: (agreement: Agreement, action: 'consent' | 'refuse') => Promise<boolean>;
}) {
  if (!vendorAccess.decide(me)) return <span className="muted">—</span>;
  if (agreement.signedBy === me.name) return <span className="muted">{W.signerNoConsent}</span>;
  return (
    <div className="row">
      <BusyButton busy={busy} onClick={() => decide(agreement, 'consent')}>
        {W.consentAction}
      </BusyButton>
      <BusyButton busy={busy} className="secondary" onClick={() => decide(agreement, 'refuse')}>
        {W.refuseAction}
      </BusyButton>
    </div>
  );
}

type Templates = Awaited<ReturnType<typeof agencyWorkEndpoints.templates>>['items'];

function SignForm({
  agencyId,
  templates,
  me,
  busy,
  error,
  run,
}: {
  agencyId: string;
  templates: Templates;
  me: PrincipalView;
  busy: boolean;
  error: unknown;
  run: (done: string, call: () => Promise<unknown>) => Promise<boolean>;
}) {
  const first = templates[0];
  const blank = { templateId: first?.templateId ?? '', templateVersion: first?.revision ?? 1, orgUnit: me.orgUnit, capacity: 10, validTo: '', reference: '' };
  const [form, setForm] = useState({ ...blank, signedOn: today(), validFrom: today() });
  const versions = templates.find((template) => template.templateId === form.templateId)?.versions ?? [];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: AgreementSignRequest = {
      orgUnit: form.orgUnit.trim(),
      templateId: form.templateId,
      templateVersion: Number(form.templateVersion),
      signedOn: form.signedOn,
      validFrom: form.validFrom,
      capacity: Number(form.capacity),
      ...(form.validTo ? { validTo: form.validTo } : {}),
      ...(form.reference.trim() ? { reference: form.reference.trim() } : {}),
    };
    if (await run(`${W.sign} ✓`, () => agencyWorkEndpoints.sign(agencyId, body))) setForm({ ...form, reference: '' });
  };
  const field = (name: 'orgUnit' | 'signedOn' | 'validFrom' | 'validTo' | 'capacity' | 'reference', title: string, type = 'text') => (
    <label className="inline">
      {title} <input aria-label={`agreement ${name}`} type={type} value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })} />
    </label>
  );
  return (
    <form className="card" aria-label="sign an agreement" onSubmit={submit}>
      <h3>{W.sign}</h3>
      <div className="row">
        <label className="inline">
          {W.template}{' '}
          <select
            aria-label="agreement template"
            value={form.templateId}
            onChange={(event) => {
              const template = templates.find((item) => item.templateId === event.target.value);
              setForm({ ...form, templateId: event.target.value, templateVersion: template?.revision ?? 1 });
            }}
          >
            {templates.map((template) => (
              <option key={template.templateId} value={template.templateId}>
                {template.title} ({template.templateId})
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {W.templateVersion}{' '}
          <select
            aria-label="agreement template version"
            value={form.templateVersion}
            onChange={(event) => setForm({ ...form, templateVersion: Number(event.target.value) })}
          >
            {versions.map((version) => (
              <option key={version.version} value={version.version}>
                v{version.version}
              </option>
            ))}
          </select>
        </label>
        {field('orgUnit', W.orgUnit)}
        {field('capacity', W.capacity, 'number')}
      </div>
      <div className="row">
        {field('signedOn', W.signedOn, 'date')}
        {field('validFrom', W.validFrom, 'date')}
        {field('validTo', W.validTo, 'date')}
        {field('reference', W.reference)}
        <BusyButton busy={busy} type="submit" disabled={!form.templateId}>
          {W.sign}
        </BusyButton>
      </div>
      {['/body/orgUnit', '/body/templateVersion', '/body/capacity', '/body/validTo', '/body/signedOn'].map((path) => (
        <FieldErrors key={path} error={error} path={path} />
      ))}
    </form>
  );
}
