import { randomUUID } from 'node:crypto';
import type { DecisionStore } from '../../decisions/decision.store';
import type { Facts } from '../../engine/evaluate';
import type { RuleSetEvaluator } from '../../engine/evaluator';
import type { JobOutcome } from '../../jobs/job-definition';
import type { Logger } from '../../logger';
import { RunRules, type UnitRuleSets } from '../../monitoring/effective-rule-sets';
import { findByIds } from '../../store/find-by-ids';
import type { ActivityDocument, ActivityStore } from '../activities/activity.store';
import type { QaItemRecord } from './qa-item.model';
import type { QaCounterIncrement, QaStore } from './qa.store';
import { sampleDecision } from './sampling';

export const QUALITY_FAMILY = 'collection.quality';
/** Inbox documents (recorded chunks of up to 1,000 activities) read per round. */
const INBOX_ROUND = 10;

export interface QaSamplingDependencies {
  store: QaStore;
  activities: Pick<ActivityStore, 'activities'>;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  logger?: Logger;
}

/** The team an activity counts for: the responsible unit for internal collectors, the agency for agency ones. */
export function teamOf(activity: Pick<ActivityDocument, 'actor' | 'orgUnit'>): string {
  return activity.actor.type === 'agency' ? activity.actor.agencyId! : activity.orgUnit;
}

/** collection.quality facts of a recorded activity (ids and categories only: the number never leaves the log). */
export function qualityFacts(activity: ActivityDocument): Facts {
  const contentTags = activity.contentTags ?? [];
  return {
    activityId: activity._id,
    obligorId: activity.obligorId,
    actorType: activity.actor.type,
    ...(activity.actor.agencyId ? { agencyId: activity.actor.agencyId } : {}),
    ...(activity.actor.agentId ? { agentId: activity.actor.agentId } : {}),
    team: teamOf(activity),
    orgUnit: activity.orgUnit,
    channel: activity.channel,
    outcome: activity.outcome,
    targetType: activity.target.type,
    contentTags,
    tagged: contentTags.length > 0,
    hasRecording: activity.recording !== undefined,
  };
}

/** The counter increments of one activity: its team, its agent (when named) and its agency (agency actors). */
export function counterIncrements(activity: Pick<ActivityDocument, 'actor' | 'orgUnit' | 'day'>, add: Record<string, number>): QaCounterIncrement[] {
  const base = { orgUnit: activity.orgUnit, month: activity.day.slice(0, 7), add };
  return [
    { by: 'team', key: teamOf(activity), ...base },
    ...(activity.actor.agentId ? [{ by: 'agent' as const, key: activity.actor.agentId, ...base }] : []),
    ...(activity.actor.type === 'agency' ? [{ by: 'agency' as const, key: activity.actor.agencyId!, ...base }] : []),
  ];
}

/**
 * The QA sampling job: drains the inbox of newly recorded activities (written by the activity log
 * per recorded chunk, oldest first, so no run scans the log), evaluates collection.quality for each
 * activity's responsible unit with its overlays, and queues the sampled ones under their activity
 * id. A sampled activity's decision is logged (its id on the queue item); an activity not sampled
 * is counted but not logged. Idempotent: the draw is a hash of the id and the item's id is the
 * activity's, so a rerun over the same chunk (a run that died before draining it) queues nothing
 * twice; its counters are added again only in that case (documented limit).
 */
export class QaSamplingService {
  constructor(private readonly dependencies: QaSamplingDependencies) {}

  async run(actor: string): Promise<JobOutcome> {
    const started = performance.now();
    const { store, activities } = this.dependencies;
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator, this.dependencies.logger);
    const counts = { chunks: 0, activities: 0, sampled: 0, tagged: 0, queued: 0, missingActivities: 0 };
    for (;;) {
      const inbox = await store.pending(INBOX_ROUND);
      if (inbox.length === 0) break;
      for (const chunk of inbox) {
        const documents = await findByIds(activities.activities, chunk.activityIds);
        counts.missingActivities += chunk.activityIds.length - documents.length;
        const now = new Date();
        const items: QaItemRecord[] = [];
        const increments: QaCounterIncrement[] = [];
        for (const activity of documents) {
          const facts = qualityFacts(activity);
          const { prepared, run } = await rules.forUnit(QUALITY_FAMILY, activity.orgUnit);
          const events = await run(facts);
          const decision = sampleDecision(activity._id, events, activity.contentTags ?? []);
          counts.activities++;
          if (!decision.sampled) {
            increments.push(...counterIncrements(activity, { activities: 1 }));
            continue;
          }
          if ((activity.contentTags ?? []).length > 0) counts.tagged++;
          counts.sampled++;
          const decisionId = randomUUID();
          this.dependencies.decisions.add({
            decisionId,
            ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
            orgUnit: activity.orgUnit,
            caller: `job:${actor}`,
            facts,
            events,
            eventTypes: [...new Set(events.map((event) => event.type))],
            at: now,
            durationMs: 0,
          });
          items.push(itemOf(activity, decision, decisionId, now));
          increments.push(...counterIncrements(activity, { activities: 1, sampled: 1 }));
        }
        const inserted = await store.insertNew(items, (item) => ({
          action: 'sampled',
          actor: `job:${actor}`,
          at: now,
          asOf: null,
          note: `${item.reason} (rate ${item.sampleRate})`,
          decisionId: item.decisionId,
          facts: null,
        }));
        counts.queued += inserted.size;
        await store.count(increments);
        await store.drained(chunk._id);
        counts.chunks++;
      }
    }
    return { counts, phases: { total: Math.round(performance.now() - started) } };
  }
}

function itemOf(activity: ActivityDocument, decision: ReturnType<typeof sampleDecision>, decisionId: string, now: Date): QaItemRecord {
  return {
    _id: activity._id,
    obligorId: activity.obligorId,
    loanId: activity.loanId ?? null,
    orgUnit: activity.orgUnit,
    team: teamOf(activity),
    actor: activity.actor,
    channel: activity.channel,
    outcome: activity.outcome,
    targetType: activity.target.type,
    contentTags: activity.contentTags ?? [],
    activityAt: activity.moment,
    day: activity.day,
    recordingReference: activity.recording?.reference ?? null,
    sampleRate: decision.rate,
    priority: decision.priority,
    reason: decision.reason,
    basis: decision.basis,
    decisionId,
    status: 'queued',
    assignee: null,
    takenAt: null,
    review: null,
    revision: 1,
    sampledAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

export const QA_SAMPLING_JOB = 'collection-qa-sampling';
