import type { BusinessQualityQuery, BusinessQualityReport } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import { businessQualityHtml } from './business-quality.html';
import type { BusinessQualityService } from './business-quality.service';

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };

export function registerReportRoutes(routes: RouteRegistry, reports: BusinessQualityService): void {
  routes.add<never, BusinessQualityQuery>({
    method: 'get',
    path: '/reports/business-quality',
    tag: 'reports',
    auth: READERS,
    query: 'reports/business-quality-query',
    summary:
      "The monthly business-quality report (Art. 6) for your org unit and below: key metrics by segment and their trend, the month's alerts, tasks and claim cases",
    responses: { 200: { description: 'The report', schema: 'reports/business-quality-report' } },
    handler: ({ principal, query }): Promise<BusinessQualityReport> => reports.report(principal, query.month, query.trendMonths),
  });

  routes.add<never, BusinessQualityQuery>({
    method: 'get',
    path: '/reports/business-quality.html',
    tag: 'reports',
    auth: READERS,
    query: 'reports/business-quality-query',
    summary: 'The same report as a printable page (open it with the studio session, print to PDF)',
    responses: { 200: { description: 'A self-contained HTML page', contentType: 'text/html' } },
    handler: async ({ principal, query, response }) => {
      const report = await reports.report(principal, query.month, query.trendMonths);
      response.type('html').setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      response.send(businessQualityHtml(report));
    },
  });
}
