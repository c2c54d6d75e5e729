import type { ContactProfile, FindingSeverity, ConductTag } from '../../generated/schema-types';
import type { Logger } from '../../logger';
import { VOICE_CHANNELS } from '../activities/activity-rows';
import type { ActivityDocument } from '../activities/activity.store';
import { localDayAndTime } from '../activities/activity-time';
import { dayKey, numberKey, type CollectionCounters } from '../activities/counters';
import { activityIncrements, decisionIncrements, findingIncrements, STANDARD_LIMITS, type CountIncrement } from './compliance-counts.pure';
import type { ComplianceStore } from './compliance.store';

const EFFECTIVE = new Set(['effective', 'promise-to-pay']);

/** What the gate tells the dashboard of one decision. */
export interface DecidedContact {
  orgUnit: string;
  /** The debtor's local calendar day of the contact asked for. */
  day: string;
  outcome: 'allow' | 'block' | 'require-consent';
  reasons: readonly { reason: string }[];
}

/** What a finding tells the dashboard. */
export interface FoundConduct {
  orgUnit: string;
  foundOn: string;
  tags: ConductTag[];
  severity: FindingSeverity;
  actor: { team: string | null; agencyId: string | null } | null;
}

/** The consent the gate reads for a contact: the visit consent for visits, the third-party consent for third parties, otherwise the night consent. */
export function consentFor(activity: Pick<ActivityDocument, 'channel' | 'target'>, profile: ContactProfile): boolean {
  const consent =
    activity.channel === 'visit' ? profile.consents.visit : activity.target.type === 'third-party' ? profile.consents.thirdParty : profile.consents.night;
  return (consent as { given?: boolean } | undefined)?.given === true;
}

/**
 * Keeps the compliance dashboard's counts as the gate decides and activities and findings are
 * recorded. It never fails the caller: a count that could not be written is logged, and the
 * rebuild (compliance-rebuild.ts) restores the counts from the records.
 *
 * Breaches are judged at recording, whether or not the gate was asked: a quiet-hour breach from
 * the activity's local time and the consent on record; a cap breach from the gate's own counters
 * read after this batch was added (the seventh attempt to a number in a day, the fourth effective
 * call to a debtor), counted once per event beyond the cap whatever order activities arrive in.
 */
export class ComplianceRecorder {
  constructor(
    private readonly store: ComplianceStore,
    private readonly counters: CollectionCounters,
    private readonly logger: Logger,
  ) {}

  /** Gate increments waiting while a write is in flight: under load they are merged into one write, so the gate adds no queue of its own. */
  private pending: CountIncrement[] = [];
  private flushing = false;

  /** Counts a gate decision without making the gate wait: written at once, or with the others that came while a write was in flight. */
  decided(decision: DecidedContact): void {
    this.pending.push(...decisionIncrements(decision));
    if (!this.flushing) void this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.guard('gate decision', () => this.store.add(batch));
      }
    } finally {
      this.flushing = false;
    }
  }

  async found(findings: readonly FoundConduct[]): Promise<void> {
    await this.guard('finding', () => this.store.add(findings.flatMap(findingIncrements)));
  }

  async recorded(activities: readonly { document: ActivityDocument; profile: ContactProfile }[]): Promise<void> {
    await this.guard('activity', async () => {
      const increments: CountIncrement[] = [];
      // Gate counters this batch moved, with the unit and day a breach of them is counted under.
      const capped = new Map<string, { unit: string; day: string; kind: 'attempts-per-number-cap' | 'effective-calls-cap'; cap: number }>();
      for (const { document, profile } of activities) {
        const { time } = localDayAndTime(document.moment, profile.timeZone);
        increments.push(
          ...activityIncrements({
            orgUnit: document.orgUnit,
            day: document.day,
            channel: document.channel,
            localTime: time,
            consent: consentFor(document, profile),
          }),
        );
        if (!VOICE_CHANNELS.has(document.channel)) continue;
        const where = { unit: document.orgUnit, day: document.day };
        if (document.number)
          capped.set(numberKey(document.number.hash, document.day), {
            ...where,
            kind: 'attempts-per-number-cap',
            cap: STANDARD_LIMITS.maxAttemptsPerNumberPerDay,
          });
        if (document.target.type === 'obligor' && EFFECTIVE.has(document.outcome))
          capped.set(dayKey(document.obligorId, document.day), { ...where, kind: 'effective-calls-cap', cap: STANDARD_LIMITS.maxEffectiveCallsPerDay });
      }
      const read = capped.size > 0 ? await this.counters.read([...capped.keys()]) : new Map();
      for (const [counterId, { unit, day, kind, cap }] of capped) {
        const counter = read.get(counterId);
        const count = kind === 'attempts-per-number-cap' ? (counter?.attempts ?? 0) : (counter?.effectiveCalls ?? 0);
        const breaches = await this.store.newExcess(counterId, count, cap);
        if (breaches > 0) increments.push({ unit, day, kind: 'breach', key: kind, by: breaches });
      }
      await this.store.add(increments);
    });
  }

  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn({ err: error }, `compliance counts: ${what} not counted (rebuild restores it)`);
    }
  }
}
