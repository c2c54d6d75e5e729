import type { Collection } from 'mongodb';
import type { DecisionEvent } from '../../engine/evaluate';
import type { Connection } from '../../store/connection';
import type { ContactProfile } from '../../generated/schema-types';
import { VOICE_CHANNELS } from '../activities/activity-rows';
import type { ActivityDocument } from '../activities/activity.store';
import { DEFAULT_TIME_ZONE, localDayAndTime } from '../activities/activity-time';
import type { ContactProfiles } from '../activities/contact-profiles';
import { dayKey, numberKey } from '../activities/counters';
import { FINDINGS, type FindingRecord } from '../findings/finding.model';
import { COLLECTION_ACTION } from '../gate/gate.service';
import { outcomeOf } from '../gate/gate-outcome';
import { activityIncrements, decisionIncrements, excessOver, findingIncrements, STANDARD_LIMITS, type CountIncrement } from './compliance-counts.pure';
import { consentFor } from './compliance-recorder';
import type { ComplianceStore } from './compliance.store';

const EFFECTIVE = new Set(['effective', 'promise-to-pay']);
/** Records read and counted at a time, so memory holds one page of them. */
const PAGE = 1_000;

export interface RebuildCounts {
  activities: number;
  findings: number;
  decisions: number;
  breaches: number;
}

/**
 * Rebuilds the compliance dashboard's counts from the records (after a failure the hooks logged,
 * or a change of how counts are kept): empties them, then counts the collection log, the findings
 * and the gate's decisions in the decision log. The one place that scans the log; the dashboard
 * never does. Cap breaches are counted from the log itself (attempts per number-day, effective
 * calls per debtor-day, held in memory: one entry per distinct number-day and debtor-day) and the
 * excess marks are set, so later recordings count only new breaches. Gate decisions are counted on
 * the day of the decision in Asia/Shanghai (the decision log keeps the debtor's local time, not
 * the contact's day); the live count uses the contact's day, which is the same unless `at` was
 * another day. Consent is the contact profile as it stands now. Run it while nothing records.
 */
export class ComplianceRebuild {
  constructor(
    private readonly connection: Connection,
    private readonly store: ComplianceStore,
    private readonly profiles: ContactProfiles,
  ) {}

  async rebuild(): Promise<RebuildCounts> {
    const db = this.connection.db!;
    await this.store.clear();
    const counts: RebuildCounts = { activities: 0, findings: 0, decisions: 0, breaches: 0 };
    const capped = new Map<string, { unit: string; day: string; kind: 'attempts-per-number-cap' | 'effective-calls-cap'; cap: number; count: number }>();
    const tally = (key: string, entry: Omit<NonNullable<ReturnType<typeof capped.get>>, 'count'>) => {
      const found = capped.get(key) ?? { ...entry, count: 0 };
      found.count++;
      capped.set(key, found);
    };

    await pages(db.collection<ActivityDocument>('collection_activities'), async (activities) => {
      const profiles: Map<string, ContactProfile> = await this.profiles.many([...new Set(activities.map((activity) => activity.obligorId))]);
      const increments: CountIncrement[] = [];
      for (const activity of activities) {
        const profile = profiles.get(activity.obligorId)!;
        const { time } = localDayAndTime(activity.moment, profile.timeZone);
        increments.push(
          ...activityIncrements({
            orgUnit: activity.orgUnit,
            day: activity.day,
            channel: activity.channel,
            localTime: time,
            consent: consentFor(activity, profile),
          }),
        );
        if (!VOICE_CHANNELS.has(activity.channel)) continue;
        const where = { unit: activity.orgUnit, day: activity.day };
        if (activity.number)
          tally(numberKey(activity.number.hash, activity.day), { ...where, kind: 'attempts-per-number-cap', cap: STANDARD_LIMITS.maxAttemptsPerNumberPerDay });
        if (activity.target.type === 'obligor' && EFFECTIVE.has(activity.outcome))
          tally(dayKey(activity.obligorId, activity.day), { ...where, kind: 'effective-calls-cap', cap: STANDARD_LIMITS.maxEffectiveCallsPerDay });
      }
      counts.activities += activities.length;
      await this.store.add(increments);
    });

    const breaches: CountIncrement[] = [];
    for (const [counterId, { unit, day, kind, cap, count }] of capped) {
      if (excessOver(count, cap) === 0) continue;
      // Sets the mark to the excess counted here (the marks were emptied above).
      const added = await this.store.newExcess(counterId, count, cap);
      breaches.push({ unit, day, kind: 'breach', key: kind, by: added });
      counts.breaches += added;
    }
    await this.store.add(breaches);

    await pages(db.collection<FindingRecord>(FINDINGS), async (findings) => {
      counts.findings += findings.length;
      await this.store.add(findings.flatMap(findingIncrements));
    });

    const decisions = db.collection<{ _id: string; at: Date; orgUnit?: string; factsJson: string; eventsJson: string }>('decisions');
    await pages(
      decisions,
      async (page) => {
        counts.decisions += page.length;
        await this.store.add(
          page.flatMap((decision) => {
            const facts = JSON.parse(decision.factsJson) as { orgUnit?: string };
            const { outcome, reasons } = outcomeOf(JSON.parse(decision.eventsJson) as DecisionEvent[]);
            const orgUnit = facts.orgUnit ?? decision.orgUnit;
            return orgUnit ? decisionIncrements({ orgUnit, day: localDayAndTime(decision.at, DEFAULT_TIME_ZONE).day, outcome, reasons }) : [];
          }),
        );
      },
      { 'ruleSet.key': COLLECTION_ACTION },
    );
    return counts;
  }
}

/** Reads a collection in _id order a page at a time (a range on _id, served from its index). */
async function pages<T extends { _id: string }>(
  collection: Collection<T>,
  work: (page: T[]) => Promise<void>,
  filter: Record<string, unknown> = {},
): Promise<void> {
  for (let after: string | undefined; ;) {
    const page = (await collection
      .find({ ...filter, ...(after !== undefined ? { _id: { $gt: after } } : {}) } as never)
      .sort({ _id: 1 })
      .limit(PAGE)
      .toArray()) as T[];
    if (page.length === 0) return;
    await work(page);
    after = page.at(-1)!._id;
  }
}
