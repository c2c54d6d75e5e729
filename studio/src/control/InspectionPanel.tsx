import { useCallback, useEffect, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { useServerCall } from '../api/useServerCall';
import { Pending } from '../components/Status';
import { controlEndpoints, type InspectionDetail } from './control-endpoints';
import { ActionForm } from './control-ui';
import { FindingForm, RemediationForm, RemediationItem, type FormState, type Step } from './InspectionForms';
import { AREA_LABELS, CONTROL_TERMS as T, KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS } from './terms';

const MAKERS = ['branch-operator', 'policy-owner', 'approver'];

/**
 * One inspection (docs/internal-control.md): its findings and remediation items, and the steps. The inspecting side
 * records findings, adds remediation items, reviews remediated items and completes the inspection; the inspected unit
 * records each remediation with evidence. Every step sends the revision read here: a stale one (409) says so and
 * offers a reload; the server decides scope (403 out_of_scope) and maker-checker (403 maker_checker).
 */
export function InspectionPanel({ inspectionId, me, onChanged }: { inspectionId: string; me: PrincipalView; onChanged: () => void }) {
  const [detail, setDetail] = useState<InspectionDetail>();
  const [loadError, setLoadError] = useState<unknown>();
  const [where, setWhere] = useState<string>();
  // Forms start empty after a step of theirs succeeded; a reload after a stale answer keeps what was typed.
  const [succeeded, setSucceeded] = useState(0);
  const call = useServerCall<InspectionDetail>();
  const load = useCallback(() => {
    setLoadError(undefined);
    setWhere(undefined);
    controlEndpoints.inspection(inspectionId).then(setDetail, setLoadError);
  }, [inspectionId]);
  useEffect(load, [load]);
  if (!detail) return <Pending error={loadError} />;
  const { inspection, history } = detail;
  const step: Step = (at, send) => {
    setWhere(at);
    void call.run(async () => {
      const next = await send(inspection.revision);
      setDetail(next);
      setSucceeded((value) => value + 1);
      onChanged();
      return next;
    });
  };
  const state: FormState = { busy: call.busy, errorOf: (at) => (at === where ? call.error : undefined), reload: load };
  const maker = me.roles.some((role) => MAKERS.includes(role));
  // The inspected branch of an HQ inspection takes no inspecting steps (the server would answer 403 out_of_scope).
  const inspecting = maker && !(me.orgUnit === inspection.orgUnit && me.orgUnit !== inspection.inspectingUnit);
  const open = inspection.status === 'open';
  return (
    <section className="card" aria-label={`inspection ${inspection.title}`} data-inspection-id={inspection.inspectionId}>
      <h2>
        {inspection.title} <span className="muted">{inspection.inspectionId}</span>{' '}
        <span className="badge" data-testid="inspection-status">
          {STATUS_LABELS[inspection.status]}
        </span>
      </h2>
      <p className="muted">
        {KIND_LABELS[inspection.kind]} · {T.unit}: {inspection.orgUnit} · {T.inspectingUnit}: {inspection.inspectingUnit} · {T.plan}: {inspection.planId} v
        {inspection.planVersion} · {T.areas}: {inspection.areas.map((area) => AREA_LABELS[area]).join(' · ')} · {T.dueOn}: {inspection.dueOn}
      </p>
      <h3>{T.findings}</h3>
      {inspection.findings.length === 0 && <p className="muted">{T.none}</p>}
      {inspection.findings.map((finding) => (
        <div key={finding.findingId} className="finding" data-testid={`finding-${finding.findingId}`}>
          <strong>
            {finding.findingId} · {SEVERITY_LABELS[finding.severity]} · {AREA_LABELS[finding.area]}
          </strong>{' '}
          {finding.description}
          {finding.records.length > 0 && ` (${T.records}: ${finding.records.map((record) => `${record.kind} ${record.id}`).join(', ')})`}
          <ul aria-label={`remediations of ${finding.findingId}`}>
            {inspection.remediations
              .filter((item) => item.findingId === finding.findingId)
              .map((item) => (
                <RemediationItem
                  key={`${item.remediationId}-${succeeded}`}
                  inspectionId={inspection.inspectionId}
                  item={item}
                  step={step}
                  state={state}
                  reviewer={inspecting}
                />
              ))}
          </ul>
        </div>
      ))}
      {inspecting && open && (
        <div className="control-steps" key={succeeded}>
          <h3>{T.recordFinding}</h3>
          <FindingForm inspection={inspection} step={step} state={state} />
          {inspection.findings.length > 0 && (
            <>
              <h3>{T.addRemediation}</h3>
              <RemediationForm inspection={inspection} step={step} state={state} />
            </>
          )}
          <ActionForm
            label="complete form"
            submit={T.complete}
            busy={call.busy}
            error={state.errorOf('complete')}
            onReload={load}
            onSubmit={() => step('complete', (revision) => controlEndpoints.completeInspection(inspection.inspectionId, { revision }))}
          >
            <span className="muted">
              {T.remediations}: {inspection.openRemediations} / {inspection.remediations.length}
            </span>
          </ActionForm>
        </div>
      )}
      <details>
        <summary>{T.history}</summary>
        <ul aria-label="inspection history">
          {history.map((entry) => (
            <li key={entry.revision}>
              {entry.revision} · {entry.action} · {entry.actor} · {new Date(entry.at).toLocaleString()}
              {entry.note ? ` · ${entry.note}` : ''}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
