import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { AgencyKind, AgencyStatus, CheckKind, CheckResult, CheckSubject, RectificationEvidence, WorkKind } from '../generated/schema-types';
import type { HistoryEntry } from '../store/revisioned-records';

/** One dated check of the agency or its legal representative (Art. 21's exclusions), with its source and evidence. */
export interface AgencyCheckRecord {
  subject: CheckSubject;
  kind: CheckKind;
  result: CheckResult;
  checkedOn: string;
  /** From this day the check no longer counts: checkedOn plus the validity setting. */
  expiresOn: string;
  source: string;
  evidenceRef: string;
  recordedBy: string;
  recordedAt: Date;
}

/** An admission request: the decision it ran and the evidence it ran on (see schemas/vendors/admission.json). */
export interface AdmissionRecord {
  state: 'requested' | 'approved' | 'rejected';
  asOf: string;
  decisionId: string;
  decision: 'admit' | 'reject';
  reasons: string[];
  ruleSet: { key: string; version: number };
  facts: Record<string, unknown>;
  checks: AgencyCheckRecord[];
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  note: string | null;
}

export interface RectificationRecord {
  reason: string;
  since: string;
  by: string;
  closedOn: string | null;
  closedBy: string | null;
  outcome: 'reinstated' | 'terminated' | null;
  evidence: RectificationEvidence | null;
}

/**
 * An agency in the register (Arts 12, 21). Its id is its unified social credit code, so one agency
 * is registered once and is read by `_id`, the lookup every engine serves from its index.
 * HQ's (the insurer's management system, Arts 12 and 21): no org unit field, every unit reads it.
 */
export interface AgencyRecord {
  _id: string;
  agencyName: string;
  kind: AgencyKind;
  workKinds: WorkKind[];
  foundedOn: string;
  bankExperienceMonths: number;
  phoneTeamSize: number;
  systems: { ownSystems: boolean; securityEvidence: string[] };
  /** Personal data: masked wherever it leaves the register (server/privacy). */
  legalRepresentative: { name: string; idNumber: string };
  status: AgencyStatus;
  checks: AgencyCheckRecord[];
  /** The first day a needed check is missing or expired (YYYY-MM-DD), null before any check: the vendor-checks job's key. */
  checksDueOn: string | null;
  admission: AdmissionRecord | null;
  admittedOn: string | null;
  rectification: RectificationRecord | null;
  /** What waits for a checker (kept by AgencyWrites from status and admission, see awaitingOf); absent on agencies never written since. */
  awaiting?: AgencyAwaiting | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export type AgencyAwaiting = 'admission';

/**
 * What waits for a checker on an agency: an admission request no approver has decided while the agency
 * is still applied. A top-level field of its own (not `admission.state`) so the inbox's page is an index
 * walk on every engine: the local database pushes sorts down on top-level fields only.
 */
export function awaitingOf(agency: Pick<AgencyRecord, 'status' | 'admission'>): AgencyAwaiting | null {
  return agency.status === 'applied' && agency.admission?.state === 'requested' ? 'admission' : null;
}

export const AGENCIES = 'vendor_agencies';
export const AGENCY_HISTORY = 'vendor_agency_history';

export async function agencyCollections(connection: Connection): Promise<{ agencies: Collection<AgencyRecord>; history: Collection<HistoryEntry> }> {
  const agencies = connection.db!.collection<AgencyRecord>(AGENCIES);
  const history = connection.db!.collection<HistoryEntry>(AGENCY_HISTORY);
  // The register's pages: by status, kind or work kind (each alone, or status with one of the others), newest change
  // first, ties by id; the daily re-check reads admitted and suspended agencies by the day their checks fall due.
  await agencies.createIndex({ updatedAt: -1, _id: -1 });
  await agencies.createIndex({ status: 1, updatedAt: -1, _id: -1 });
  await agencies.createIndex({ kind: 1, updatedAt: -1, _id: -1 });
  await agencies.createIndex({ workKinds: 1, updatedAt: -1, _id: -1 });
  await agencies.createIndex({ status: 1, kind: 1, updatedAt: -1, _id: -1 });
  await agencies.createIndex({ status: 1, workKinds: 1, updatedAt: -1, _id: -1 });
  await agencies.createIndex({ status: 1, checksDueOn: 1 });
  // The approvers' inbox: the requests waiting for a checker, newest first.
  await agencies.createIndex({ awaiting: 1, updatedAt: -1, _id: -1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  return { agencies, history };
}
