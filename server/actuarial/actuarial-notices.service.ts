import { randomUUID } from 'node:crypto';
import type { DecisionStore } from '../decisions/decision.store';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { EventOutbox } from '../events/event-outbox';
import type { PlatformEvent } from '../events/platform-events';
import type { ActuarialNoticeCause } from '../generated/schema-types';
import { dateFromDay, monthEndDay, monthIndexFromText, monthText } from '../ground/calendar';
import type { JobOutcome } from '../jobs/job-definition';
import type { Logger } from '../logger';
import type { MetricService } from '../metrics/metric.service';
import type { AlertStore } from '../monitoring/alert.store';
import { business, RunRules, type UnitRuleSets } from '../monitoring/effective-rule-sets';
import type { MonitoredSubject } from '../monitoring/monitoring-plan';
import { taskCreatedEvent } from '../monitoring/platform-event-data';
import { PORTFOLIO_GROUPINGS, segmentSubjects } from '../monitoring/portfolio-monitoring.service';
import type { TaskRecord } from '../monitoring/task.model';
import type { TaskStore } from '../monitoring/task.store';
import { noticeFacts, noticeFigures, warningLevels } from './actuarial-facts';
import { noticeId, type ActuarialNoticeRecord, type ActuarialNoticeStore } from './actuarial-notice.store';
import { noticeEvent, noticeTask } from './actuarial-notice-records';

export const ACTUARIAL_NOTICE = 'actuarial.notice';

export interface ActuarialNoticesDependencies {
  notices: ActuarialNoticeStore;
  metrics: MetricService;
  alerts: AlertStore;
  tasks: TaskStore;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  outbox: EventOutbox;
  internetChannels: readonly string[];
}

/**
 * Actuarial notices of a month (Art. 8, last paragraph): actuarial.notice for every segment the
 * portfolio monitoring watches (org unit x customer tier x channel x vintage, and each org unit as a
 * whole), on the month's stored figures and last month's, with the warning level the month's
 * portfolio monitoring left. Every evaluation is logged as a decision; each `notify` event gives a
 * notice, a task for the actuarial function at HQ and an actuarial.notice event. The notice's id
 * names month, segment and cause, and the task's names the notice: a re-run or a second worker adds
 * neither, and the events go out with the task that was inserted (so once), also after a run that
 * died between the notice and its task.
 */
export class ActuarialNoticesService {
  constructor(private readonly dependencies: ActuarialNoticesDependencies) {}

  async run(month: string, context: { actor: string; logger: Logger }): Promise<JobOutcome> {
    const started = performance.now();
    const monthIndex = monthIndexFromText(month);
    const monthEnd = dateFromDay(monthEndDay(monthIndex));
    const [current, previous, open] = await Promise.all([
      this.subjects(month),
      this.subjects(monthText(monthIndex - 1)),
      this.dependencies.alerts.openAlerts('portfolio'),
    ]);
    const before = new Map(previous.map((subject) => [subject.subjectKey, subject]));
    const levels = warningLevels(open, monthEnd);
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator, context.logger);
    const now = new Date();
    const notices: ActuarialNoticeRecord[] = [];
    for (const subject of current) {
      const facts = noticeFacts(subject, before.get(subject.subjectKey), levels.get(subject.subjectKey) ?? { level: 'none', changed: false });
      const { prepared, run } = await rules.forUnit(ACTUARIAL_NOTICE, subject.orgUnit, business(subject));
      const events = await run(facts);
      const decisionId = randomUUID();
      this.dependencies.decisions.add({
        decisionId,
        ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
        orgUnit: subject.orgUnit,
        caller: `job:${context.actor}`,
        facts,
        events,
        eventTypes: [...new Set(events.map((event) => event.type))],
        at: now,
        durationMs: 0,
      });
      const causes = new Map<ActuarialNoticeCause, string>();
      for (const event of events) if (event.type === 'notify') causes.set(event.params?.cause as ActuarialNoticeCause, String(event.params?.basis ?? 'Art. 8'));
      for (const [cause, basis] of causes) {
        const id = noticeId(month, subject.subjectKey, cause);
        notices.push({
          _id: id,
          month,
          orgUnit: subject.orgUnit,
          subjectKey: subject.subjectKey,
          segment: subject.segment ?? {},
          cause,
          basis,
          figures: noticeFigures(facts),
          taskId: `actuarial-notice:${id}`,
          decisionId,
          ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
          createdAt: now,
        });
      }
    }
    const evaluated = performance.now();
    const inserted = await this.dependencies.notices.insertNew(notices);
    // Every notice due gets its task (the id names the notice): a run that died between the two writes is completed here.
    const tasks: TaskRecord[] = notices.map((notice) => noticeTask(notice, monthEnd, now));
    const raised = await this.dependencies.tasks.insertNew(tasks, (task) => ({
      action: 'created',
      actor: `job:${context.actor}`,
      at: now,
      asOf: monthEnd,
      note: null,
      decisionId: task.decisionId,
      facts: null,
    }));
    const announced: PlatformEvent[] = [];
    notices.forEach((notice, index) => {
      if (!raised.has(tasks[index]!._id)) return;
      announced.push(noticeEvent(notice, now), taskCreatedEvent(tasks[index]!, now));
    });
    const published = await this.dependencies.outbox.publish(announced);
    await this.dependencies.decisions.flush();
    return {
      counts: {
        segments: current.length,
        notices: inserted.size,
        noticesDue: notices.length,
        tasksRaised: raised.size,
        eventsPublished: published,
        unknownOrgUnits: rules.unknownUnits.size,
      },
      phases: { evaluation: Math.round(evaluated - started), writes: Math.round(performance.now() - evaluated) },
    };
  }

  /** The month's segments as portfolio monitoring sees them (the same groupings, keys and responsible units). */
  private async subjects(month: string): Promise<MonitoredSubject[]> {
    const figures = await Promise.all(PORTFOLIO_GROUPINGS.map((groupBy) => this.dependencies.metrics.portfolioFacts(month, groupBy)));
    return figures.flatMap((facts) => segmentSubjects(month, facts, this.dependencies.internetChannels));
  }
}
