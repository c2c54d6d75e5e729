import type { AuditEntry, AuditList, AuditQuery } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import { visibleUnits, type OrgScope } from '../authority/org-scope';
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
export function registerAuditRoutes(routes: RouteRegistry, audit: AuditLog, orgScope: OrgScope): void {
  routes.add<unknown, AuditQuery>({
    method: 'get',
    path: '/audit',
    tag: 'audit',
    summary: 'Recorded changes within your scope, newest first: filter by entity, actor, action, org unit (and below) and time; page with before',
    auth: READERS,
    query: 'audit/audit-query',
    responses: { 200: { description: 'Entries', schema: 'audit/audit-list' }, 403: { description: 'The org unit is outside your scope' } },
    handler: async ({ principal, query }): Promise<AuditList> => {
      const page = await audit.page(
        {
          entityKind: query.entityKind,
          entityId: query.entityId,
          actor: query.actor,
          action: query.action,
          orgUnits: await visibleUnits(orgScope, principal, query.orgUnit),
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
        },
        { before: query.before, limit: query.limit ?? 100 },
      );
      return { ...page, items: page.items.map(toAuditEntryView) };
    },
  });
}
