import type { AuditEntry, AuditList, AuditQuery } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { OrgUnitDirectory } from '../authority/org-unit.directory';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { AuditEntryRecord } from './audit.model';
import type { AuditLog } from './audit.service';

// Everyone who works with policy or its outcomes may read the trail of their own scope; integrations may not.
const READERS = { roles: ['auditor', 'policy-owner', 'approver', 'branch-operator'] } as const;

export function toAuditEntryView(record: AuditEntryRecord): AuditEntry {
  return {
    entryId: record.entryId,
    at: new Date(record.at).toISOString(),
    actor: record.actor,
    action: record.action,
    entity: { kind: record.entity.kind, id: record.entity.id },
    orgUnit: record.orgUnit,
    ...(record.before !== undefined ? { before: record.before as AuditEntry['before'] } : {}),
    ...(record.after !== undefined ? { after: record.after as AuditEntry['after'] } : {}),
    ...(record.reason ? { reason: record.reason } : {}),
  };
}

/** Reading only: the audit log has no route that updates or deletes. */
export function registerAuditRoutes(routes: RouteRegistry, audit: AuditLog, orgScope: OrgUnitDirectory): void {
  routes.add<unknown, AuditQuery>({
    method: 'get', path: '/audit', tag: 'audit',
    summary: 'Recorded changes within your scope, newest first: filter by entity, actor, action, org unit (and below) and time; page with before',
    auth: READERS, query: 'audit/audit-query',
    responses: { 200: { description: 'Entries', schema: 'audit/audit-list' }, 403: { description: 'The org unit is outside your scope' } },
    handler: async ({ principal, query }): Promise<AuditList> => {
      if (query.orgUnit) await orgScope.assertInScope(principal, query.orgUnit);
      const root = query.orgUnit ?? principal.orgUnit;
      const page = await audit.page({
        entityKind: query.entityKind,
        entityId: query.entityId,
        actor: query.actor,
        action: query.action,
        ...(root === HEAD_OFFICE ? {} : { orgUnits: await orgScope.unitsWithin(root) }),
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      }, { before: query.before, limit: query.limit ?? 100 });
      return { ...page, items: page.items.map(toAuditEntryView) };
    },
  });
}
