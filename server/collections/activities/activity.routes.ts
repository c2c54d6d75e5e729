import type { Request } from 'express';
import type { ActivityBatchRequest, ActivityBatchResult, ActivityIdParams, ActivityRecordingRequest, Activity } from '../../generated/schema-types';
import { AppError } from '../../http/errors';
import type { RouteRegistry } from '../../http/routes';
import type { SchemaRegistry } from '../../http/schema-registry';
import type { IncomingRow } from '../../portfolio/import.service';
import { discardRestOfBody, type ImportLimits } from '../../portfolio/import-body';
import { ndjsonRows } from '../../portfolio/import-readers';
import { assertPlainBody, readJson } from '../../portfolio/import.routes';
import type { ActivityService } from './activity.service';
import type { Recordings } from './recordings';

/** Dialers and agencies (integration keys) and collectors (branch operators) record; admin always passes. */
export const COLLECTORS = { roles: ['integration', 'branch-operator'] as const };

function* jsonRows(body: ActivityBatchRequest): Iterable<IncomingRow> {
  for (let index = 0; index < body.activities.length; index++) yield { kind: 'activity', index, record: body.activities[index] };
}

export function registerActivityRoutes(
  routes: RouteRegistry,
  activities: ActivityService,
  recordings: Recordings,
  schemas: SchemaRegistry,
  limits: ImportLimits,
): void {
  routes.add({
    method: 'post',
    path: '/collection/activities',
    tag: 'collection',
    summary: 'Record up to 10,000 collection activities (JSON, or NDJSON streamed one activity a line), with row-level errors',
    auth: COLLECTORS,
    // JSON (schema collections/activity-batch-request) or NDJSON of collections/activity-record, one a line.
    streamedBody: ['application/json', 'application/x-ndjson'],
    responses: { 200: { description: 'Recorded, unchanged (sent before) and rejected rows', schema: 'collections/activity-batch-result' } },
    handler: async ({ request, principal }): Promise<ActivityBatchResult> => {
      try {
        assertPlainBody(request);
        if (request.is('application/x-ndjson')) return await activities.record(ndjsonRows(request, limits), principal);
        if (request.is('application/json'))
          return await activities.record(
            jsonRows(schemas.assertValid<ActivityBatchRequest>('collections/activity-batch-request', await readJson(request), 'body')),
            principal,
          );
        throw new AppError(415, 'unsupported_media_type', 'Send application/json or application/x-ndjson');
      } catch (error) {
        discardRestOfBody(request as Request);
        throw error;
      }
    },
  });

  routes.add<ActivityRecordingRequest, Record<string, unknown>, ActivityIdParams>({
    method: 'put',
    path: '/collection/activities/:activityId/recording',
    tag: 'collection',
    summary: "Set or extend an activity's recording (deleting, replacing or shortening it before its retention date is refused)",
    auth: COLLECTORS,
    params: 'collections/activity-id-params',
    body: 'collections/activity-recording-request',
    responses: {
      200: { description: 'The activity with its recording', schema: 'collections/activity' },
      404: { description: 'No such activity in your scope' },
      422: { description: 'recording_retention: the recording is kept until its retention date' },
    },
    handler: ({ params, body, principal }): Promise<Activity> => recordings.set(params.activityId, body.recording, principal),
  });
}
