import { isVisible, visibleUnits, type OrgScope } from '../authority/org-scope';
import type { ClaimCaseStore } from '../claims/claim-case.store';
import type {
  AlertDetail,
  AlertList,
  AlertQuery,
  ClaimCaseDetail,
  ClaimCaseList,
  ClaimCaseQuery,
  ObligorMonitoring,
  ObligorMonitoringQuery,
  Task,
  TaskDetail,
  TaskList,
  TaskQuery,
} from '../generated/schema-types';
import { NotFoundError, ValidationError } from '../http/errors';
import type { Principal } from '../identity/principal';
import type { UserStore } from '../identity/user.store';
import { dateFromDay, dayFromDate, monthEndDay, monthIndexOfDay, todayDay } from '../ground/calendar';
import type { BookScope, MetricService } from '../metrics/metric.service';
import { actorName } from '../rulesets/ruleset.service';
import type { PageRequest } from '../store/keyset-page';
import type { AlertStore } from './alert.store';
import {
  acknowledgeAlertChange,
  acknowledgeTaskChange,
  assertRevision,
  assignChange,
  commentChange,
  completeTaskChange,
  type QueueChange,
} from './queue-actions';
import { toAlertView, toChangeEntryView, toClaimCaseView, toTaskView } from './queue.views';
import type { TaskStore } from './task.store';

type AlertAction = 'assign' | 'acknowledge' | 'comment';
type TaskAction = AlertAction | 'complete';

/**
 * The alert and task queues, claim cases and the obligor view, scoped to the caller's org unit
 * and the units below it (HQ sees everything). Items outside the scope answer 404, so their
 * existence does not leak. Every action names the revision it read; a stale one is 409.
 */
export class WorkQueueService {
  constructor(
    private readonly alerts: AlertStore,
    private readonly tasks: TaskStore,
    private readonly claims: ClaimCaseStore,
    private readonly users: UserStore,
    private readonly scope: OrgScope,
    private readonly metrics: MetricService,
    /** The caller's share of the book (server/authority/book-scope.ts): the obligor view's facts come from it alone. */
    private readonly bookScope: (principal: Principal) => Promise<BookScope | undefined>,
    private readonly today: () => string = () => dateFromDay(todayDay()),
  ) {}

  async listAlerts(principal: Principal, query: AlertQuery): Promise<AlertList> {
    const page = await this.alerts.page(
      {
        orgUnits: await visibleUnits(this.scope, principal, query.orgUnit),
        level: query.level,
        status: query.status,
        target: query.target,
        signal: query.signal,
        assignee: query.assignee === 'me' ? principal.name : query.assignee,
        obligorId: query.obligorId,
        notify: query.notify,
      },
      pageRequest(query),
    );
    return { ...page, items: page.items.map(toAlertView) };
  }

  async alertDetail(principal: Principal, alertId: string): Promise<AlertDetail> {
    const alert = await this.visibleAlert(principal, alertId);
    const [history, tasks] = await Promise.all([this.alerts.historyOf(alertId), this.tasks.list({ alertId, limit: 500 })]);
    const today = this.today();
    return { alert: toAlertView(alert), history: history.map(toChangeEntryView), tasks: tasks.map((task) => toTaskView(task, today)) };
  }

  async actOnAlert(
    principal: Principal,
    alertId: string,
    action: AlertAction,
    body: { revision: number; assignee?: string | null; text?: string },
  ): Promise<AlertDetail> {
    const alert = await this.visibleAlert(principal, alertId);
    assertRevision(alert.revision, body.revision);
    const now = new Date();
    const change: QueueChange =
      action === 'assign'
        ? assignChange(await this.assignable(body.assignee ?? null, alert.orgUnit))
        : action === 'acknowledge'
          ? acknowledgeAlertChange(alert, actorName(principal), now)
          : commentChange(body.text!);
    const applied = await this.alerts.applyOne({
      id: alertId,
      expectedRevision: body.revision,
      set: { ...change.set, updatedAt: now },
      entry: this.entry(principal, change, now),
    });
    if (!applied) assertRevision(body.revision + 1, body.revision);
    return this.alertDetail(principal, alertId);
  }

  async listTasks(principal: Principal, query: TaskQuery): Promise<TaskList> {
    const page = await this.tasks.page(
      {
        orgUnits: await visibleUnits(this.scope, principal, query.orgUnit),
        status: query.status === 'pending' ? undefined : query.status,
        pending: query.status === 'pending',
        ownerRole: query.ownerRole,
        assignee: query.assignee === 'me' ? principal.name : query.assignee,
        alertLevel: query.alertLevel,
        alertId: query.alertId,
        obligorId: query.obligorId,
      },
      pageRequest(query),
    );
    const today = this.today();
    let views = page.items.map((task) => toTaskView(task, today));
    // Overdue is the stored flag or a due date already past, so it is filtered after reading (the cursor stays the page's).
    if (query.overdue !== undefined) views = views.filter((task) => task.overdue === query.overdue);
    return { ...page, items: views };
  }

  async taskDetail(principal: Principal, taskId: string): Promise<TaskDetail> {
    const task = await this.visibleTask(principal, taskId);
    return { task: toTaskView(task, this.today()), history: (await this.tasks.historyOf(task)).map(toChangeEntryView) };
  }

  async actOnTask(
    principal: Principal,
    taskId: string,
    action: TaskAction,
    body: { revision: number; assignee?: string | null; text?: string; evidence?: { note: string; references?: string[] } },
  ): Promise<TaskDetail> {
    const task = await this.visibleTask(principal, taskId);
    assertRevision(task.revision, body.revision);
    const now = new Date();
    const actor = actorName(principal);
    const change: QueueChange =
      action === 'assign'
        ? assignChange(await this.assignable(body.assignee ?? null, task.orgUnit))
        : action === 'acknowledge'
          ? acknowledgeTaskChange(task, actor)
          : action === 'complete'
            ? completeTaskChange(task, body.evidence!, actor, now)
            : commentChange(body.text!);
    const applied = await this.tasks.applyOne({
      id: taskId,
      expectedRevision: body.revision,
      set: { ...change.set, updatedAt: now },
      entry: this.entry(principal, change, now),
    });
    if (!applied) assertRevision(body.revision + 1, body.revision);
    return this.taskDetail(principal, taskId);
  }

  async listClaims(principal: Principal, query: ClaimCaseQuery): Promise<ClaimCaseList> {
    const page = await this.claims.page(
      { orgUnits: await visibleUnits(this.scope, principal, query.orgUnit), status: query.status, obligorId: query.obligorId },
      pageRequest(query),
    );
    return { ...page, items: page.items.map(toClaimCaseView) };
  }

  async claimDetail(principal: Principal, caseId: string): Promise<ClaimCaseDetail> {
    const record = await this.claims.find(caseId);
    if (!record || !(await isVisible(this.scope, principal, record.orgUnit))) throw new NotFoundError(`No claim case "${caseId}"`);
    return { claim: toClaimCaseView(record), history: (await this.claims.historyOf(caseId)).map(toChangeEntryView) };
  }

  /** The obligor page: facts at each month end and as of the day, alerts with history, tasks, claim cases, all within the caller's scope. */
  async obligorMonitoring(principal: Principal, obligorId: string, query: ObligorMonitoringQuery): Promise<ObligorMonitoring> {
    const asOf = query.asOf ?? this.today();
    const units = await visibleUnits(this.scope, principal);
    const [alerts, tasks, claims] = await Promise.all([
      this.alerts.list({ orgUnits: units, obligorId, limit: 500 }),
      this.tasks.list({ orgUnits: units, obligorId, limit: 1000 }),
      this.claims.list({ orgUnits: units, obligorId, limit: 100 }),
    ]);
    const asOfDay = dayFromDate(asOf);
    const months = query.months ?? 12;
    const days = Array.from({ length: months }, (_, back) => monthEndDay(monthIndexOfDay(asOfDay) - months + back)).concat(asOfDay);
    const bookScope = await this.bookScope(principal);
    // One load of the obligor's own loans serves every day of the timeline.
    const timeline: ObligorMonitoring['timeline'] = (await this.metrics.obligorTimeline(obligorId, days, bookScope)).map((view) => ({
      asOf: view.asOf,
      facts: view.facts as unknown as Record<string, unknown>,
    }));
    // Facts come from the caller's share of the book (another branch's loans and internet business are not in it, as in
    // GET /metrics/obligors/:id); alerts, tasks and cases follow the caller's units. Nothing in scope reads as unknown.
    if (timeline.length === 0 && alerts.length === 0 && tasks.length === 0 && claims.length === 0)
      throw new NotFoundError(`Nothing is known about obligor "${obligorId}"`, 'unknown_obligor');
    const today = this.today();
    // One query per kind for every item's history (indexed subjectId), not one per alert or case.
    const [alertHistories, claimHistories] = await Promise.all([
      this.alerts.historiesOf(alerts.map((alert) => alert._id)),
      this.claims.historiesOf(claims.map((record) => record._id)),
    ]);
    return {
      obligorId,
      asOf,
      timeline,
      alerts: alerts.map((alert) => ({
        alert: toAlertView(alert),
        history: (alertHistories.get(alert._id) ?? []).map(toChangeEntryView),
        tasks: tasks.filter((task) => task.alertId === alert._id).map((task) => toTaskView(task, today)),
      })),
      tasks: tasks.map((task): Task => toTaskView(task, today)),
      claims: claims.map((record) => ({ claim: toClaimCaseView(record), history: (claimHistories.get(record._id) ?? []).map(toChangeEntryView) })),
    };
  }

  private async visibleAlert(principal: Principal, alertId: string) {
    const alert = await this.alerts.find(alertId);
    if (!alert || !(await isVisible(this.scope, principal, alert.orgUnit))) throw new NotFoundError(`No alert "${alertId}"`);
    return alert;
  }

  private async visibleTask(principal: Principal, taskId: string) {
    const task = await this.tasks.find(taskId);
    if (!task || !(await isVisible(this.scope, principal, task.orgUnit))) throw new NotFoundError(`No task "${taskId}"`);
    return task;
  }

  /**
   * The assignee must be able to see the item: an active user of its unit or of a unit above it
   * (HQ's staff see everything). Another branch's user is refused with the same words as an
   * unknown one, so users outside the item's scope cannot be probed.
   */
  private async assignable(assignee: string | null, itemUnit: string): Promise<string | null> {
    if (assignee === null) return null;
    const user = await this.users.find(assignee);
    if (!user || !user.active || !(await isVisible(this.scope, { orgUnit: user.orgUnit }, itemUnit))) {
      throw new ValidationError('The body is invalid', [{ path: '/body/assignee', message: `no active user "${assignee}" in ${itemUnit} or a unit above it` }]);
    }
    return user.username;
  }

  private entry(principal: Principal, change: QueueChange, now: Date) {
    return { action: change.action, actor: actorName(principal), at: now, asOf: null, note: change.note, decisionId: null, facts: null };
  }
}

/** A queue's page from its query: 100 items unless asked, older than the `before` cursor. */
function pageRequest(query: { before?: string; limit?: number }): PageRequest {
  return { before: query.before, limit: query.limit ?? 100 };
}
