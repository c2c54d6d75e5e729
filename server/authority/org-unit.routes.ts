import type { OrgUnit, OrgUnitCreateRequest, OrgUnitIdParams, OrgUnitList, OrgUnitUpdateRequest } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { OrgUnitRecord } from './org-unit.model';
import type { OrgUnitService } from './org-unit.service';

const ANY_ROLE = { roles: [] } as const;
const ADMIN = { roles: ['admin'] } as const;
const TAG = 'org units';

export function toOrgUnitView(record: OrgUnitRecord, path: string[]): OrgUnit {
  return {
    id: record.id,
    name: record.name,
    parent: record.parent,
    active: record.active,
    path,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
  };
}

export function registerOrgUnitRoutes(routes: RouteRegistry, orgUnits: OrgUnitService): void {
  routes.add({
    method: 'get',
    path: '/org-units',
    tag: TAG,
    summary: 'The org units within your scope (your unit and below), parents first',
    auth: ANY_ROLE,
    responses: { 200: { description: 'Units', schema: 'authority/org-unit-list' } },
    handler: async ({ principal }): Promise<OrgUnitList> => ({
      items: (await orgUnits.list(principal)).map(({ record, path }) => toOrgUnitView(record, path)),
    }),
  });

  routes.add<unknown, unknown, OrgUnitIdParams>({
    method: 'get',
    path: '/org-units/:id',
    tag: TAG,
    summary: 'One org unit within your scope',
    auth: ANY_ROLE,
    params: 'authority/org-unit-id-params',
    responses: { 200: { description: 'The unit', schema: 'authority/org-unit' }, 404: { description: 'No such unit within your scope' } },
    handler: async ({ principal, params }): Promise<OrgUnit> => {
      const { record, path } = await orgUnits.get(params.id, principal);
      return toOrgUnitView(record, path);
    },
  });

  routes.add<OrgUnitCreateRequest>({
    method: 'post',
    path: '/org-units',
    tag: TAG,
    summary: 'Create a unit under a parent within your scope',
    auth: ADMIN,
    body: 'authority/org-unit-create-request',
    responses: {
      201: { description: 'Created', schema: 'authority/org-unit' },
      403: { description: 'Parent outside your scope' },
      409: { description: 'Id taken' },
      422: { description: 'Unknown or deactivated parent' },
    },
    handler: async ({ principal, body }): Promise<OrgUnit> => {
      const created = await orgUnits.create(body, principal);
      const { record, path } = await orgUnits.get(created.id, principal);
      return toOrgUnitView(record, path);
    },
  });

  routes.add<OrgUnitUpdateRequest, unknown, OrgUnitIdParams>({
    method: 'patch',
    path: '/org-units/:id',
    tag: TAG,
    summary: 'Rename, move, deactivate or reactivate a unit; send the version you read',
    auth: ADMIN,
    params: 'authority/org-unit-id-params',
    body: 'authority/org-unit-update-request',
    responses: {
      200: { description: 'Updated', schema: 'authority/org-unit' },
      404: { description: 'No such unit within your scope' },
      409: { description: 'Stale version' },
      422: { description: 'A cycle, an unknown or deactivated parent, or a unit still in use' },
    },
    handler: async ({ principal, params, body }): Promise<OrgUnit> => {
      const record = await orgUnits.update(params.id, body, principal);
      const { path } = await orgUnits.get(record.id, principal);
      return toOrgUnitView(record, path);
    },
  });
}
