import type { AlertRecord } from '../../server/monitoring/alert.model';

/**
 * An open obligor alert as the daily run stores it, for tests that write alerts through the store
 * directly (reads of the report, the obligor page): one place that knows every field, so a new
 * field of the model is added here once.
 */
export function alertRecord(obligorId: string, overrides: Partial<AlertRecord> = {}): AlertRecord {
  const signal = overrides.signal ?? 'dpd';
  const raisedOn = overrides.raisedOn ?? '2025-10-05';
  const now = new Date();
  return {
    _id: `obligor:${obligorId}:${signal}:${raisedOn}`,
    target: 'obligor',
    subjectKey: obligorId,
    obligorId,
    segment: null,
    signal,
    level: 'yellow',
    status: 'open',
    openKey: `obligor|${obligorId}|${signal}`,
    orgUnit: 'HQ',
    customerTier: null,
    channel: null,
    product: null,
    threshold: 1,
    basis: 'test',
    notify: [],
    value: 2,
    raisedOn,
    changedOn: raisedOn,
    closedOn: null,
    reviewFrom: null,
    measures: [],
    assignee: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    decisionId: null,
    ruleSet: null,
    ...overrides,
  };
}
