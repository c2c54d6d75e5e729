import type { ActuarialNoticeList, ActuarialNoticeQuery } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { ActuarialNoticeReader } from './actuarial.views';

export function registerActuarialRoutes(routes: RouteRegistry, notices: ActuarialNoticeReader): void {
  routes.add<never, ActuarialNoticeQuery>({
    method: 'get',
    path: '/actuarial/notices',
    tag: 'actuarial',
    auth: { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor', 'admin'] },
    query: 'actuarial/actuarial-notice-query',
    summary:
      'Actuarial notices (Art. 8, last paragraph) of your org unit and below, newest first: a red portfolio warning or a loss or overdue rate change beyond the actuarial.notice parameters, with the figures and the task',
    responses: { 200: { description: 'Notices', schema: 'actuarial/actuarial-notice-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<ActuarialNoticeList> => notices.list(principal, query),
  });
}
