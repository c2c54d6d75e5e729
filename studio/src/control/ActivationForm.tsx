import { useState } from 'react';
import { useServerCall } from '../api/useServerCall';
import { controlEndpoints, type EmergencyPlan } from './control-endpoints';
import { ActionForm, lines, Text } from './control-ui';
import { CONTROL_TERMS as T } from './terms';

/** Activates the approved version of an emergency plan: why, and the alert and warning ids behind it. */
export function ActivationForm({ plan, onActivated, onCancel }: { plan: EmergencyPlan; onActivated: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [alertIds, setAlertIds] = useState('');
  const [warningIds, setWarningIds] = useState('');
  const activation = useServerCall<unknown>();
  const submit = () =>
    void activation.run(async () => {
      const activated = await controlEndpoints.activate(plan.planId, {
        revision: plan.revision,
        reason,
        alertIds: lines(alertIds),
        warningIds: lines(warningIds),
      });
      onActivated();
      return activated;
    });
  return (
    <section className="card" aria-label={`activate ${plan.title}`}>
      <h2>
        {T.activate}: {plan.approved?.title ?? plan.title} v{plan.approved?.version}
      </h2>
      <ActionForm label="activation form" submit={T.activate} busy={activation.busy} error={activation.error} onSubmit={submit}>
        <Text label={T.reason} value={reason} onChange={setReason} area required />
        <Text label={T.alertIds} value={alertIds} onChange={setAlertIds} area />
        <Text label={T.warningIds} value={warningIds} onChange={setWarningIds} area />
      </ActionForm>
      <button type="button" className="secondary" onClick={onCancel}>
        {T.cancel}
      </button>
    </section>
  );
}
