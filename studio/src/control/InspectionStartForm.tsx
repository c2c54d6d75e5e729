import { useCallback, useEffect, useState } from 'react';
import { useServerCall } from '../api/useServerCall';
import type { ControlArea } from '../../../server/generated/schema-types';
import { controlEndpoints, type InspectionPlan } from './control-endpoints';
import { ActionForm, AreaChecks, Select, Text } from './control-ui';
import { CONTROL_TERMS as T } from './terms';

/** Starts an inspection of one unit under an approved plan's version in force, within its areas. */
export function InspectionStartForm({ onStarted }: { onStarted: () => void }) {
  const [plans, setPlans] = useState<InspectionPlan[]>();
  const [loadError, setLoadError] = useState<unknown>();
  const [planId, setPlanId] = useState('');
  const [orgUnit, setOrgUnit] = useState('');
  const [areas, setAreas] = useState<ControlArea[]>([]);
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  const start = useServerCall<unknown>();
  const loadPlans = useCallback(() => {
    controlEndpoints.plans({ limit: 100 }).then((page) => {
      const approved = page.items.filter((plan) => plan.approved);
      setPlans(approved);
      setPlanId((current) => current || (approved[0]?.planId ?? ''));
    }, setLoadError);
  }, []);
  useEffect(loadPlans, [loadPlans]);
  const plan = plans?.find((item) => item.planId === planId);
  const submit = () =>
    void start.run(async () => {
      const started = await controlEndpoints.startInspection({ planId, orgUnit: orgUnit.trim(), areas, title, dueOn });
      setTitle('');
      onStarted();
      return started;
    });
  return (
    <section className="card" aria-label="start an inspection">
      <h2>{T.startInspection}</h2>
      {plans && plans.length === 0 && <p className="muted">{T.noApprovedPlan}</p>}
      <ActionForm
        label="start inspection form"
        submit={T.startInspection}
        busy={start.busy}
        error={start.error ?? loadError}
        onSubmit={submit}
        onReload={loadPlans}
      >
        <Select
          label={T.plan}
          value={planId}
          options={(plans ?? []).map((item) => [item.planId, `${item.approved!.title} (${item.approved!.period})`] as const)}
          onChange={(value) => {
            setPlanId(value);
            setAreas([]);
          }}
        />
        {plan?.approved && (
          <p className="muted">
            {T.units}: {plan.approved.units.join(', ')}
          </p>
        )}
        <Text label={T.inspectedUnit} value={orgUnit} onChange={setOrgUnit} required />
        <AreaChecks value={areas} onChange={setAreas} allowed={plan?.approved?.areas} />
        <Text label={T.title_} value={title} onChange={setTitle} required />
        <Text label={T.dueOn} value={dueOn} onChange={setDueOn} type="date" required />
      </ActionForm>
    </section>
  );
}
