import type {
  AcknowledgeRequest,
  AlertDetail,
  AlertIdParams,
  AlertList,
  AlertQuery,
  AssignRequest,
  ClaimCaseDetail,
  ClaimCaseIdParams,
  ClaimCaseList,
  ClaimCaseQuery,
  CompleteRequest,
  MonitoringCommentRequest,
  ObligorIdParams,
  ObligorMonitoring,
  ObligorMonitoringQuery,
  TaskDetail,
  TaskIdParams,
  TaskList,
  TaskQuery,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { WorkQueueService } from './work-queue.service';

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
const WORKERS = { roles: ['branch-operator'] as const };
const STALE = { 409: { description: 'Stale revision, or the item is in a state that does not allow it' } };

export function registerWorkQueueRoutes(routes: RouteRegistry, queues: WorkQueueService): void {
  routes.add<never, AlertQuery>({
    method: 'get',
    path: '/alerts',
    tag: 'work queues',
    auth: READERS,
    query: 'monitoring/alert-query',
    summary: 'Alerts in your org unit and below, newest change first; filter by level, status, unit, assignee (`me`), signal, obligor, notify',
    responses: { 200: { description: 'Alerts', schema: 'monitoring/alert-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<AlertList> => queues.listAlerts(principal, query),
  });
  routes.add<unknown, unknown, AlertIdParams>({
    method: 'get',
    path: '/alerts/:alertId',
    tag: 'work queues',
    auth: READERS,
    params: 'monitoring/alert-id-params',
    summary: 'An alert with its full history (each change, who or which job made it, the decision behind it) and its tasks',
    responses: { 200: { description: 'The alert', schema: 'monitoring/alert-detail' }, 404: { description: 'No such alert in your scope' } },
    handler: ({ principal, params }): Promise<AlertDetail> => queues.alertDetail(principal, params.alertId),
  });
  routes.add<AssignRequest, unknown, AlertIdParams>({
    method: 'post',
    path: '/alerts/:alertId/assign',
    tag: 'work queues',
    auth: WORKERS,
    body: 'monitoring/assign-request',
    params: 'monitoring/alert-id-params',
    summary: 'Assign the alert to a user (null unassigns)',
    responses: { 200: { description: 'The alert', schema: 'monitoring/alert-detail' }, ...STALE },
    handler: ({ principal, params, body }): Promise<AlertDetail> => queues.actOnAlert(principal, params.alertId, 'assign', body),
  });
  routes.add<AcknowledgeRequest, unknown, AlertIdParams>({
    method: 'post',
    path: '/alerts/:alertId/acknowledge',
    tag: 'work queues',
    auth: WORKERS,
    body: 'monitoring/acknowledge-request',
    params: 'monitoring/alert-id-params',
    summary: 'Acknowledge an open alert (once)',
    responses: { 200: { description: 'The alert', schema: 'monitoring/alert-detail' }, ...STALE },
    handler: ({ principal, params, body }): Promise<AlertDetail> => queues.actOnAlert(principal, params.alertId, 'acknowledge', body),
  });
  routes.add<MonitoringCommentRequest, unknown, AlertIdParams>({
    method: 'post',
    path: '/alerts/:alertId/comments',
    tag: 'work queues',
    auth: WORKERS,
    body: 'monitoring/monitoring-comment-request',
    params: 'monitoring/alert-id-params',
    summary: 'Comment on an alert (kept in its history)',
    responses: { 200: { description: 'The alert', schema: 'monitoring/alert-detail' }, ...STALE },
    handler: ({ principal, params, body }): Promise<AlertDetail> => queues.actOnAlert(principal, params.alertId, 'comment', body),
  });

  routes.add<never, TaskQuery>({
    method: 'get',
    path: '/tasks',
    tag: 'work queues',
    auth: READERS,
    query: 'monitoring/task-query',
    summary:
      'Disposition tasks in your org unit and below; filter by status (pending = open or acknowledged), unit, owner role, assignee (`me`), alert level, overdue',
    responses: { 200: { description: 'Tasks', schema: 'monitoring/task-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<TaskList> => queues.listTasks(principal, query),
  });
  routes.add<unknown, unknown, TaskIdParams>({
    method: 'get',
    path: '/tasks/:taskId',
    tag: 'work queues',
    auth: READERS,
    params: 'monitoring/task-id-params',
    summary: 'A task with its history',
    responses: { 200: { description: 'The task', schema: 'monitoring/task-detail' }, 404: { description: 'No such task in your scope' } },
    handler: ({ principal, params }): Promise<TaskDetail> => queues.taskDetail(principal, params.taskId),
  });
  for (const [action, body, summary] of [
    ['assign', 'monitoring/assign-request', 'Assign the task to a user (null unassigns)'],
    ['acknowledge', 'monitoring/acknowledge-request', 'Acknowledge an open task'],
    ['comments', 'monitoring/monitoring-comment-request', 'Comment on a task (kept in its history)'],
    ['complete', 'monitoring/complete-request', 'Complete a pending task with evidence (what was done, and references)'],
  ] as const) {
    routes.add<AssignRequest & MonitoringCommentRequest & CompleteRequest, unknown, TaskIdParams>({
      method: 'post',
      path: `/tasks/:taskId/${action}`,
      tag: 'work queues',
      auth: WORKERS,
      body,
      summary,
      params: 'monitoring/task-id-params',
      responses: { 200: { description: 'The task', schema: 'monitoring/task-detail' }, ...STALE },
      handler: ({ principal, params, body: request }): Promise<TaskDetail> =>
        queues.actOnTask(principal, params.taskId, action === 'comments' ? 'comment' : action, request),
    });
  }

  routes.add<never, ClaimCaseQuery>({
    method: 'get',
    path: '/claims',
    tag: 'work queues',
    auth: READERS,
    query: 'claims/claim-case-query',
    summary:
      'Claim cases in your org unit and below, newest change first: opened by claim.trigger (open, advise-withdrawal, suspended), early payment (early-requested, early-approved) and the workflow (reported, registered, rejected, adjusted, approved, paid, subrogated, archived, withdrawn); filter by status, unit, obligor',
    responses: { 200: { description: 'Cases', schema: 'claims/claim-case-list' } },
    handler: ({ principal, query }): Promise<ClaimCaseList> => queues.listClaims(principal, query),
  });
  routes.add<unknown, unknown, ClaimCaseIdParams>({
    method: 'get',
    path: '/claims/:caseId',
    tag: 'work queues',
    auth: READERS,
    params: 'claims/claim-case-id-params',
    summary: 'A claim case with its history and the facts that triggered each change',
    responses: { 200: { description: 'The case', schema: 'claims/claim-case-detail' }, 404: { description: 'No such case in your scope' } },
    handler: ({ principal, params }): Promise<ClaimCaseDetail> => queues.claimDetail(principal, params.caseId),
  });
  routes.add<never, ObligorMonitoringQuery, ObligorIdParams>({
    method: 'get',
    path: '/obligors/:obligorId/monitoring',
    tag: 'work queues',
    auth: READERS,
    query: 'monitoring/obligor-monitoring-query',
    params: 'portfolio/obligor-id-params',
    summary: "An obligor's facts over time, alerts with history, tasks and claim cases, with the decisions that produced them",
    responses: { 200: { description: 'The obligor', schema: 'monitoring/obligor-monitoring' }, 404: { description: 'Nothing known about the obligor' } },
    handler: ({ principal, params, query }): Promise<ObligorMonitoring> => queues.obligorMonitoring(principal, params.obligorId, query),
  });
}
