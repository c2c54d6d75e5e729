import type { ComplianceQuery, ComplianceReport } from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { ComplianceService } from './compliance.service';

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };

export function registerComplianceRoutes(routes: RouteRegistry, compliance: ComplianceService): void {
  routes.add<never, ComplianceQuery>({
    method: 'get',
    path: '/collection/compliance',
    tag: 'collection conduct',
    auth: READERS,
    query: 'collections/compliance-query',
    summary:
      'The compliance dashboard of your org unit and below: gate checks blocked and needing consent by reason, quiet-hour and cap breaches of recorded activities, findings by tag, severity, team and agency, and their series by day, week or month (at most 366 days)',
    responses: {
      200: { description: 'The counts of the range', schema: 'collections/compliance-report' },
      400: { description: 'The range ends before it starts or is longer than 366 days' },
      403: { description: 'orgUnit outside your scope' },
    },
    handler: ({ principal, query }): Promise<ComplianceReport> => compliance.report(principal, query),
  });
}
