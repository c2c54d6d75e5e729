import { randomUUID } from 'node:crypto';
import { visibleUnits, type OrgScope } from '../authority/org-scope';
import type { ClaimCaseStore } from '../claims/claim-case.store';
import type { BusinessQualityReport, ComplaintStatistics } from '../generated/schema-types';
import type { Principal } from '../identity/principal';
import { dateFromDay, monthEndDay, monthIndexFromText, monthStartDay, monthText, todayDay } from '../ground/calendar';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { SnapshotStore } from '../metrics/snapshot.store';
import { monthComplete } from '../portfolio/completeness';
import type { BookScope, MetricService } from '../metrics/metric.service';
import type { AlertRecord } from '../monitoring/alert.model';
import type { AlertStore, LevelChange } from '../monitoring/alert.store';
import type { ReportTask, TaskStore } from '../monitoring/task.store';
import { businessQualityReport } from './business-quality';

type Who = Pick<Principal, 'orgUnit'>;
/** How many times storeMonth builds again when monitoring runs keep starting while it builds. */
const STORE_ATTEMPTS = 5;
/** How often a build waiting for monitoring runs to end asks again. */
const QUIET_POLL_MS = 1_000;
/** How long a build waits for monitoring runs at most: longer than any run (a dead one stops beating long before). */
const LONGEST_WAIT_MS = 6 * 3_600_000;
/** Where the stored reports' epoch is kept: a "month" before every month, so dropping months never removes it. */
const EPOCH_MONTH = '';

/** A stored report with the computedAt of the month's figures it was built on (stored per org unit, view `unit-report`). */
interface StoredReport {
  report: BusinessQualityReport;
  figuresComputedAt: string;
  computedAt: string;
}

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
    private readonly bookScope: (principal: Who) => Promise<BookScope | undefined>,
    private readonly reports: SnapshotStore,
    /** Every org unit's id, for storing each unit's report. */
    private readonly unitIds: () => Promise<string[]>,
    private readonly today: () => number = () => todayDay(),
  ) {}

  /**
   * The report for the caller's unit. A complete, ended month's is a stored read model per unit (view `unit-report`): one
   * indexed read, as long as it was built on the month's figures as stored now (a recompute makes new ones) and the same
   * completeness; otherwise it is built from the records and, for such a month, stored for the next reader.
   */
  async report(principal: Who, month: string, trendMonths = 6): Promise<BusinessQualityReport> {
    // A rebuild of the month's stored reports under way in this process (after a monitoring run): its result, not a second build.
    await this.rebuilding.get(month)?.catch(() => undefined);
    return this.storedOrBuilt(principal, month, trendMonths);
  }

  /** `shared`: the month's records read once for several units (storeMonth), with the epoch read before them. */
  private async storedOrBuilt(principal: Who, month: string, trendMonths: number, shared?: SharedRecords): Promise<BusinessQualityReport> {
    const index = monthIndexFromText(month);
    const dataCompleteThrough = await this.metrics.dataCompleteThrough();
    const kept = monthEndDay(index) < this.today() && monthComplete(month, dataCompleteThrough);
    const key = `${principal.orgUnit}|${trendMonths}`;
    if (!kept) return this.build(principal, month, trendMonths);
    const stored = await this.reports.find<StoredReport>('unit-report', month, key);
    const figures = await this.metrics.portfolioFacts(month, ['orgUnit'], await this.bookScope(principal));
    if (stored && stored.figuresComputedAt === figures.computedAt && stored.report.dataCompleteThrough === dataCompleteThrough) return stored.report;
    // The epoch before the records were read: a run that started since has dropped what they count.
    const epoch = shared ? shared.epoch : await this.epoch();
    const report = await this.build(principal, month, trendMonths, shared?.records);
    // A monitoring run that started or ended meanwhile may have changed what was read: the report is answered, not kept.
    if ((await this.epoch()) !== epoch) return report;
    const record: StoredReport = { report, figuresComputedAt: figures.computedAt, computedAt: report.generatedAt };
    await this.reports.save('unit-report', month, key, record);
    return report;
  }

  /** Whether a month's reports are stored: it has ended and its data is complete. */
  async keeps(month: string): Promise<boolean> {
    return monthEndDay(monthIndexFromText(month)) < this.today() && monthComplete(month, await this.metrics.dataCompleteThrough());
  }

  /**
   * The month's complaint figures for some units (undefined: every unit), bound by the composition root once complaints are
   * registered (server/complaints/statistics); unbound, the report has no complaints section.
   */
  complaintFigures?: (month: string, monthEnd: string, units: readonly string[] | undefined) => Promise<ComplaintStatistics>;

  /**
   * Whether a monitoring run is going on in any worker, bound by the composition root to the job runs; unbound, none is.
   * A month's reports are built when none is: one built beside a run is not stored (the run's end moves the epoch).
   */
  monitoringRunning?: () => Promise<boolean>;

  /** Month builds under way in this process (storeMonth), by month: a reader meanwhile waits for them. */
  private readonly rebuilding = new Map<string, Promise<number>>();

  /**
   * Stores a month's report for HQ and every org unit (the month-end-snapshots job, once the month's figures are stored, and
   * the monthly-reports job). It waits for monitoring runs in progress to end, then reads the month's records once; a run
   * that starts meanwhile stops the build (between units, and every few thousand records while they are read), and it waits
   * and builds again, at most STORE_ATTEMPTS times. Returns how many units' reports it built on.
   */
  async storeMonth(month: string, signal?: AbortSignal): Promise<number> {
    const units = [...new Set([HEAD_OFFICE, ...(await this.unitIds())])];
    for (let attempt = 0; attempt < STORE_ATTEMPTS; attempt++) {
      await this.monitoringEnded(signal);
      // Another build of the month in this process (the month-end run's and a rebuild, both waiting for the same run): this
      // one follows it and finds its reports stored, instead of reading the month's records a second time beside it. Read
      // and replaced with no await between, so two builds never both start.
      const previous = this.rebuilding.get(month);
      const building = (previous ?? Promise.resolve(0)).then(
        () => this.buildMonth(month, units),
        () => this.buildMonth(month, units),
      );
      this.rebuilding.set(month, building);
      try {
        if ((await building) === units.length) break;
      } finally {
        if (this.rebuilding.get(month) === building) this.rebuilding.delete(month);
      }
    }
    return units.length;
  }

  /**
   * Rebuilds a month's stored reports (the monthly-reports job, queued when a monitoring run changed the month), so the
   * next reader reads them stored. Nothing to do for a month not kept.
   */
  async rebuildMonth(month: string, signal?: AbortSignal): Promise<number> {
    if (!(await this.keeps(month))) return 0;
    return this.storeMonth(month, signal);
  }

  /** One build of every unit's report from one read of the month's records; 0 when a monitoring run started or ended meanwhile. */
  private async buildMonth(month: string, units: readonly string[]): Promise<number> {
    const epoch = await this.epoch();
    // A monitoring run started or ended: what was read is not stored, and reading on would only slow that run.
    const stillCurrent = async () => {
      if ((await this.epoch()) !== epoch) throw new MonthMoved();
    };
    // The month's monitoring records are read once, the first time a unit's report must be built, and every unit's report
    // is counted from them (its share by org unit), not read again per unit.
    let records: Promise<MonthRecords> | undefined;
    const shared: SharedRecords = { epoch, records: () => (records ??= this.records(month, undefined, stillCurrent)) };
    try {
      for (const orgUnit of units) {
        await this.storedOrBuilt({ orgUnit }, month, 6, shared);
        await stillCurrent();
      }
      return units.length;
    } catch (error) {
      if (error instanceof MonthMoved) return 0;
      throw error;
    }
  }

  /** Waits while a monitoring run is going on (at most LONGEST_WAIT_MS; a stopping process stops waiting). */
  private async monitoringEnded(signal?: AbortSignal): Promise<void> {
    const until = Date.now() + LONGEST_WAIT_MS;
    while (this.monitoringRunning && Date.now() < until && (await this.monitoringRunning())) {
      signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, QUIET_POLL_MS));
    }
  }

  /**
   * Drops the stored reports of `month` and later ones: a monitoring run for a day of them may have changed what they count.
   * Called when such a run starts and when it ends; each call moves the epoch first, so a report built across either is not
   * stored (a build that started before the drop could otherwise store what it read before the run's writes).
   */
  async dropFrom(month: string): Promise<void> {
    const marker: { epoch: string; computedAt: string } = { epoch: randomUUID(), computedAt: new Date().toISOString() };
    await this.reports.save('unit-report', EPOCH_MONTH, 'epoch', marker);
    await this.reports.dropFrom('unit-report', month);
  }

  /** The monitoring records a month's report counts, for `units` (undefined: the whole book); `checkpoint` may stop the read. */
  private async records(month: string, units: readonly string[] | undefined, checkpoint?: () => Promise<void>): Promise<MonthRecords> {
    const index = monthIndexFromText(month);
    const monthStart = dateFromDay(monthStartDay(index));
    const monthEnd = dateFromDay(monthEndDay(index));
    const alerts = await this.alerts.openDuring(monthStart, monthEnd, units, checkpoint);
    const [alertHistory, tasks, claimChanges] = await Promise.all([
      // Levels as they stood at the month end, and as raised, differ from the alert's own level only for an alert a run changed
      // since it raised it (every level change moves changedOn), so only those histories are read: a few, not every alert's.
      this.alerts.historyUpTo(
        alerts.filter((alert) => alert.changedOn !== alert.raisedOn).map((alert) => alert._id),
        monthEnd,
      ),
      this.tasks.relevantTo(monthStart, monthEnd, units, checkpoint),
      this.claims.changesBetween(monthStart, monthEnd, units),
    ]);
    return { alerts, alertHistory, tasks, claimChanges };
  }

  private async epoch(): Promise<string | undefined> {
    return (await this.reports.find<{ epoch: string }>('unit-report', EPOCH_MONTH, 'epoch'))?.epoch;
  }

  private async build(principal: Who, month: string, trendMonths: number, shared?: () => Promise<MonthRecords>): Promise<BusinessQualityReport> {
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
    const { alerts, alertHistory, tasks, claimChanges } = shared ? shareOf(await shared(), units) : await this.records(month, units);
    const complaints = await this.complaintFigures?.(month, monthEnd, units);
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
      complaints,
      generatedAt: new Date(),
      dataCompleteThrough,
    });
  }
}

/** What a month's report counts of the monitoring records, for some units (undefined: the whole book). */
interface MonthRecords {
  alerts: AlertRecord[];
  alertHistory: LevelChange[];
  tasks: ReportTask[];
  claimChanges: { action: string; orgUnit: string }[];
}

/** A monitoring run started or ended while a month's reports were built: the build stops. */
class MonthMoved extends Error {}

interface SharedRecords {
  epoch: string | undefined;
  records: () => Promise<MonthRecords>;
}

/** The records of `units` among the whole book's (undefined: all of them). */
function shareOf(records: MonthRecords, units: readonly string[] | undefined): MonthRecords {
  if (!units) return records;
  const within = new Set(units);
  const alerts = records.alerts.filter((alert) => within.has(alert.orgUnit));
  const ids = new Set(alerts.map((alert) => alert._id));
  return {
    alerts,
    alertHistory: records.alertHistory.filter((entry) => ids.has(entry.subjectId)),
    tasks: records.tasks.filter((task) => within.has(task.orgUnit)),
    claimChanges: records.claimChanges.filter((change) => within.has(change.orgUnit)),
  };
}
