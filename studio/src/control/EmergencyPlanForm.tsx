import { useState } from 'react';
import { useServerCall } from '../api/useServerCall';
import type { EmergencyScenario } from '../../../server/generated/schema-types';
import { controlEndpoints, type EmergencyPlan } from './control-endpoints';
import { ActionForm, pairs, Select, Text } from './control-ui';
import { CONTROL_TERMS as T, SCENARIO_LABELS } from './terms';

/**
 * Drafts an emergency plan (Art. 8) or revises `editing`: scenario, trigger, numbered steps ("action | role" per line,
 * numbered in order) and contacts as positions ("position | duty"; the server refuses personal data in them).
 */
export function EmergencyPlanForm({ editing, onSaved, onCancel }: { editing?: EmergencyPlan; onSaved: () => void; onCancel: () => void }) {
  const [orgUnit, setOrgUnit] = useState(editing?.orgUnit ?? '');
  const [title, setTitle] = useState(editing?.title ?? '');
  const [scenario, setScenario] = useState<EmergencyScenario>(editing?.scenario ?? 'default-concentration');
  const [trigger, setTrigger] = useState(editing?.trigger ?? '');
  const [steps, setSteps] = useState(editing?.steps.map((step) => `${step.action} | ${step.role}`).join('\n') ?? '');
  const [contacts, setContacts] = useState(editing?.contacts.map((contact) => `${contact.position} | ${contact.duty}`).join('\n') ?? '');
  const save = useServerCall<unknown>();
  const submit = () =>
    void save.run(async () => {
      const text = {
        title,
        scenario,
        trigger,
        steps: pairs(steps).map(([action = '', role = ''], index) => ({ step: index + 1, action, role })),
        contacts: pairs(contacts).map(([position = '', duty = '']) => ({ position, duty })),
      };
      const saved = editing
        ? await controlEndpoints.reviseEmergencyPlan(editing.planId, { ...text, revision: editing.revision })
        : await controlEndpoints.createEmergencyPlan({ ...text, ...(orgUnit.trim() ? { orgUnit: orgUnit.trim() } : {}) });
      onSaved();
      return saved;
    });
  return (
    <section className="card" aria-label="emergency plan editor">
      <h2>
        {T.emergencyForm}
        {editing && ` · ${T.revising} ${editing.title}`}
      </h2>
      <ActionForm label="emergency plan form" submit={T.saveDraft} busy={save.busy} error={save.error} onSubmit={submit}>
        {!editing && <Text label={T.planUnit} value={orgUnit} onChange={setOrgUnit} />}
        <Text label={T.title_} value={title} onChange={setTitle} required />
        <Select label={T.scenario} value={scenario} options={Object.entries(SCENARIO_LABELS)} onChange={(value) => setScenario(value as EmergencyScenario)} />
        <Text label={T.trigger} value={trigger} onChange={setTrigger} area required />
        <Text label={T.stepsInput} value={steps} onChange={setSteps} area required />
        <Text label={T.contactsInput} value={contacts} onChange={setContacts} area required />
      </ActionForm>
      {editing && (
        <button type="button" className="secondary" onClick={onCancel}>
          {T.cancel}
        </button>
      )}
    </section>
  );
}
