import { useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { usePagedList } from '../monitoring/usePagedList';
import { controlEndpoints, type InspectionPlan } from './control-endpoints';
import { ActionStatus, PagedTable } from './control-ui';
import { PlanForm } from './PlanForm';
import { AREA_LABELS, CONTROL_TERMS as T, KIND_LABELS, STATUS_LABELS } from './terms';

const PAGE = 50;
const MAKERS = ['branch-operator', 'policy-owner', 'approver'];

/** Inspection plans: drafted and revised here, approved by an approver who wrote none of the pending text (403 maker_checker otherwise). */
export function PlansView({ me }: { me: PrincipalView }) {
  const [generation, setGeneration] = useState(0);
  const [editing, setEditing] = useState<InspectionPlan>();
  const [formKey, setFormKey] = useState(0);
  const approval = useServerCall<unknown>();
  const reload = () => setGeneration((value) => value + 1);
  // generation reloads the list after a change
  const fetchPage = useCallback((before: string | undefined, signal: AbortSignal) => controlEndpoints.plans({ limit: PAGE, before }, signal), [generation]);
  const list = usePagedList<InspectionPlan>(fetchPage);
  const approve = (plan: InspectionPlan) =>
    void approval.run(async () => {
      const approved = await controlEndpoints.approvePlan(plan.planId, plan.revision);
      reload();
      return approved;
    });
  const maker = me.roles.some((role) => MAKERS.includes(role));
  const done = () => {
    setEditing(undefined);
    setFormKey((value) => value + 1);
    reload();
  };
  return (
    <>
      {maker && <PlanForm key={`${formKey}-${editing?.planId ?? 'new'}`} editing={editing} onSaved={done} onCancel={done} />}
      <ActionStatus error={approval.error} onReload={reload} />
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
                <BusyButton busy={approval.busy} onClick={() => approve(plan)}>
                  {T.approve}
                </BusyButton>
              )}{' '}
              {maker && (
                <button type="button" className="secondary" onClick={() => setEditing(plan)}>
                  {T.revise}
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}
