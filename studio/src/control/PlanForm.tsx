import { useState } from 'react';
import { useServerCall } from '../api/useServerCall';
import type { ControlArea, InspectionKind } from '../../../server/generated/schema-types';
import { controlEndpoints, type InspectionPlan } from './control-endpoints';
import { ActionForm, AreaChecks, lines, Select, Text } from './control-ui';
import { CONTROL_TERMS as T, KIND_LABELS } from './terms';

const KINDS = Object.entries(KIND_LABELS) as [InspectionKind, string][];

/**
 * Drafts an inspection plan, or revises `editing` (PUT with the revision read: back to draft until approved again,
 * the approved version staying in force). The kind and the planning unit are fixed once drafted.
 */
export function PlanForm({ editing, onSaved, onCancel }: { editing?: InspectionPlan; onSaved: () => void; onCancel: () => void }) {
  const [kind, setKind] = useState<InspectionKind>(editing?.kind ?? 'hq-on-branch');
  const [orgUnit, setOrgUnit] = useState(editing?.orgUnit ?? '');
  const [period, setPeriod] = useState(editing?.period ?? '');
  const [title, setTitle] = useState(editing?.title ?? '');
  const [units, setUnits] = useState(editing?.units.join('\n') ?? '');
  const [areas, setAreas] = useState<ControlArea[]>(editing?.areas ?? []);
  const [note, setNote] = useState(editing?.note ?? '');
  const save = useServerCall<unknown>();
  const submit = () =>
    void save.run(async () => {
      const text = { period, title, units: lines(units), areas, ...(note.trim() ? { note: note.trim() } : {}) };
      const saved = editing
        ? await controlEndpoints.revisePlan(editing.planId, { ...text, revision: editing.revision })
        : await controlEndpoints.createPlan({ ...text, kind, ...(orgUnit.trim() ? { orgUnit: orgUnit.trim() } : {}) });
      onSaved();
      return saved;
    });
  return (
    <section className="card" aria-label="inspection plan editor">
      <h2>
        {T.planForm}
        {editing && ` · ${T.revising} ${editing.title}`}
      </h2>
      <ActionForm label="inspection plan form" submit={T.saveDraft} busy={save.busy} error={save.error} onSubmit={submit}>
        {!editing && <Select label={T.kind} value={kind} options={KINDS} onChange={(value) => setKind(value as InspectionKind)} />}
        {!editing && <Text label={T.planUnit} value={orgUnit} onChange={setOrgUnit} />}
        <Text label={T.period} value={period} onChange={setPeriod} required />
        <Text label={T.title_} value={title} onChange={setTitle} required />
        <Text label={T.unitsInput} value={units} onChange={setUnits} area required />
        <AreaChecks value={areas} onChange={setAreas} />
        <Text label={T.note} value={note} onChange={setNote} area />
      </ActionForm>
      {editing && (
        <button type="button" className="secondary" onClick={onCancel}>
          {T.cancel}
        </button>
      )}
    </section>
  );
}
