import { useCallback, useState, type ReactNode } from 'react';
import type { PrincipalView } from '../api/types';
import { Status } from '../components/Status';
import { Tabs } from '../components/Tabs';
import { usePagedList } from '../monitoring/usePagedList';
import { controlEndpoints, type EmergencyActivation, type EmergencyPlan, type Inspection, type InspectionPlan } from './control-endpoints';
import { AREA_LABELS, CONTROL_TERMS as T, KIND_LABELS, SCENARIO_LABELS, SEVERITY_LABELS, STATUS_LABELS } from './terms';

type View = 'plans' | 'inspections' | 'emergency';
const PAGE = 50;

/**
 * 内部控制 Internal control (docs/internal-control.md, Arts 34, 8): inspection plans (an approver who did not draft
 * them approves), inspections with their findings and remediation items (a reviewer other than the remediator closes
 * each), and emergency plans with their activations. The server decides scope and maker-checker; the page shows it.
 */
export function ControlPage({ me }: { me: PrincipalView }) {
  const [view, setView] = useState<View>('plans');
  return (
    <>
      <div className="page-header">
        <h1>{T.title}</h1>
      </div>
      <Tabs
        label="internal control views"
        idPrefix="control"
        tabs={[
          { id: 'plans', label: T.plans },
          { id: 'inspections', label: T.inspections },
          { id: 'emergency', label: T.emergency },
        ]}
        selected={view}
        onSelect={setView}
      >
        {view === 'plans' && <Plans me={me} />}
        {view === 'inspections' && <Inspections />}
        {view === 'emergency' && <Emergency />}
      </Tabs>
    </>
  );
}

/** A paged table: the rows, the busy and error state, and the older-page button. */
function PagedTable<T>({
  label,
  items,
  nextBefore,
  loading,
  error,
  load,
  head,
  row,
}: {
  label: string;
  items: T[] | undefined;
  nextBefore: string | undefined;
  loading: boolean;
  error: unknown;
  load: (before?: string) => Promise<void> | void;
  head: ReactNode;
  row: (item: T) => ReactNode;
}) {
  return (
    <>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading} aria-label={label}>
          <div className="scroll">
            <table className="grid">
              <thead>{head}</thead>
              <tbody>{items.map(row)}</tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">{T.none}</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              {T.older}
            </button>
          )}
        </section>
      )}
    </>
  );
}

function Plans({ me }: { me: PrincipalView }) {
  const [generation, setGeneration] = useState(0);
  const [actionError, setActionError] = useState<unknown>();
  // generation reloads the list after an approval
  const fetchPage = useCallback((before: string | undefined, signal: AbortSignal) => controlEndpoints.plans({ limit: PAGE, before }, signal), [generation]);
  const list = usePagedList<InspectionPlan>(fetchPage);
  const approve = async (plan: InspectionPlan) => {
    setActionError(undefined);
    try {
      await controlEndpoints.approvePlan(plan.planId, plan.revision);
      setGeneration((value) => value + 1);
    } catch (error) {
      setActionError(error);
    }
  };
  return (
    <>
      <Status error={actionError} onDismiss={() => setActionError(undefined)} />
      <PagedTable
        label="inspection plans"
        {...list}
        head={
          <tr>
            <th>{T.plan}</th>
            <th>{T.period}</th>
            <th>{T.kind}</th>
            <th>{T.unit}</th>
            <th>{T.units}</th>
            <th>{T.areas}</th>
            <th>{T.status}</th>
            <th>{T.version}</th>
          </tr>
        }
        row={(plan) => (
          <tr key={plan.planId} data-testid={`plan-${plan.planId}`}>
            <td>{plan.title}</td>
            <td>{plan.period}</td>
            <td>{KIND_LABELS[plan.kind]}</td>
            <td>{plan.orgUnit}</td>
            <td>{plan.units.join(', ')}</td>
            <td>{plan.areas.map((area) => AREA_LABELS[area]).join(' · ')}</td>
            <td data-testid="plan-status">{STATUS_LABELS[plan.status]}</td>
            <td>
              {plan.approved ? `v${plan.approved.version} (${plan.approved.approvedBy})` : '—'}{' '}
              {plan.status === 'draft' && me.roles.includes('approver') && (
                <button type="button" onClick={() => void approve(plan)}>
                  {T.approve}
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}

function Inspections() {
  const [generation, setGeneration] = useState(0);
  const [actionError, setActionError] = useState<unknown>();
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => controlEndpoints.inspections({ limit: PAGE, before }, signal),
    [generation],
  );
  const list = usePagedList<Inspection>(fetchPage);
  const close = async (inspection: Inspection, remediationId: string) => {
    setActionError(undefined);
    try {
      await controlEndpoints.closeRemediation(inspection.inspectionId, remediationId, inspection.revision);
      setGeneration((value) => value + 1);
    } catch (error) {
      setActionError(error);
    }
  };
  return (
    <>
      <Status error={actionError} onDismiss={() => setActionError(undefined)} />
      <PagedTable
        label="inspections"
        {...list}
        head={
          <tr>
            <th>{T.inspections}</th>
            <th>{T.kind}</th>
            <th>{T.unit}</th>
            <th>{T.inspectingUnit}</th>
            <th>{T.dueOn}</th>
            <th>{T.status}</th>
            <th>{T.findings}</th>
          </tr>
        }
        row={(inspection) => (
          <tr key={inspection.inspectionId} data-testid={`inspection-${inspection.inspectionId}`}>
            <td>{inspection.title}</td>
            <td>{KIND_LABELS[inspection.kind]}</td>
            <td>{inspection.orgUnit}</td>
            <td>{inspection.inspectingUnit}</td>
            <td>{inspection.dueOn}</td>
            <td>{STATUS_LABELS[inspection.status]}</td>
            <td>
              {inspection.findings.length === 0 && T.none}
              {inspection.findings.map((finding) => (
                <div key={finding.findingId} className="finding">
                  <strong>
                    {finding.findingId} · {SEVERITY_LABELS[finding.severity]} · {AREA_LABELS[finding.area]}
                  </strong>{' '}
                  {finding.description}
                  {finding.records.length > 0 && ` (${T.records}: ${finding.records.map((record) => `${record.kind} ${record.id}`).join(', ')})`}
                  <ul aria-label={`remediations of ${finding.findingId}`}>
                    {inspection.remediations
                      .filter((item) => item.findingId === finding.findingId)
                      .map((item) => (
                        <li key={item.remediationId} data-testid={`remediation-${item.remediationId}`}>
                          {item.remediationId} {T.action}: {item.action} · {T.owner}: {item.owner} · {T.dueOn}: {item.dueOn} · {STATUS_LABELS[item.status]}
                          {item.overdue && <span className="badge danger"> {T.overdue}</span>}
                          {item.evidence && ` · ${T.evidence}: ${item.evidence.note}`}
                          {item.status === 'remediated' && (
                            <button type="button" onClick={() => void close(inspection, item.remediationId)}>
                              {T.closeRemediation}
                            </button>
                          )}
                        </li>
                      ))}
                  </ul>
                </div>
              ))}
            </td>
          </tr>
        )}
      />
    </>
  );
}

function Emergency() {
  const plans = usePagedList<EmergencyPlan>(
    useCallback((before: string | undefined, signal: AbortSignal) => controlEndpoints.emergencyPlans({ limit: PAGE, before }, signal), []),
  );
  const activations = usePagedList<EmergencyActivation>(
    useCallback((before: string | undefined, signal: AbortSignal) => controlEndpoints.activations({ limit: PAGE, before }, signal), []),
  );
  return (
    <>
      <PagedTable
        label="emergency plans"
        {...plans}
        head={
          <tr>
            <th>{T.plan}</th>
            <th>{T.scenario}</th>
            <th>{T.unit}</th>
            <th>{T.trigger}</th>
            <th>{T.steps}</th>
            <th>{T.status}</th>
            <th>{T.version}</th>
          </tr>
        }
        row={(plan) => (
          <tr key={plan.planId} data-testid={`emergency-${plan.planId}`}>
            <td>{plan.title}</td>
            <td>{SCENARIO_LABELS[plan.scenario]}</td>
            <td>{plan.orgUnit}</td>
            <td>{plan.trigger}</td>
            <td>{plan.steps.map((step) => `${step.step}. ${step.action} (${step.role})`).join(' ')}</td>
            <td>{STATUS_LABELS[plan.status]}</td>
            <td>{plan.approved ? `v${plan.approved.version}` : '—'}</td>
          </tr>
        )}
      />
      <h2>{T.activations}</h2>
      <PagedTable
        label="emergency activations"
        {...activations}
        head={
          <tr>
            <th>{T.plan}</th>
            <th>{T.status}</th>
            <th>{T.activatedBy}</th>
            <th>{T.reason}</th>
            <th>{T.steps}</th>
            <th>{T.review}</th>
          </tr>
        }
        row={(activation) => (
          <tr key={activation.activationId} data-testid={`activation-${activation.activationId}`}>
            <td>
              {activation.title} v{activation.planVersion}
            </td>
            <td>{STATUS_LABELS[activation.status]}</td>
            <td>
              {activation.activatedBy} {new Date(activation.activatedAt).toLocaleString()}
            </td>
            <td>
              {activation.reason}
              {[...activation.alertIds, ...activation.warningIds].length > 0 && ` (${[...activation.alertIds, ...activation.warningIds].join(', ')})`}
            </td>
            <td>{activation.steps.map((step) => `${step.step}${step.doneBy ? ' ✓' : ' …'}`).join(' ')}</td>
            <td>{activation.closure ? `${activation.closure.by}: ${activation.closure.review}` : '—'}</td>
          </tr>
        )}
      />
    </>
  );
}
