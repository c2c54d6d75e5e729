import { assertHeadOffice } from '../authority/org-scope';
import type { JobList, JobListQuery, JobNameParams, JobRun, JobRunIdParams, JobRunRequest } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { Principal } from '../identity/principal';
import { actorName } from '../rulesets/ruleset.service';
import type { JobService } from './job.service';
import { toJobRunView } from './job.views';

// Jobs act on the whole book (every branch's obligors, alerts and tasks), so they and their runs are HQ's.
const READERS = { roles: ['auditor'] as const };
const ADMIN = { roles: ['admin'] as const };

function assertJobsVisible(principal: Principal): void {
  assertHeadOffice(principal, `Jobs act on the whole book and are HQ's; ${principal.orgUnit} cannot read or start them`);
}

export function registerJobRoutes(routes: RouteRegistry, jobs: JobService): void {
  routes.add<never, JobListQuery>({
    method: 'get',
    path: '/jobs',
    tag: 'jobs',
    summary: 'The jobs, their schedules and their runs, newest first (status, start and finish, counts, errors)',
    auth: READERS,
    query: 'jobs/job-list-query',
    responses: { 200: { description: 'Jobs and runs', schema: 'jobs/job-list' }, 403: { description: 'Not HQ' } },
    handler: async ({ query, principal }): Promise<JobList> => {
      assertJobsVisible(principal);
      const { items: runs, ...next } = await jobs.runsPage({ job: query.job, status: query.status }, { before: query.before, limit: query.limit ?? 50 });
      const now = new Date();
      return {
        jobs: jobs.list().map((definition) => ({
          name: definition.name,
          description: definition.description,
          parameter: definition.parameter,
          schedule: jobs.schedule(definition.name),
        })),
        runs: runs.map((run) => toJobRunView(run, now, jobs.staleAfterMs)),
        ...next,
      };
    },
  });

  routes.add<unknown, unknown, JobRunIdParams>({
    method: 'get',
    path: '/jobs/runs/:runId',
    tag: 'jobs',
    params: 'jobs/job-run-id-params',
    summary: 'One job run',
    auth: READERS,
    responses: { 200: { description: 'The run', schema: 'jobs/job-run' }, 403: { description: 'Not HQ' }, 404: { description: 'No such run' } },
    handler: async ({ params, principal }): Promise<JobRun> => {
      assertJobsVisible(principal);
      return toJobRunView(await jobs.run(params.runId), new Date(), jobs.staleAfterMs);
    },
  });

  routes.add<JobRunRequest, unknown, JobNameParams>({
    method: 'post',
    path: '/jobs/:name/run',
    tag: 'jobs',
    params: 'jobs/job-name-params',
    summary: 'Start a job now (asOf or month where the job takes one); 202 while queued or running, 200 once finished when waitSeconds allowed it to end',
    auth: ADMIN,
    body: 'jobs/job-run-request',
    responses: {
      200: { description: 'The run, finished', schema: 'jobs/job-run' },
      202: { description: 'The run, queued or running', schema: 'jobs/job-run' },
      404: { description: 'No such job' },
      403: { description: 'Not an HQ admin: jobs act on the whole book' },
      409: {
        description:
          'The job is already running for these parameters, or the day or month is before its last successful run (run_before_last_run; send override with a reason)',
      },
    },
    handler: async ({ params, body, principal, response }) => {
      assertJobsVisible(principal);
      const { waitSeconds, override, ...jobParams } = body;
      const run = toJobRunView(
        await jobs.request(params.name, jobParams, actorName(principal), (waitSeconds ?? 0) * 1000, override),
        new Date(),
        jobs.staleAfterMs,
      );
      response.status(run.status === 'queued' || run.status === 'running' ? 202 : 200).json(run);
    },
  });
}
