import type { RuleSetVersionParams, TryRequest, TryResult } from '../generated/schema-types';
import type { RuleSetEvaluator } from '../engine/evaluator';
import { UnprocessableError, ValidationError } from '../http/errors';
import type { RouteRegistry } from '../http/routes';
import { prepareRuleSet } from '../engine/prepare';
import { FAMILIES } from '../rulesets/families';
import { nextTurn } from '../rulesets/ruleset.limits';
import { assertRuleSetAccess } from '../rulesets/ruleset.access';
import type { RuleSetScope } from '../rulesets/ruleset.scope';
import type { RuleSetService } from '../rulesets/ruleset.service';
import { validateRuleSet, type ValidationContext } from '../rulesets/ruleset.validation';

const TAG = 'studio';

/**
 * What the studio needs beyond the rule-set API: a try-it that evaluates any stored version
 * (drafts too) without writing to the decision log. (The editor's vocabulary comes from
 * GET /rule-catalog.)
 */
export function registerStudioRoutes(
  routes: RouteRegistry,
  ruleSets: RuleSetService,
  evaluator: RuleSetEvaluator,
  context: ValidationContext,
  scope: RuleSetScope,
): void {
  routes.add<TryRequest, unknown, RuleSetVersionParams>({
    method: 'post',
    path: '/rulesets/:key/versions/:version/try',
    tag: TAG,
    params: 'rulesets/rule-set-version-params',
    summary: 'Evaluate facts against any version (drafts too) with the explanation; not logged as a decision',
    auth: { roles: ['policy-owner', 'approver'] },
    body: 'studio/try-request',
    responses: {
      200: { description: 'Events and explanation', schema: 'studio/try-result' },
      400: { description: 'Facts do not fit the family' },
      422: { description: 'The version is invalid' },
    },
    handler: async ({ principal, params, body }): Promise<TryResult> => {
      assertRuleSetAccess(principal, params.key, 'read');
      await scope.assert(principal, params.key, 'read');
      const view = await ruleSets.version(params.key, params.version);
      const problems = validateRuleSet(view.ruleSet, context);
      if (problems.length > 0) throw new UnprocessableError('rule_set_invalid', 'The version is invalid; fix it before trying it', problems);
      const factProblems = context.checkSchema(FAMILIES[view.ruleSet.family].facts, body.facts, '/body/facts');
      if (factProblems.length > 0) throw new ValidationError(`The facts do not fit the ${view.ruleSet.family} fact schema`, factProblems, 'invalid_facts');
      // Evaluated in a turn of its own after validation. Prepared outside the evaluator's cache and
      // not compiled: explanations come from json-rules-engine, and drafts change with every edit.
      await nextTurn();
      const prepared = prepareRuleSet({ key: view.key, version: view.version, hash: view.hash, content: view.ruleSet });
      // Preparing the largest draft the limits allow and evaluating it with explanations take
      // tens of milliseconds each; one turn apiece keeps every other request moving between them.
      await nextTurn();
      const outcome = await evaluator.evaluate(prepared, body.facts, { explain: true });
      return {
        ruleSet: { key: view.key, version: view.version, hash: view.hash },
        state: view.state,
        events: outcome.events,
        missingFacts: outcome.missingFacts,
        explanation: outcome.explanation ?? { rules: [], missingFacts: outcome.missingFacts },
      };
    },
  });
}
