import type { AgencyIdParams, TrainingCreateRequest, TrainingList, TrainingRecord } from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { AgencyTraining } from './training.service';

const READERS = { roles: ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor'] as const };
const MAKERS = { roles: ['admin', 'policy-owner'] as const };

export function registerTrainingRoutes(routes: RouteRegistry, training: AgencyTraining): void {
  routes.add<unknown, unknown, AgencyIdParams>({
    method: 'get',
    path: '/vendors/:agencyId/training',
    tag: 'agencies',
    auth: READERS,
    params: 'vendors/agency-id-params',
    summary: 'An agency’s training records (Art. 22(5)): who, what, when, the test result; newest first',
    responses: { 200: { description: 'Training records', schema: 'vendors/training-list' }, 404: { description: 'No such agency' } },
    handler: ({ params }): Promise<TrainingList> => training.list(params.agencyId),
  });
  routes.add<TrainingCreateRequest, unknown, AgencyIdParams>({
    method: 'post',
    path: '/vendors/:agencyId/training',
    tag: 'agencies',
    auth: MAKERS,
    params: 'vendors/agency-id-params',
    body: 'vendors/training-create-request',
    summary: 'Record a training of an agency’s agent or staff member (HQ): course, day, test result',
    responses: {
      201: { description: 'The record', schema: 'vendors/training-record' },
      403: { description: 'Not an HQ user' },
      404: { description: 'No such agency' },
    },
    handler: ({ principal, params, body }): Promise<TrainingRecord> => training.create(principal, params.agencyId, body),
  });
}
