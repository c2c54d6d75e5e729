import type { Collection } from 'mongodb';
import type { GateCheckResult, TimelineGateCheck } from '../../generated/schema-types';
import type { Connection } from '../../store/connection';

/**
 * A gate decision that stopped a contact (block or require-consent), kept by obligor so the case
 * timeline finds it with one indexed read: the decision log is ordered by time and rule set, not by
 * obligor, and its facts are stored as text. An allowed contact needs no record of its own: the
 * activity recorded under it names its decision id. No phone number, no name.
 */
export interface GateCheckDocument {
  /** The decision id. */
  _id: string;
  obligorId: string;
  orgUnit: string;
  /** The moment the contact was asked for (the check's `at`). */
  at: Date;
  outcome: GateCheckResult['outcome'];
  reasons: GateCheckResult['reasons'];
  restrictions: string[];
  channel: TimelineGateCheck['channel'];
  targetType: TimelineGateCheck['targetType'];
  actor: TimelineGateCheck['actor'];
  decidedAt: Date;
}

export const GATE_CHECKS = 'collection_gate_checks';

export class GateCheckLog {
  readonly checks: Collection<GateCheckDocument>;

  constructor(connection: Connection) {
    this.checks = connection.db!.collection<GateCheckDocument>(GATE_CHECKS);
  }

  async init(): Promise<void> {
    // The timeline's page of one obligor, newest first (ties by id).
    await this.checks.createIndex({ obligorId: 1, at: -1, _id: -1 });
  }

  /** Keeps a decision that stopped a contact; an allowed one is left to the activity that names it. */
  async record(check: GateCheckDocument): Promise<void> {
    if (check.outcome === 'allow') return;
    await this.checks.updateOne({ _id: check._id }, { $setOnInsert: check }, { upsert: true });
  }
}
