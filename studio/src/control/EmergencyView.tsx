import { useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { usePagedList } from '../monitoring/usePagedList';
import { ActivationForm } from './ActivationForm';
import { ActivationsView } from './ActivationsView';
import { controlEndpoints, type EmergencyPlan } from './control-endpoints';
import { ActionStatus, PagedTable } from './control-ui';
import { EmergencyPlanForm } from './EmergencyPlanForm';
import { CONTROL_TERMS as T, SCENARIO_LABELS, STATUS_LABELS } from './terms';

const PAGE = 50;
const MAKERS = ['branch-operator', 'policy-owner', 'approver'];

/**
 * Emergency plans (Art. 8): drafted and revised here, approved by an approver who wrote none of the pending text (403
 * maker_checker otherwise), activated from the approved version; the activations below, each opened to mark steps done
 * and to close it with its review.
 */
export function EmergencyView({ me }: { me: PrincipalView }) {
  const [generation, setGeneration] = useState(0);
  const [editing, setEditing] = useState<EmergencyPlan>();
  const [activating, setActivating] = useState<EmergencyPlan>();
  const [formKey, setFormKey] = useState(0);
  const approval = useServerCall<unknown>();
  const reload = () => setGeneration((value) => value + 1);
  // generation reloads both lists after a change
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => controlEndpoints.emergencyPlans({ limit: PAGE, before }, signal),
    [generation],
  );
  const plans = usePagedList<EmergencyPlan>(fetchPage);
  const maker = me.roles.some((role) => MAKERS.includes(role));
  const approve = (plan: EmergencyPlan) =>
    void approval.run(async () => {
      const approved = await controlEndpoints.approveEmergencyPlan(plan.planId, plan.revision);
      reload();
      return approved;
    });
  const done = () => {
    setEditing(undefined);
    setActivating(undefined);
    setFormKey((value) => value + 1);
    reload();
  };
  return (
    <>
      {maker && <EmergencyPlanForm key={`${formKey}-${editing?.planId ?? 'new'}`} editing={editing} onSaved={done} onCancel={done} />}
      <ActionStatus error={approval.error} onReload={reload} />
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
            <td>
              {plan.approved ? `v${plan.approved.version} (${plan.approved.approvedBy})` : '—'}{' '}
              {plan.status === 'draft' && me.roles.includes('approver') && (
                <BusyButton busy={approval.busy} onClick={() => approve(plan)}>
                  {T.approve}
                </BusyButton>
              )}{' '}
              {maker && plan.approved && (
                <button type="button" onClick={() => setActivating(plan)}>
                  {T.activate}
                </button>
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
      {activating && <ActivationForm key={activating.planId} plan={activating} onActivated={done} onCancel={() => setActivating(undefined)} />}
      <h2>{T.activations}</h2>
      <ActivationsView me={me} generation={generation} onChanged={reload} />
    </>
  );
}
