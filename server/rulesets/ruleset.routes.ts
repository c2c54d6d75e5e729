import { OPERATOR_DECORATORS, OPERATORS } from '../engine/operators';
import type {
  CommentRequest,
  RuleCatalog,
  DiffQuery,
  DraftCreateRequest,
  DraftUpdateRequest,
  LifecycleActionRequest,
  PublishRequest,
  RollbackRequest,
  RuleSetDetail,
  RuleSetDiff,
  RuleSetKeyParams,
  RuleSetList,
  RuleSetVersionParams,
  RuleSetVersionView,
  TestRunResult,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { Principal } from '../identity/principal';
import { usableFieldsOf } from '../privacy/personal-data';
import { assertRuleSetAccess } from './ruleset.access';
import type { RuleSetScope } from './ruleset.scope';
import type { RuleSetService } from './ruleset.service';
import type { SchemaRegistry } from '../http/schema-registry';
import { FAMILIES, FAMILY_NAMES } from './families';

const ANY_ROLE = { roles: [] } as const;
// admin passes every role check in the registry; approval itself re-checks the approver role.
const AUTHORS = { roles: ['policy-owner'] } as const;
const APPROVERS = { roles: ['approver'] } as const;
const PROPOSERS = { roles: ['policy-owner', 'approver'] } as const;
const TAG = 'rule sets';
const VERSION_VIEW = { description: 'The version with its history', schema: 'rulesets/rule-set-version-view' };

export function registerRuleSetRoutes(routes: RouteRegistry, ruleSets: RuleSetService, schemas: SchemaRegistry, scope: RuleSetScope): void {
  /** Restrictions of integration keys, then the org-unit scope of the rule set's owner. */
  const allow = async (principal: Principal, key: string, use: 'read' | 'write') => {
    assertRuleSetAccess(principal, key, use);
    await scope.assert(principal, key, use);
  };

  routes.add({
    method: 'get',
    path: '/rule-catalog',
    tag: TAG,
    summary: 'Families with their facts and events, and every operator rules may use',
    auth: ANY_ROLE,
    responses: { 200: { description: 'The catalog', schema: 'rulesets/rule-catalog' } },
    handler: (): RuleCatalog => ({
      families: FAMILY_NAMES.map((family) => {
        const factSchema = schemas.get(FAMILIES[family].facts);
        return {
          family,
          factSchema: factSchema.id,
          // The facts rules may use: personal data (x-personal-data) is accepted in evaluations, never a condition.
          facts: usableFieldsOf(factSchema.schema),
          events: Object.entries(FAMILIES[family].events).map(([type, schema]) => ({ type, schema: schemas.get(schema).id })),
        };
      }),
      operators: OPERATORS.map((operator) => ({ ...operator })),
      decorators: [...OPERATOR_DECORATORS],
    }),
  });

  routes.add({
    method: 'get',
    path: '/rulesets',
    tag: TAG,
    summary: 'List rule sets with their versions and the version in force',
    auth: ANY_ROLE,
    responses: { 200: { description: 'Rule sets', schema: 'rulesets/rule-set-list' } },
    handler: async ({ principal }): Promise<RuleSetList> => {
      assertRuleSetAccess(principal, undefined, 'read');
      const items = [];
      for (const summary of await ruleSets.list(principal)) if (await scope.mayRead(principal, summary.orgUnit)) items.push(summary);
      return { items };
    },
  });

  routes.add<unknown, unknown, RuleSetKeyParams>({
    method: 'get',
    path: '/rulesets/:key',
    tag: TAG,
    summary: 'A rule set: versions and the full action history (who, when, why)',
    auth: ANY_ROLE,
    params: 'rulesets/rule-set-key-params',
    responses: { 200: { description: 'The rule set', schema: 'rulesets/rule-set-detail' }, 404: { description: 'No such rule set' } },
    handler: async ({ principal, params }): Promise<RuleSetDetail> => {
      await allow(principal, params.key, 'read');
      return ruleSets.detail(params.key);
    },
  });

  routes.add<unknown, unknown, RuleSetVersionParams>({
    method: 'get',
    path: '/rulesets/:key/versions/:version',
    tag: TAG,
    summary: 'One version with its content and history',
    auth: ANY_ROLE,
    params: 'rulesets/rule-set-version-params',
    responses: { 200: VERSION_VIEW, 404: { description: 'No such version' } },
    handler: async ({ principal, params }): Promise<RuleSetVersionView> => {
      await allow(principal, params.key, 'read');
      return ruleSets.version(params.key, params.version);
    },
  });

  routes.add<DraftCreateRequest, unknown, RuleSetKeyParams>({
    method: 'post',
    path: '/rulesets/:key/versions',
    tag: TAG,
    summary: 'Create a draft version (basedOnVersion = the latest version, 0 for a new rule set)',
    auth: AUTHORS,
    params: 'rulesets/rule-set-key-params',
    body: 'rulesets/draft-create-request',
    responses: { 201: VERSION_VIEW, 409: { description: 'basedOnVersion is stale' } },
    handler: async ({ principal, params, body }): Promise<RuleSetVersionView> => {
      await allow(principal, params.key, 'write');
      await scope.assertOwnerAssignable(principal, body.ruleSet.orgUnit);
      return ruleSets.createDraft(params.key, body, principal);
    },
  });

  routes.add<DraftUpdateRequest, unknown, RuleSetVersionParams>({
    method: 'put',
    path: '/rulesets/:key/versions/:version',
    tag: TAG,
    summary: "Replace a draft's content; send the revision you read",
    auth: AUTHORS,
    params: 'rulesets/rule-set-version-params',
    body: 'rulesets/draft-update-request',
    responses: { 200: VERSION_VIEW, 409: { description: 'Stale revision, or the version is no longer a draft' } },
    handler: async ({ principal, params, body }): Promise<RuleSetVersionView> => {
      await allow(principal, params.key, 'write');
      await scope.assertOwnerAssignable(principal, body.ruleSet.orgUnit);
      return ruleSets.updateDraft(params.key, params.version, body, principal);
    },
  });

  const lifecycle = (action: 'submit' | 'approve' | 'reject', summary: string, auth: { roles: readonly ('policy-owner' | 'approver')[] }) =>
    routes.add<LifecycleActionRequest, unknown, RuleSetVersionParams>({
      method: 'post',
      path: `/rulesets/:key/versions/:version/${action}`,
      tag: TAG,
      summary,
      auth,
      params: 'rulesets/rule-set-version-params',
      body: 'rulesets/lifecycle-action-request',
      responses: {
        200: VERSION_VIEW,
        403: { description: 'Maker-checker refused' },
        409: { description: 'Wrong state' },
        422: { description: 'Validation or embedded tests failed' },
      },
      handler: async ({ principal, params, body }): Promise<RuleSetVersionView> => {
        await allow(principal, params.key, 'write');
        return ruleSets[action](params.key, params.version, principal, body.reason);
      },
    });
  routes.add<CommentRequest, unknown, RuleSetVersionParams>({
    method: 'post',
    path: '/rulesets/:key/versions/:version/comments',
    tag: TAG,
    summary: 'Comment on a version during review without deciding; the comment joins its history',
    params: 'rulesets/rule-set-version-params',
    auth: { roles: ['policy-owner', 'approver', 'auditor'] },
    body: 'rulesets/comment-request',
    responses: { 201: VERSION_VIEW, 404: { description: 'No such version' } },
    handler: async ({ principal, params, body }): Promise<RuleSetVersionView> => {
      assertRuleSetAccess(principal, params.key, 'write');
      await scope.assert(principal, params.key, 'read');
      return ruleSets.comment(params.key, params.version, principal, body.text);
    },
  });
  lifecycle('submit', 'Submit a draft for review (validation and embedded tests must pass)', AUTHORS);
  lifecycle('approve', 'Approve a version in review (approver role, not an author: maker-checker)', APPROVERS);
  lifecycle('reject', 'Reject a version in review; its content reopens as a new draft version', APPROVERS);

  routes.add<PublishRequest, unknown, RuleSetVersionParams>({
    method: 'post',
    path: '/rulesets/:key/versions/:version/publish',
    tag: TAG,
    summary: 'Publish an approved version now or from effectiveFrom',
    auth: APPROVERS,
    params: 'rulesets/rule-set-version-params',
    body: 'rulesets/publish-request',
    responses: { 200: VERSION_VIEW, 409: { description: 'Not approved' }, 422: { description: 'Validation or embedded tests failed' } },
    handler: async ({ principal, params, body }): Promise<RuleSetVersionView> => {
      await allow(principal, params.key, 'write');
      return ruleSets.publish(params.key, params.version, principal, body);
    },
  });

  routes.add<RollbackRequest, unknown, RuleSetKeyParams>({
    method: 'post',
    path: '/rulesets/:key/rollback',
    tag: TAG,
    summary: "Propose an earlier published version's content as a new version in review",
    auth: PROPOSERS,
    params: 'rulesets/rule-set-key-params',
    body: 'rulesets/rollback-request',
    responses: { 201: VERSION_VIEW, 422: { description: 'The target was never published or fails its tests' } },
    handler: async ({ principal, params, body }): Promise<RuleSetVersionView> => {
      await allow(principal, params.key, 'write');
      return ruleSets.rollback(params.key, body.toVersion, principal, body.reason);
    },
  });

  routes.add<unknown, DiffQuery, RuleSetKeyParams>({
    method: 'get',
    path: '/rulesets/:key/diff',
    tag: TAG,
    summary: 'Rules added, removed and changed, and parameters changed, between two versions',
    auth: ANY_ROLE,
    params: 'rulesets/rule-set-key-params',
    query: 'rulesets/diff-query',
    responses: { 200: { description: 'The difference', schema: 'rulesets/rule-set-diff' }, 404: { description: 'No such version' } },
    handler: async ({ principal, params, query }): Promise<RuleSetDiff> => {
      await allow(principal, params.key, 'read');
      return ruleSets.diff(params.key, query.from, query.to);
    },
  });

  routes.add<unknown, unknown, RuleSetVersionParams>({
    method: 'post',
    path: '/rulesets/:key/versions/:version/test',
    tag: TAG,
    summary: "Run a version's embedded tests (any state) and report each",
    auth: PROPOSERS,
    params: 'rulesets/rule-set-version-params',
    responses: { 200: { description: 'Test results', schema: 'rulesets/test-run-result' }, 422: { description: 'The version is invalid' } },
    handler: async ({ principal, params }): Promise<TestRunResult> => {
      await allow(principal, params.key, 'write');
      return ruleSets.runTests(params.key, params.version);
    },
  });
}
