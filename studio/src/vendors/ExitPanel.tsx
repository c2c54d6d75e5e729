import { type FormEvent, useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { FieldErrors } from '../components/ErrorView';
import { Pending, Status } from '../components/Status';
import { ActionError } from '../monitoring/common';
import { lines, vendorAccess } from './access';
import { WORK_TERMS as W } from './terms';
import { useLoaded } from './use-loaded';
import { agencyWorkEndpoints, type Agency, type AgencyExit } from './vendor-endpoints';

/**
 * The exit of a terminated agency (docs/vendors.md#exit-退出): the placements its termination recalled,
 * the data-purge attestation (due until recorded, once) and what the platform keeps; HQ's makers record
 * the attestation. Before the termination there is no exit (the server answers 404): the tab says so.
 */
export function ExitPanel({ me, agency }: { me: PrincipalView; agency: Agency }) {
  const id = agency.agencyId;
  const load = useCallback(() => (agency.status === 'terminated' ? agencyWorkEndpoints.exit(id) : Promise.resolve(null)), [id, agency.status]);
  const state = useLoaded<AgencyExit | null>(load);
  if (agency.status !== 'terminated' || (state.loadError instanceof ApiError && state.loadError.status === 404))
    return <p className="muted">{W.notTerminated}</p>;
  if (state.loadError || state.data === undefined) return <Pending error={state.loadError} />;
  const exit = state.data!;
  const attestation = exit.attestation;

  return (
    <>
      <Status notice={state.notice} />
      <ActionError error={state.actionError} onReload={() => void state.reload()} />
      <dl className="facts-list">
        <dt>{W.terminatedOn}</dt>
        <dd>
          {exit.terminatedOn} · {exit.terminatedBy} · {exit.reason}
        </dd>
        <dt>{W.recalled}</dt>
        <dd data-testid="exit-recalled">{exit.recalledPlacements.length > 0 ? exit.recalledPlacements.join(', ') : '—'}</dd>
        <dt>{W.attestation}</dt>
        <dd data-testid="exit-attestation">
          {attestation
            ? `${attestation.attestedBy} · ${attestation.purgedOn} · ${attestation.purged.join('; ')} · ${attestation.evidence.join('; ')} · ${attestation.recordedBy} ${new Date(attestation.recordedAt).toLocaleString()}`
            : W.attestationDue}
        </dd>
        <dt>{W.retained}</dt>
        <dd>{exit.retained}</dd>
      </dl>
      {!attestation && vendorAccess.edit(me) && <AttestationForm agencyId={id} busy={state.busy} error={state.actionError} run={state.run} />}
    </>
  );
}

function AttestationForm({
  agencyId,
  busy,
  error,
  run,
}: {
  agencyId: string;
  busy: boolean;
  error: unknown;
  run: (done: string, call: () => Promise<unknown>) => Promise<boolean>;
}) {
  const [form, setForm] = useState({ purged: '', evidence: '', attestedBy: '', purgedOn: '' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { purged: lines(form.purged), evidence: lines(form.evidence), attestedBy: form.attestedBy.trim(), purgedOn: form.purgedOn };
    await run(`${W.recordAttestation} ✓`, () => agencyWorkEndpoints.attest(agencyId, body));
  };
  const complete = lines(form.purged).length > 0 && lines(form.evidence).length > 0 && form.attestedBy.trim() && form.purgedOn;
  return (
    <form className="card" aria-label="record the attestation" onSubmit={submit}>
      <h3>{W.recordAttestation}</h3>
      <label>
        {W.purged}
        <textarea aria-label="purged data" rows={2} value={form.purged} onChange={(event) => setForm({ ...form, purged: event.target.value })} />
      </label>
      <FieldErrors error={error} path="/body/purged" />
      <label>
        {W.attestationEvidence}
        <textarea aria-label="attestation evidence" rows={2} value={form.evidence} onChange={(event) => setForm({ ...form, evidence: event.target.value })} />
      </label>
      <FieldErrors error={error} path="/body/evidence" />
      <div className="row">
        <label className="inline">
          {W.attestedBy} <input aria-label="attested by" value={form.attestedBy} onChange={(event) => setForm({ ...form, attestedBy: event.target.value })} />
        </label>
        <label className="inline">
          {W.purgedOn}{' '}
          <input aria-label="purged on" type="date" value={form.purgedOn} onChange={(event) => setForm({ ...form, purgedOn: event.target.value })} />
        </label>
        <BusyButton busy={busy} type="submit" disabled={!complete}>
          {W.recordAttestation}
        </BusyButton>
      </div>
      <FieldErrors error={error} path="/body/purgedOn" />
    </form>
  );
}
