import type {
  ConflictList,
  ConflictQuery,
  DelegationParams,
  DelegationQuery,
  DelegationVersionParams,
  GrantContent,
  GrantDraftRequest,
  GrantList,
  GrantUpdateRequest,
  GrantVersion,
  LifecycleActionRequest,
  OverlayDraftRequest,
  OverlayList,
  OverlayUpdateRequest,
  OverlayVersion,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { Principal, Role } from '../identity/principal';
import { assertRuleSetAccess } from '../rulesets/ruleset.access';
import type { ConflictReport } from './conflict-report';
import type { DelegationService, DelegationView } from './delegation.service';
import type { OverlayContent } from './overlay.policy';

const READERS = { roles: ['policy-owner', 'approver', 'auditor', 'branch-operator'] } as const;
const AUTHORS = { roles: ['policy-owner'] } as const;
const APPROVERS = { roles: ['approver'] } as const;
const TAG = 'delegated authority';

function common<Content>({ record, state, inForce }: DelegationView<Content>): Omit<GrantVersion, 'grant'> {
  return {
    orgUnit: record.orgUnit,
    ruleSetKey: record.ruleSetKey,
    version: record.version,
    state,
    inForce,
    revision: record.revision,
    author: record.author,
    makers: record.makers,
    ...(record.basedOnVersion !== undefined ? { basedOnVersion: record.basedOnVersion } : {}),
    ...(record.approvedBy ? { approvedBy: record.approvedBy } : {}),
    ...(record.publishedBy ? { publishedBy: record.publishedBy } : {}),
    ...(record.publishedAt ? { publishedAt: new Date(record.publishedAt).toISOString() } : {}),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

export const toGrantView = (view: DelegationView<GrantContent>): GrantVersion => ({ ...common(view), grant: view.record.content });
export const toOverlayView = (view: DelegationView<OverlayContent>): OverlayVersion => ({ ...common(view), values: view.record.content.values });

interface Kind<Content, View, Draft, Update> {
  /** URL segment: grants or overlays. */
  segment: string;
  noun: string;
  service: DelegationService<Content>;
  toView: (view: DelegationView<Content>) => View;
  schemas: { view: string; list: string; draft: string; update: string };
  contentOf: (body: Draft | Update) => Content;
  listOf: (items: View[]) => unknown;
}

/** The same routes for grants and for overlays: list, read, draft, edit, submit, approve, reject, publish. */
function registerVersionedRoutes<
  Content,
  View,
  Draft extends { basedOnVersion: number; reason?: string },
  Update extends { revision: number; reason?: string },
>(routes: RouteRegistry, kind: Kind<Content, View, Draft, Update>): void {
  const base = `/authority/${kind.segment}/:orgUnit/:ruleSetKey/versions`;
  const versionView = { description: `The ${kind.noun} version`, schema: kind.schemas.view };
  const allow = (principal: Principal, key: string, use: 'read' | 'write') => assertRuleSetAccess(principal, key, use);

  routes.add<unknown, DelegationQuery>({
    method: 'get',
    path: `/authority/${kind.segment}`,
    tag: TAG,
    summary: `Every ${kind.noun} version within your scope (filter by unit and below, rule set, state)`,
    auth: READERS,
    query: 'authority/delegation-query',
    responses: {
      200: { description: 'Versions, by unit and rule set, newest first', schema: kind.schemas.list },
      403: { description: 'The unit is outside your scope' },
    },
    handler: async ({ principal, query }) => {
      if (query.ruleSetKey) allow(principal, query.ruleSetKey, 'read');
      return kind.listOf((await kind.service.list(principal, query)).map(kind.toView));
    },
  });

  routes.add<unknown, unknown, DelegationVersionParams>({
    method: 'get',
    path: `${base}/:version`,
    tag: TAG,
    summary: `One ${kind.noun} version`,
    auth: READERS,
    params: 'authority/delegation-version-params',
    responses: { 200: versionView, 404: { description: 'No such version within your scope' } },
    handler: async ({ principal, params }) => {
      allow(principal, params.ruleSetKey, 'read');
      return kind.toView(await kind.service.version(principal, params.orgUnit, params.ruleSetKey, params.version));
    },
  });

  routes.add<Draft, unknown, DelegationParams>({
    method: 'post',
    path: base,
    tag: TAG,
    summary: `Draft a new ${kind.noun} version (basedOnVersion = the latest version, 0 for the first)`,
    auth: AUTHORS,
    params: 'authority/delegation-params',
    body: kind.schemas.draft,
    responses: {
      201: versionView,
      403: { description: 'Not yours to write' },
      409: { description: 'basedOnVersion is stale' },
      422: { description: 'Does not fit the rule set or the bounds in force' },
    },
    handler: async ({ principal, params, body }) => {
      allow(principal, params.ruleSetKey, 'write');
      return kind.toView(
        await kind.service.createDraft(principal, params.orgUnit, params.ruleSetKey, {
          basedOnVersion: body.basedOnVersion,
          reason: body.reason,
          content: kind.contentOf(body),
        }),
      );
    },
  });

  routes.add<Update, unknown, DelegationVersionParams>({
    method: 'put',
    path: `${base}/:version`,
    tag: TAG,
    summary: `Replace a draft ${kind.noun}; send the revision you read`,
    auth: AUTHORS,
    params: 'authority/delegation-version-params',
    body: kind.schemas.update,
    responses: {
      200: versionView,
      409: { description: 'Stale revision, or no longer a draft' },
      422: { description: 'Does not fit the rule set or the bounds in force' },
    },
    handler: async ({ principal, params, body }) => {
      allow(principal, params.ruleSetKey, 'write');
      return kind.toView(
        await kind.service.updateDraft(principal, params.orgUnit, params.ruleSetKey, params.version, {
          revision: body.revision,
          reason: body.reason,
          content: kind.contentOf(body),
        }),
      );
    },
  });

  const action = (name: 'submit' | 'approve' | 'reject' | 'publish', summary: string, auth: { roles: readonly Role[] }) =>
    routes.add<LifecycleActionRequest, unknown, DelegationVersionParams>({
      method: 'post',
      path: `${base}/:version/${name}`,
      tag: TAG,
      summary,
      auth,
      body: 'rulesets/lifecycle-action-request',
      params: 'authority/delegation-version-params',
      responses: {
        200: versionView,
        403: { description: 'Maker-checker or scope refused' },
        409: { description: 'Wrong state' },
        422: { description: 'Does not fit the bounds in force' },
      },
      handler: async ({ principal, params, body }) => {
        allow(principal, params.ruleSetKey, 'write');
        return kind.toView(await kind.service[name](principal, params.orgUnit, params.ruleSetKey, params.version, body.reason));
      },
    });
  action('submit', `Submit a draft ${kind.noun} for review`, AUTHORS);
  action('approve', `Approve a ${kind.noun} in review (approver role, not an author: maker-checker)`, APPROVERS);
  action('reject', `Reject a ${kind.noun} in review`, APPROVERS);
  action('publish', `Publish an approved ${kind.noun}; checked again against the bounds in force (422 naming parameter, value and bounds)`, APPROVERS);
}

export function registerAuthorityRoutes(
  routes: RouteRegistry,
  grants: DelegationService<GrantContent>,
  overlays: DelegationService<OverlayContent>,
  conflicts: ConflictReport,
): void {
  registerVersionedRoutes<GrantContent, GrantVersion, GrantDraftRequest, GrantUpdateRequest>(routes, {
    segment: 'grants',
    noun: 'grant',
    service: grants,
    toView: toGrantView,
    schemas: {
      view: 'authority/grant-version',
      list: 'authority/grant-list',
      draft: 'authority/grant-draft-request',
      update: 'authority/grant-update-request',
    },
    contentOf: (body) => body.grant,
    listOf: (items): GrantList => ({ items }),
  });
  registerVersionedRoutes<OverlayContent, OverlayVersion, OverlayDraftRequest, OverlayUpdateRequest>(routes, {
    segment: 'overlays',
    noun: 'parameter overlay',
    service: overlays,
    toView: toOverlayView,
    schemas: {
      view: 'authority/overlay-version',
      list: 'authority/overlay-list',
      draft: 'authority/overlay-draft-request',
      update: 'authority/overlay-update-request',
    },
    contentOf: (body) => ({ values: body.values }),
    listOf: (items): OverlayList => ({ items }),
  });

  routes.add<unknown, ConflictQuery>({
    method: 'get',
    path: '/authority/conflicts',
    tag: TAG,
    summary: 'Published overlay values that no longer apply (a grant narrowed or withdrawn, a parameter changed); evaluation uses the value above instead',
    auth: READERS,
    query: 'authority/conflict-query',
    responses: {
      200: { description: 'Conflicts within your scope', schema: 'authority/conflict-list' },
      403: { description: 'The unit is outside your scope' },
    },
    handler: async ({ principal, query }): Promise<ConflictList> => {
      if (query.ruleSetKey) assertRuleSetAccess(principal, query.ruleSetKey, 'read');
      return { items: await conflicts.list(principal, query) };
    },
  });
}
