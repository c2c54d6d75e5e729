import type { Connection } from 'mongoose';
import type { ControlArea, EmergencyScenario, InspectionFindingSeverity, InspectionKind, InspectionRecordRef } from '../generated/schema-types';
import type { HistoryEntry } from '../store/revisioned-records';
import { RevisionedStore } from './revisioned-store';

/** Who approved which version, when: the text in force until the next approval (maker-checker). */
export interface Approval {
  version: number;
  approvedBy: string;
  approvedAt: Date;
}

interface Revisioned {
  _id: string;
  orgUnit: string;
  revision: number;
  updatedAt: Date;
}

export interface PlanContent {
  period: string;
  title: string;
  units: string[];
  areas: ControlArea[];
  note: string | null;
}

/** An inspection plan (Art. 34): `orgUnit` plans it (HQ for hq-on-branch, the branch for a self-inspection). */
export interface InspectionPlanRecord extends Revisioned, PlanContent {
  kind: InspectionKind;
  status: 'draft' | 'approved';
  approved: (Approval & Omit<PlanContent, 'note'>) | null;
  createdBy: string;
  createdAt: Date;
}

export interface FindingRecord {
  findingId: string;
  severity: InspectionFindingSeverity;
  area: ControlArea;
  description: string;
  records: InspectionRecordRef[];
  recordedBy: string;
  recordedAt: Date;
}

export type RemediationStatus = 'open' | 'remediated' | 'closed';

export interface RemediationRecord {
  remediationId: string;
  findingId: string;
  action: string;
  owner: string;
  dueOn: string;
  status: RemediationStatus;
  evidence: { note: string; references: string[] } | null;
  remediatedBy: string | null;
  remediatedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  createdBy: string;
  createdAt: Date;
}

/**
 * An inspection: `orgUnit` is the unit inspected (what scope reads by: a branch sees its self-inspections and HQ's
 * inspections of it), `inspectingUnit` the plan's unit whose queue holds the inspection task. `openRemediations`
 * counts remediations not closed, so the daily deadline run reads only inspections with work left (an equality).
 */
export interface InspectionRecord extends Revisioned {
  planId: string;
  planVersion: number;
  kind: InspectionKind;
  inspectingUnit: string;
  areas: ControlArea[];
  title: string;
  dueOn: string;
  status: 'open' | 'completed';
  taskId: string;
  findings: FindingRecord[];
  remediations: RemediationRecord[];
  openRemediations: number;
  hasOpenRemediations: boolean;
  createdBy: string;
  createdAt: Date;
}

export interface EmergencyStep {
  step: number;
  action: string;
  role: string;
}

export interface EmergencyContent {
  title: string;
  scenario: EmergencyScenario;
  trigger: string;
  steps: EmergencyStep[];
  contacts: { position: string; duty: string }[];
}

/** An emergency plan (Art. 8) of `orgUnit`: the working text and the approved version an activation follows. */
export interface EmergencyPlanRecord extends Revisioned, EmergencyContent {
  status: 'draft' | 'approved';
  approved: (Approval & EmergencyContent) | null;
  createdBy: string;
  createdAt: Date;
}

export interface EmergencyActivationRecord extends Revisioned {
  planId: string;
  planVersion: number;
  scenario: EmergencyScenario;
  title: string;
  status: 'active' | 'closed';
  reason: string;
  alertIds: string[];
  warningIds: string[];
  activatedBy: string;
  activatedAt: Date;
  steps: (EmergencyStep & { doneBy: string | null; doneAt: Date | null; note: string | null })[];
  closure: { by: string; at: Date; review: string; lessons: string | null; stepsNotDone: number[] } | null;
}

export interface ControlStores {
  plans: RevisionedStore<InspectionPlanRecord>;
  inspections: RevisionedStore<InspectionRecord>;
  emergencyPlans: RevisionedStore<EmergencyPlanRecord>;
  activations: RevisionedStore<EmergencyActivationRecord>;
}

/** The four collections, each with its history and the indexes of its lists (a branch's units, HQ's all; newest change first). */
export async function controlStores(connection: Connection): Promise<ControlStores> {
  const open = async <T extends Revisioned>(name: string) => {
    const records = connection.db!.collection<T>(name);
    const history = connection.db!.collection<HistoryEntry>(`${name}_history`);
    await records.createIndex({ orgUnit: 1, updatedAt: -1, _id: -1 });
    await records.createIndex({ updatedAt: -1, _id: -1 });
    await history.createIndex({ subjectId: 1, revision: 1 });
    return new RevisionedStore<T>(records as never, history);
  };
  // The lists filtered by status (open inspections, active activations): HQ's and a branch's, newest change first.
  const byStatus = async (store: RevisionedStore<Revisioned>) => {
    await store.records.createIndex({ status: 1, updatedAt: -1, _id: -1 });
    await store.records.createIndex({ orgUnit: 1, status: 1, updatedAt: -1, _id: -1 });
  };
  const inspections = await open<InspectionRecord>('control_inspections');
  // The daily inspection-deadlines run: inspections with remediations not closed.
  await inspections.records.createIndex({ hasOpenRemediations: 1 });
  const activations = await open<EmergencyActivationRecord>('control_emergency_activations');
  await byStatus(inspections as never);
  await byStatus(activations as never);
  return {
    plans: await open<InspectionPlanRecord>('control_inspection_plans'),
    inspections,
    emergencyPlans: await open<EmergencyPlanRecord>('control_emergency_plans'),
    activations,
  };
}
