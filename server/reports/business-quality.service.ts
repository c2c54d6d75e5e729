import { visibleUnits, type OrgScope } from '../authority/org-scope';
import type { ClaimCaseStore } from '../claims/claim-case.store';
import type { BusinessQualityReport } from '../generated/schema-types';
import type { Principal } from '../identity/principal';
import { dateFromDay, monthEndDay, monthIndexFromText, monthStartDay, monthText } from '../ground/calendar';
import type { BookScope, MetricService } from '../metrics/metric.service';
import type { AlertStore } from '../monitoring/alert.store';
import type { TaskStore } from '../monitoring/task.store';
import { businessQualityReport } from './business-quality';

/**
 * Gathers a month's figures (the metric module's stored month-end snapshots) and monitoring
 * records for the caller's unit and the units below it, and builds the report from them.
 */
export class BusinessQualityService {
  constructor(
    private readonly metrics: MetricService,
    private readonly alerts: AlertStore,
    private readonly tasks: TaskStore,
    private readonly claims: ClaimCaseStore,
    private readonly scope: OrgScope,
    /** The caller's share of the book (below HQ: its units' loans without internet business, which is HQ's). */
    private readonly bookScope: (principal: Principal) => Promise<BookScope | undefined>,
  ) {}

  async report(principal: Principal, month: string, trendMonths = 6): Promise<BusinessQualityReport> {
    const index = monthIndexFromText(month);
    const monthStart = dateFromDay(monthStartDay(index));
    const monthEnd = dateFromDay(monthEndDay(index));
    const units = await visibleUnits(this.scope, principal);
    // HQ sees tiers and channels over the whole book; a branch sees them within its own units.
    const tierChannel = units ? (['orgUnit', 'customerTier', 'channel'] as const) : (['customerTier', 'channel'] as const);
    const before = monthText(index - 1);
    const book = await this.bookScope(principal);
    // Read once, before the figures: a report never claims more completeness than its figures had.
    const dataCompleteThrough = await this.metrics.dataCompleteThrough();
    const [byOrgUnit, byOrgUnitBefore, byTierChannel, byTierChannelBefore] = await Promise.all([
      this.metrics.portfolioFacts(month, ['orgUnit'], book),
      this.metrics.portfolioFacts(before, ['orgUnit'], book),
      this.metrics.portfolioFacts(month, [...tierChannel], book),
      this.metrics.portfolioFacts(before, [...tierChannel], book),
    ]);
    const trend = [];
    for (let back = trendMonths - 1; back >= 0; back--) trend.push(await this.metrics.portfolioFacts(monthText(index - back), ['orgUnit'], book));
    const alerts = await this.alerts.openDuring(monthStart, monthEnd, units);
    const [alertHistory, tasks, claimChanges] = await Promise.all([
      this.alerts.historyUpTo(
        alerts.map((alert) => alert._id),
        monthEnd,
      ),
      this.tasks.relevantTo(monthStart, monthEnd, units),
      this.claims.changesBetween(monthStart, monthEnd, units),
    ]);
    return businessQualityReport({
      month,
      monthStart,
      monthEnd,
      orgUnit: principal.orgUnit,
      units,
      byOrgUnit,
      byOrgUnitBefore,
      byTierChannel,
      byTierChannelBefore,
      trend,
      alerts,
      alertHistory,
      tasks,
      claimChanges,
      generatedAt: new Date(),
      dataCompleteThrough,
    });
  }
}
