import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { MeasureRecord } from './escalation';
import type { HistoryEntry } from '../store/revisioned-records';
import type { Level } from './signals';

export type AlertTarget = 'obligor' | 'portfolio';
export type AlertStatus = 'open' | 'closed';

/** A measure ordered for an alert and the task that carries it out. */
export interface AlertMeasure extends MeasureRecord {
  taskId: string;
}

/** A warning raised for an obligor or a portfolio segment; one open alert per subject and signal. */
export interface AlertRecord {
  _id: string;
  target: AlertTarget;
  /** The obligor id, or the segment as `dimension=value` pairs in a fixed order. */
  subjectKey: string;
  obligorId: string | null;
  segment: Record<string, string> | null;
  signal: string;
  level: Level;
  status: AlertStatus;
  /** `target|subjectKey|signal` while open (unique: one open alert per subject and signal), the alert id once closed. */
  openKey: string;
  /** The unit answerable: the branch, or HQ for internet business. */
  orgUnit: string;
  customerTier: string | null;
  channel: string | null;
  product: string | null;
  threshold: number | null;
  basis: string;
  notify: string[];
  /** The signal's value at the last change. */
  value: number | null;
  raisedOn: string;
  changedOn: string;
  closedOn: string | null;
  /** From this day the rules review the alert's measures whose deadline passed (the day after the latest deadline). */
  reviewFrom: string | null;
  /**
   * Every measure ordered for the alert so far, written with the change that ordered it, so the
   * daily run decides dispositions and reviews without reading tasks.
   */
  measures: AlertMeasure[];
  assignee: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  /** The warning decision behind the latest change. */
  decisionId: string | null;
  /** The rule set version that decided it. */
  ruleSet: { key: string; version: number } | null;
}

export const ALERTS = 'monitoring_alerts';
export const ALERT_HISTORY = 'monitoring_alert_history';

/** The driver's collections (batch writes skip mongoose's casting), with the indexes the queues and the integrity rules need. */
export async function alertCollections(connection: Connection): Promise<{ alerts: Collection<AlertRecord>; history: Collection<HistoryEntry> }> {
  const alerts = connection.db!.collection<AlertRecord>(ALERTS);
  const history = connection.db!.collection<HistoryEntry>(ALERT_HISTORY);
  await alerts.createIndex({ openKey: 1 }, { unique: true });
  await alerts.createIndex({ target: 1, status: 1 });
  await alerts.createIndex({ obligorId: 1 });
  // The queue's pages (work-queue.routes.ts): a branch's by status and unit, HQ's (all units) by status alone, newest change first, ties by id.
  await alerts.createIndex({ status: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await alerts.createIndex({ status: 1, updatedAt: -1, _id: -1 });
  // A month's closed alerts, at HQ and for a branch (the monthly report).
  await alerts.createIndex({ status: 1, closedOn: 1 });
  await alerts.createIndex({ status: 1, orgUnit: 1, closedOn: 1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  return { alerts, history };
}
