import type { EventOutbox } from '../events/event-outbox';
import type { PlatformEvent } from '../events/platform-events';
import type { JobOutcome } from '../jobs/job-definition';
import type { RevisionChange } from '../store/revisioned-records';
import { deriveItems, itemIds, type DerivedItem } from './bureau-derivation';
import { itemEvent } from './bureau-events';
import type { BureauItemRecord, BureauValues } from './bureau-item.model';
import type { BureauSettings } from './bureau-settings';
import { readBureauSources, type BureauSourceDependencies } from './bureau-sources';
import type { BureauStore } from './bureau.store';
import { compensationReleasable, latestMonthEnd, recoveryReleasable } from './bureau-transitions';

/** Items inserted per command: inserts are cheap, but a bounded command keeps the local database's pool free for others. */
const INSERT_CHUNK = 500;

export interface BureauEventsDependencies extends BureauSourceDependencies {
  store: BureauStore;
  outbox: EventOutbox;
  settings: BureauSettings;
}

/**
 * The bureau-events job (daily, and on demand): derives the items the book calls for as of the day (new ones only,
 * by their deterministic ids), refreshes the figures of compensation items not yet submitted, and releases the
 * waiting items whose conditions now hold (a compensation once its notice was sent and the lead time passed; a
 * recovery once its loan's compensation was reported). Running a day twice changes nothing the second time.
 */
export class BureauEventsService {
  constructor(private readonly dependencies: BureauEventsDependencies) {}

  async run(asOf: string, actor: string): Promise<JobOutcome> {
    const { store } = this.dependencies;
    const now = new Date();
    const monthEnd = latestMonthEnd(asOf);
    const sources = await readBureauSources(this.dependencies, asOf, monthEnd);
    const derived = deriveItems(sources, monthEnd);
    const entry = (action: string): RevisionChange['entry'] => ({ action, actor: `job:${actor}`, at: now, asOf, note: null, decisionId: null, facts: null });

    const inserted = new Set<string>();
    for (let start = 0; start < derived.length; start += INSERT_CHUNK) {
      const records = derived.slice(start, start + INSERT_CHUNK).map((item): BureauItemRecord => ({ ...item, revision: 1, createdAt: now, updatedAt: now }));
      for (const id of await store.insertNew(records, () => entry('derived'))) inserted.add(id);
    }
    const events: PlatformEvent[] = derived
      .filter((item) => inserted.has(item._id) && item.status === 'ready')
      .map((item) => itemEvent('bureau.item-ready', { ...item, revision: 1, createdAt: now, updatedAt: now }, now));

    const refreshed = await this.refreshCompensations(
      derived.filter((item) => item.kind === 'compensation' && !inserted.has(item._id)),
      entry('values-refreshed'),
      now,
    );
    const released = await this.release(asOf, entry('released'), now);
    events.push(...released.map((item) => itemEvent('bureau.item-ready', item, now)));
    const published = await this.dependencies.outbox.publish(events);
    return {
      counts: {
        derived: derived.length,
        inserted: inserted.size,
        overdueAtMonthEnd: derived.filter((item) => item.kind === 'overdue').length,
        refreshed,
        released: released.length,
        eventsPublished: published,
      },
    };
  }

  /** Compensation figures change until the item is batched (payment day, recoveries meanwhile); later the bureau holds them and a correction changes them. */
  private async refreshCompensations(derived: readonly DerivedItem[], entry: RevisionChange['entry'], now: Date): Promise<number> {
    if (derived.length === 0) return 0;
    const wanted = new Map(derived.map((item) => [item._id, item.values]));
    const stored = await this.dependencies.store.byIds([...wanted.keys()]);
    const changes: RevisionChange[] = stored
      .filter((item) => (item.status === 'pending' || item.status === 'ready') && !sameValues(item.values, wanted.get(item._id)!))
      .map((item) => ({ id: item._id, expectedRevision: item.revision, set: { values: wanted.get(item._id)!, updatedAt: now }, entry }));
    return (await this.dependencies.store.applyMany(changes)).applied.length;
  }

  /** Pending compensation and recovery items whose conditions hold on `asOf` become ready; returns them as written. */
  private async release(asOf: string, entry: RevisionChange['entry'], now: Date): Promise<BureauItemRecord[]> {
    const { store, settings } = this.dependencies;
    const pending = (await store.withStatus(['pending'])).filter((item) => item.kind === 'compensation' || item.kind === 'recovery');
    if (pending.length === 0) return [];
    const notices = new Map(
      (await store.byIds(pending.filter((item) => item.kind === 'compensation').map((item) => itemIds.notice(item.claimId!)))).map((n) => [n._id, n]),
    );
    const recoveryLoans = pending.filter((item) => item.kind === 'recovery').map((item) => item.loanId);
    const compensationsOfLoan = new Map<string, BureauItemRecord['status'][]>();
    for (const item of await store.ofLoans(recoveryLoans)) {
      if (item.kind !== 'compensation') continue;
      compensationsOfLoan.set(item.loanId, [...(compensationsOfLoan.get(item.loanId) ?? []), item.status]);
    }
    const releasable = pending.filter((item) =>
      item.kind === 'compensation'
        ? compensationReleasable(notices.get(itemIds.notice(item.claimId!)), settings.noticeLeadDays, asOf)
        : recoveryReleasable(compensationsOfLoan.get(item.loanId) ?? []),
    );
    const { applied } = await store.applyMany(
      releasable.map((item) => ({ id: item._id, expectedRevision: item.revision, set: { status: 'ready', updatedAt: now }, entry })),
    );
    const written = new Set(applied.map((change) => change.id));
    return releasable.filter((item) => written.has(item._id)).map((item) => ({ ...item, status: 'ready', revision: item.revision + 1, updatedAt: now }));
  }
}

function sameValues(first: BureauValues, second: BureauValues): boolean {
  const keys = new Set([...Object.keys(first), ...Object.keys(second)]) as Set<keyof BureauValues>;
  return [...keys].every((key) => first[key] === second[key]);
}
