import type { ObligorIdParams, ObligorWarningFacts, ObligorWarningFactsQuery } from '../generated/schema-types';
import { NotFoundError } from '../http/errors';
import type { RouteRegistry } from '../http/routes';
import type { Principal } from '../identity/principal';
import { dateFromDay, todayDay } from '../ground/calendar';
import type { BookScope } from '../metrics/metric.service';
import type { ObligorMonitoringService } from './obligor-monitoring.service';

/**
 * One obligor's warning.obligor facts from the one builder the daily run uses, so try-it in the
 * studio evaluates what monitoring would (internetBusiness, gradeDowngrade, lines of business),
 * not a second mapping of the metric module's view.
 */
export function registerObligorFactsRoutes(
  routes: RouteRegistry,
  monitoring: ObligorMonitoringService,
  bookScopeOf: (principal: Principal) => Promise<BookScope | undefined>,
): void {
  routes.add<never, ObligorWarningFactsQuery, ObligorIdParams>({
    method: 'get',
    path: '/obligors/:obligorId/warning-facts',
    tag: 'work queues',
    params: 'portfolio/obligor-id-params',
    auth: { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] },
    query: 'monitoring/obligor-warning-facts-query',
    summary: "An obligor's warning.obligor facts as the daily obligor monitoring builds them, per line of business, from your share of the book",
    responses: {
      200: { description: 'The facts', schema: 'monitoring/obligor-warning-facts' },
      404: { description: 'The obligor has no loans in your share of the book' },
    },
    handler: async ({ principal, params, query }): Promise<ObligorWarningFacts> => {
      const obligorId = params.obligorId;
      const asOf = query.asOf ?? dateFromDay(todayDay());
      // Below HQ only the caller's share: the subtree's loans that are not internet business (Art. 9).
      const subjects = await monitoring.obligorFacts(obligorId, asOf, (await bookScopeOf(principal))?.loanFilter);
      if (subjects.length === 0) throw new NotFoundError(`Nothing is known about obligor "${obligorId}" in your share of the book`, 'unknown_obligor');
      return { obligorId, asOf, subjects: subjects.map(({ subject, facts }) => ({ subjectKey: subject.subjectKey, orgUnit: subject.orgUnit, facts })) };
    },
  });
}
