import type { OrgScope } from '../../authority/org-scope';
import type { RouteRegistry } from '../../http/routes';
import type { JobDefinition } from '../../jobs/job-definition';
import type { Logger } from '../../logger';
import type { ClaimWorkflowService } from '../claim-workflow.service';
import { registerClaimDeadlineRoutes } from './claim-deadline.routes';
import { ClaimDeadlineStore } from './claim-deadline.store';
import { claimDeadlinesJob } from './claim-deadlines.job';
import { ClaimDeadlinesService, type ClaimDeadlinesDependencies } from './claim-deadlines.service';

/**
 * The claim time limits (docs/claims.md, Deadlines): the read model, its routes, the daily job (returned for
 * the job service), and a refresh of a case's deadlines after each workflow step so the queue follows it.
 */
export async function registerClaimDeadlines(options: {
  connection: import('mongoose').Connection;
  routes: RouteRegistry;
  scope: OrgScope;
  workflow: ClaimWorkflowService;
  logger: Logger;
  dependencies: Omit<ClaimDeadlinesDependencies, 'deadlines' | 'pendingEffects'>;
}): Promise<{ job: JobDefinition<'asOf'>; service: ClaimDeadlinesService }> {
  const deadlines = new ClaimDeadlineStore(options.connection);
  await deadlines.init();
  const service = new ClaimDeadlinesService({ ...options.dependencies, deadlines, pendingEffects: options.workflow });
  registerClaimDeadlineRoutes(options.routes, deadlines, options.dependencies.cases, options.scope);
  options.workflow.onTransition(async ({ caseId, on, actor }) => {
    // The step is stored whatever happens here: a failed refresh leaves the queue to the next daily run.
    await service
      .refresh(caseId, on, actor)
      .catch((error: unknown) => options.logger.warn({ err: error, caseId }, 'claim deadlines not refreshed after the step'));
  });
  return { job: claimDeadlinesJob(service), service };
}
