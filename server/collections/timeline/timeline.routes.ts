import type { CollectionTimeline, ObligorIdParams, TimelineQuery } from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { CollectionTimelineService } from './timeline.service';

/** Who reads a timeline: the case readers (collection staff, policy owners, approvers, auditors). */
const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };

export function registerTimelineRoutes(routes: RouteRegistry, timeline: CollectionTimelineService): void {
  routes.add<never, TimelineQuery, ObligorIdParams>({
    method: 'get',
    path: '/collection/obligors/:obligorId/timeline',
    tag: 'collections',
    auth: READERS,
    params: 'portfolio/obligor-id-params',
    query: 'collections/timeline-query',
    summary:
      "An obligor's collection timeline (催收时间线), newest first: case changes, activities (last four digits only), gate blocks, findings and repayments; keyset paging",
    responses: {
      200: { description: 'One page of the timeline', schema: 'collections/collection-timeline' },
      404: { description: 'The obligor is unknown or outside your scope' },
    },
    handler: ({ principal, params, query }): Promise<CollectionTimeline> => timeline.timeline(principal, params.obligorId, query),
  });
}
