import type { EvaluateBatchRequest, EvaluateRequest, EvaluationBatchResult, EvaluationResult, RuleSetKeyParams } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { EvaluationService } from './evaluation.service';
import { assertRuleSetAccess } from './ruleset.access';

const ANY_ROLE = { roles: [] } as const;

/**
 * Every decision answered is first recorded in the decision log (in its spool, see DecisionStore):
 * while the log is full, the evaluation service refuses with 503 and Retry-After. The fast path
 * runs the same handler, so both paths keep the guarantee.
 */
export function registerEvaluationRoutes(routes: RouteRegistry, evaluation: EvaluationService): void {
  // The integrations' hot path: also answered by the fast path in front of Express (server/http/fast-routes.ts).
  routes.add<EvaluateRequest, unknown, RuleSetKeyParams>({
    method: 'post',
    path: '/rulesets/:key/evaluate',
    tag: 'evaluation',
    fast: true,
    summary: 'Evaluate facts against the version in force (or a named published version); explain lists every condition',
    auth: ANY_ROLE,
    evaluateOnlyAllowed: true,
    params: 'rulesets/rule-set-key-params',
    body: 'rulesets/evaluate-request',
    responses: { 200: { description: 'The decision', schema: 'rulesets/evaluation-result' }, 404: { description: 'No published version' } },
    handler: async ({ principal, params, body }): Promise<EvaluationResult> => {
      assertRuleSetAccess(principal, params.key, 'evaluate');
      return evaluation.evaluate(params.key, body, principal);
    },
  });

  routes.add<EvaluateBatchRequest, unknown, RuleSetKeyParams>({
    method: 'post',
    path: '/rulesets/:key/evaluate/batch',
    tag: 'evaluation',
    summary: 'Evaluate up to 10,000 fact sets; results in order, each a decision or an error for that item',
    auth: ANY_ROLE,
    evaluateOnlyAllowed: true,
    params: 'rulesets/rule-set-key-params',
    body: 'rulesets/evaluate-batch-request',
    responses: { 200: { description: 'One result per item', schema: 'rulesets/evaluation-batch-result' } },
    handler: async ({ principal, params, body }): Promise<EvaluationBatchResult> => {
      assertRuleSetAccess(principal, params.key, 'evaluate');
      return evaluation.evaluateBatch(params.key, body, principal);
    },
  });
}
