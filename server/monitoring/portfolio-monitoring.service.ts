import { randomUUID } from 'node:crypto';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { Facts } from '../engine/evaluate';
import type { PortfolioFacts } from '../generated/schema-types';
import { lineOfBusiness, unitOfLine } from '../authority/responsibility';
import type { JobOutcome } from '../jobs/job-definition';
import type { Logger } from '../logger';
import { dateFromDay, monthEndDay, monthIndexFromText } from '../ground/calendar';
import type { MetricService } from '../metrics/metric.service';
import type { GroupDimension } from '../metrics/segments';
import type { AlertRecord } from './alert.model';
import { business, RunRules, type UnitRuleSets } from './effective-rule-sets';
import { MonitoringCycle, type CycleDependencies } from './monitoring-cycle';
import { assessSubject, type MonitoredSubject, type SubjectOutcome } from './monitoring-plan';
import { roundAll } from './obligor-monitoring.service';

/** Segments the guideline sets thresholds for (Art. 7): customer tier x channel x vintage, within each org unit; and each org unit as a whole. */
export const PORTFOLIO_GROUPINGS: GroupDimension[][] = [['orgUnit', 'customerTier', 'channel', 'vintage'], ['orgUnit']];

export interface PortfolioMonitoringDependencies extends Omit<CycleDependencies, 'rules' | 'logger'> {
  metrics: MetricService;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  internetChannels: readonly string[];
}

/**
 * Month-end portfolio monitoring (Art. 7, 9(3)(4)): warning.portfolio per segment on the
 * month's stored figures, each signal routed to the branch that underwrote the segment and
 * internet business to HQ; alerts, dispositions and tasks as for obligors.
 */
export class PortfolioMonitoringService {
  private readonly listeners: MonitoredMonthListener[] = [];

  constructor(private readonly dependencies: PortfolioMonitoringDependencies) {}

  /**
   * Work that follows a month's monitoring (the actuarial notices, server/actuarial). A listener that
   * fails is logged and counted, not the run's failure: its own monthly job is the backstop.
   */
  onMonitored(listener: MonitoredMonthListener): void {
    this.listeners.push(listener);
  }

  async run(month: string, context: { actor: string; logger: Logger }): Promise<JobOutcome> {
    const phases: Record<string, number> = {};
    let started = performance.now();
    const monthEnd = dateFromDay(monthEndDay(monthIndexFromText(month)));
    const figures = await Promise.all(PORTFOLIO_GROUPINGS.map((groupBy) => this.dependencies.metrics.portfolioFacts(month, groupBy)));
    const subjects = figures.flatMap((facts) => segmentSubjects(month, facts, this.dependencies.internetChannels));
    const open = new Map<string, AlertRecord[]>();
    for (const alert of await this.dependencies.alerts.openAlerts('portfolio')) open.set(alert.subjectKey, [...(open.get(alert.subjectKey) ?? []), alert]);
    // A segment with open alerts but no figures this month is evaluated on no facts, so its signals clear.
    const evaluated = new Set(subjects.map((subject) => subject.subjectKey));
    for (const [subjectKey, alerts] of open) if (!evaluated.has(subjectKey)) subjects.push(vanishedSubject(alerts[0]!, this.dependencies.internetChannels));
    phases.facts = performance.now() - started;

    started = performance.now();
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator, context.logger);
    const cycle = new MonitoringCycle({ ...this.dependencies, rules, logger: context.logger }, monthEnd, context.actor);
    const outcomes: SubjectOutcome[] = [];
    let warned = 0;
    for (const subject of subjects) {
      const { prepared, run } = await rules.forUnit('warning.portfolio', subject.orgUnit, business(subject));
      const events = await run(subject.facts);
      if (events.length > 0) warned++;
      const outcome = assessSubject(subject, { decisionId: randomUUID(), prepared, events }, open.get(subject.subjectKey) ?? [], monthEnd);
      if (outcome) outcomes.push(outcome);
    }
    phases.evaluation = performance.now() - started;

    started = performance.now();
    await cycle.commit(outcomes);
    await this.dependencies.decisions.flush();
    phases.writes = performance.now() - started;
    const counts: Record<string, number> = {
      segments: subjects.length,
      warned,
      changing: outcomes.length,
      ...cycle.counts,
      unknownOrgUnits: rules.unknownUnits.size,
    };
    started = performance.now();
    for (const listener of this.listeners) {
      try {
        Object.assign(counts, await listener(month, context));
      } catch (error) {
        context.logger.warn({ err: error, month }, 'work after the portfolio monitoring failed; its monthly job catches up');
        counts.listenersFailed = (counts.listenersFailed ?? 0) + 1;
      }
    }
    if (this.listeners.length > 0) phases.listeners = performance.now() - started;
    return { counts, phases: roundAll(phases) };
  }
}

/** Runs after a month's portfolio monitoring; its counts join the run's. */
export type MonitoredMonthListener = (month: string, context: { actor: string; logger: Logger }) => Promise<Record<string, number>>;

/** A segment's identity in a fixed order, e.g. `channel=broker;customerTier=prime;orgUnit=BR-SH;vintage=2025-01`. */
export function segmentKey(segment: Record<string, string>): string {
  return (
    Object.keys(segment)
      .sort()
      .map((dimension) => `${dimension}=${segment[dimension]}`)
      .join(';') || 'total'
  );
}

/** The month's figures per segment as warning.portfolio facts: nulls (zero denominators) left out, vintage as months on book. */
export function segmentSubjects(month: string, facts: PortfolioFacts, internetChannels: readonly string[]): MonitoredSubject[] {
  return facts.segments.map(({ segment, metrics }) => {
    const values: Facts = { month, ...segment };
    for (const [name, value] of Object.entries(metrics)) if (value !== null && value !== undefined) values[name] = value;
    if (segment.vintage) values.vintage = monthIndexFromText(month) - monthIndexFromText(segment.vintage);
    if (typeof values.vintage === 'number') values.monthsOnBook = values.vintage;
    // A segment without a channel column (an org unit as a whole) is not internet business as such.
    const internetBusiness = segment.channel !== undefined && lineOfBusiness(segment.channel, internetChannels) === 'internet';
    if (segment.channel !== undefined) values.internetBusiness = internetBusiness;
    return {
      target: 'portfolio',
      subjectKey: segmentKey(segment),
      obligorId: null,
      segment,
      orgUnit: unitOfLine(internetBusiness ? 'internet' : 'branch', segment.orgUnit ?? ''),
      customerTier: segment.customerTier ?? null,
      channel: segment.channel ?? null,
      product: segment.product ?? null,
      internetBusiness,
      facts: values,
    };
  });
}

function vanishedSubject(alert: AlertRecord, internetChannels: readonly string[]): MonitoredSubject {
  const internetBusiness = alert.channel !== null && lineOfBusiness(alert.channel, internetChannels) === 'internet';
  return {
    target: 'portfolio',
    subjectKey: alert.subjectKey,
    obligorId: null,
    segment: alert.segment,
    orgUnit: alert.orgUnit,
    customerTier: alert.customerTier,
    channel: alert.channel,
    product: alert.product,
    internetBusiness,
    facts: {},
  };
}
