import type {
  MetricSettings,
  ObligorFacts,
  ObligorFactsQuery,
  ObligorIdParams,
  PortfolioFacts,
  PortfolioQuery,
  PortfolioRecomputeRequest,
  PortfolioRecomputeResult,
  RollRateMatrix,
  RollRateQuery,
  VintageCurves,
  VintageQuery,
} from '../generated/schema-types';
import { assertHeadOffice } from '../authority/org-scope';
import type { RouteRegistry } from '../http/routes';
import type { Principal } from '../identity/principal';
import { type BookScope, type MetricService } from './metric.service';
import { parseGroupBy } from './segments';

const ANY_SIGNED_IN = { roles: [] as const };
const RECOMPUTERS = { roles: ['policy-owner'] as const };

/**
 * `scopeOf` gives a caller's share of the book (delegated authority): undefined at HQ, a branch's
 * own loans below it. Recomputing rewrites the whole book's snapshots, so it stays with HQ.
 */
export function registerMetricRoutes(
  routes: RouteRegistry,
  metrics: MetricService,
  scopeOf: (principal: Principal) => Promise<BookScope | undefined> = async () => undefined,
): void {
  routes.add<never, ObligorFactsQuery, ObligorIdParams>({
    method: 'get',
    path: '/metrics/obligors/:obligorId',
    params: 'portfolio/obligor-id-params',
    tag: 'metrics',
    summary: 'Obligor facts as of a date: each loan and their aggregate (sums; the worst dpd and bucket)',
    auth: ANY_SIGNED_IN,
    query: 'metrics/obligor-facts-query',
    responses: { 200: { description: 'Facts', schema: 'metrics/obligor-facts' }, 404: { description: 'No loans or ratings for this obligor' } },
    handler: async ({ params, query, principal }): Promise<ObligorFacts> => metrics.obligorFacts(params.obligorId, query.asOf, await scopeOf(principal)),
  });

  routes.add<never, PortfolioQuery>({
    method: 'get',
    path: '/metrics/portfolio',
    tag: 'metrics',
    summary: 'Portfolio facts of a month end, per segment and in total (a month that has ended is served from, or stored as, a snapshot)',
    auth: ANY_SIGNED_IN,
    query: 'metrics/portfolio-query',
    responses: { 200: { description: 'Facts', schema: 'metrics/portfolio-facts' } },
    handler: async ({ query, principal }): Promise<PortfolioFacts> =>
      metrics.portfolioFacts(query.month, parseGroupBy(query.groupBy), await scopeOf(principal)),
  });

  routes.add<PortfolioRecomputeRequest>({
    method: 'post',
    path: '/metrics/portfolio/recompute',
    tag: 'metrics',
    summary: "Recompute a month's snapshots (portfolio groupings, roll-rate matrix, vintage curves observed at it) from the data as it is now",
    auth: RECOMPUTERS,
    body: 'metrics/portfolio-recompute-request',
    responses: { 200: { description: 'What was recomputed', schema: 'metrics/portfolio-recompute-result' } },
    handler: async ({ body, principal }): Promise<PortfolioRecomputeResult> => {
      assertHeadOffice(principal, "Snapshots are the whole book's; HQ recomputes them");
      return metrics.recompute(body.month, body.groupBy);
    },
  });

  routes.add<never, VintageQuery>({
    method: 'get',
    path: '/metrics/vintages',
    tag: 'metrics',
    summary:
      'Vintage curves: share of disbursed principal ever at or beyond the threshold dpd, by disbursement month and month on book (observed at a month that has ended: a snapshot)',
    auth: ANY_SIGNED_IN,
    query: 'metrics/vintage-query',
    responses: { 200: { description: 'Curves', schema: 'metrics/vintage-curves' } },
    handler: async ({ query, principal }): Promise<VintageCurves> =>
      metrics.vintages(query.from, query.to, query.threshold ?? 30, query.asOf, await scopeOf(principal)),
  });

  routes.add<never, RollRateQuery>({
    method: 'get',
    path: '/metrics/roll-rates',
    tag: 'metrics',
    summary: 'Bucket-to-bucket roll-rate matrix between the previous month end and this one (a month that has ended: a snapshot)',
    auth: ANY_SIGNED_IN,
    query: 'metrics/roll-rate-query',
    responses: { 200: { description: 'Matrix', schema: 'metrics/roll-rate-matrix' } },
    handler: async ({ query, principal }): Promise<RollRateMatrix> => metrics.rollRates(query.month, await scopeOf(principal)),
  });

  routes.add({
    method: 'get',
    path: '/metrics/settings',
    tag: 'metrics',
    summary: 'The readings of the guideline in effect (bucket basis, exclusions, loss-rate windows)',
    auth: ANY_SIGNED_IN,
    responses: { 200: { description: 'Settings', schema: 'metrics/metric-settings' } },
    handler: (): MetricSettings => ({ ...metrics.settings }),
  });
}
