import type { Decision, DecisionIdParams, DecisionList, DecisionQuery, ReplayRequest, ReplayResult } from '../generated/schema-types';
import { NotFoundError } from '../http/errors';
import type { RouteRegistry } from '../http/routes';
import { isVisible, visibleUnits, type OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { Principal } from '../identity/principal';
import type { EvaluationService } from '../rulesets/evaluation.service';
import { assertRuleSetAccess } from '../rulesets/ruleset.access';
import type { DecisionRecord } from './decision.model';
import type { DecisionStore } from './decision.store';

const READERS = { roles: ['policy-owner', 'approver', 'auditor', 'branch-operator', 'integration'] } as const;
const REPLAYERS = { roles: ['policy-owner', 'approver', 'auditor'] } as const;

export function toDecisionView(record: DecisionRecord): Decision {
  return {
    decisionId: record.decisionId,
    ruleSet: { key: record.ruleSet.key, version: record.ruleSet.version, hash: record.ruleSet.hash },
    ...(record.orgUnit ? { orgUnit: record.orgUnit } : {}),
    ...(record.overlays && record.overlays.length > 0 ? { overlays: record.overlays.map(({ orgUnit, version }) => ({ orgUnit, version })) } : {}),
    caller: record.caller,
    facts: record.facts,
    events: record.events,
    ...(record.missingFacts ? { missingFacts: record.missingFacts } : {}),
    at: new Date(record.at).toISOString(),
    durationMs: record.durationMs,
    ...(record.challenge ? { challenge: record.challenge } : {}),
  };
}

/**
 * A decision belongs to the org unit it was made for; one made without a unit is HQ's. Readers
 * below HQ see their subtree's decisions only, and others' do not exist for them (404).
 */
export function registerDecisionRoutes(routes: RouteRegistry, decisions: DecisionStore, evaluation: EvaluationService, scope: OrgScope): void {
  const visible = (principal: Principal, record: DecisionRecord) => isVisible(scope, principal, record.orgUnit ?? HEAD_OFFICE);

  routes.add<unknown, DecisionQuery>({
    method: 'get',
    path: '/decisions',
    tag: 'decisions',
    summary: 'Logged decisions, newest first, filtered by rule set, version, time, event type and missing fact',
    auth: READERS,
    query: 'decisions/decision-query',
    responses: { 200: { description: 'Decisions', schema: 'decisions/decision-list' } },
    handler: async ({ principal, query }): Promise<DecisionList> => {
      assertRuleSetAccess(principal, query.ruleSet, 'read');
      const page = await decisions.page(
        {
          ruleSet: query.ruleSet,
          version: query.version,
          eventType: query.eventType,
          missingFact: query.missingFact,
          from: query.from ? new Date(query.from) : undefined,
          keys: principal.restrictions?.ruleSetKeys,
          orgUnits: await visibleUnits(scope, principal),
        },
        { before: query.to, limit: query.limit ?? 100 },
      );
      return { ...page, items: page.items.map(toDecisionView) };
    },
  });

  routes.add<unknown, unknown, DecisionIdParams>({
    method: 'get',
    path: '/decisions/:id',
    tag: 'decisions',
    summary: 'One logged decision',
    auth: READERS,
    params: 'decisions/decision-id-params',
    responses: { 200: { description: 'The decision', schema: 'decisions/decision' }, 404: { description: 'No such decision' } },
    handler: async ({ principal, params }): Promise<Decision> => {
      const record = await decisions.find(params.id);
      if (!record || !(await visible(principal, record))) throw new NotFoundError(`No decision "${params.id}"`);
      assertRuleSetAccess(principal, record.ruleSet.key, 'read');
      return toDecisionView(record);
    },
  });

  routes.add<ReplayRequest, unknown, DecisionIdParams>({
    method: 'post',
    path: '/decisions/:id/replay',
    tag: 'decisions',
    summary: "Re-evaluate a decision's stored facts against its version or another one and show the difference",
    params: 'decisions/decision-id-params',
    auth: REPLAYERS,
    body: 'decisions/replay-request',
    responses: {
      200: { description: 'Both outcomes and the difference', schema: 'decisions/replay-result' },
      404: { description: 'No such decision or version' },
    },
    handler: async ({ principal, params, body }): Promise<ReplayResult> => {
      const record = await decisions.find(params.id);
      if (record && !(await visible(principal, record))) throw new NotFoundError(`No decision "${params.id}"`);
      return evaluation.replay(params.id, body.version, (key) => assertRuleSetAccess(principal, key, 'read'));
    },
  });
}
