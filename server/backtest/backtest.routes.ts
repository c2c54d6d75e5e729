import type { Backtest, BacktestIdParams, BacktestList, BacktestQuery, BacktestRequest } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import { assertRuleSetAccess } from '../rulesets/ruleset.access';
import type { RuleSetScope } from '../rulesets/ruleset.scope';
import type { BacktestService } from './backtest.service';

const TAG = 'studio';
const READERS = { roles: ['policy-owner', 'approver', 'auditor'] } as const;

export function registerBacktestRoutes(routes: RouteRegistry, backtests: BacktestService, scope: RuleSetScope): void {
  routes.add<BacktestRequest>({
    method: 'post',
    path: '/backtests',
    tag: TAG,
    auth: { roles: ['policy-owner', 'approver'] },
    body: 'backtest/backtest-request',
    summary:
      'Backtest a warning.obligor or warning.portfolio version (draft or published) over past month-ends against another (by default the published one): queued for the on-demand job `backtests`; a branch backtests its units’ obligors only',
    responses: {
      202: { description: 'The backtest, queued; poll GET /backtests/{backtestId}', schema: 'backtest/backtest' },
      404: { description: 'No such rule set or version' },
      422: { description: 'Not a warning.obligor rule set, or the version is invalid' },
    },
    handler: async ({ principal, body }): Promise<Backtest> => {
      assertRuleSetAccess(principal, body.key, 'read');
      await scope.assert(principal, body.key, 'read');
      return backtests.request(principal, body);
    },
  });
  routes.add<never, BacktestQuery>({
    method: 'get',
    path: '/backtests',
    tag: TAG,
    auth: READERS,
    query: 'backtest/backtest-query',
    summary: 'Backtests of your org unit and the units below it, newest first, without their results',
    responses: { 200: { description: 'Backtests', schema: 'backtest/backtest-list' } },
    handler: ({ principal, query }): Promise<BacktestList> => backtests.list(principal, query),
  });
  routes.add<unknown, unknown, BacktestIdParams>({
    method: 'post',
    path: '/backtests/:backtestId/cancel',
    tag: TAG,
    auth: { roles: ['policy-owner', 'approver'] },
    params: 'backtest/backtest-id-params',
    summary: 'Cancels a backtest: a queued one at once, a running one at its next page or month-end (it then reads `cancelled`)',
    responses: {
      200: { description: 'The backtest, cancelled or (running) asked to stop', schema: 'backtest/backtest' },
      404: { description: 'No such backtest in your scope' },
      409: { description: 'It has already ended (backtest_ended)' },
    },
    handler: ({ principal, params }): Promise<Backtest> => backtests.cancel(principal, params.backtestId),
  });
  routes.add<unknown, unknown, BacktestIdParams>({
    method: 'get',
    path: '/backtests/:backtestId',
    tag: TAG,
    auth: READERS,
    params: 'backtest/backtest-id-params',
    summary: 'A backtest: its status and progress while it runs, then both versions’ measures (by level and segment), their difference and the missing facts',
    responses: { 200: { description: 'The backtest', schema: 'backtest/backtest' }, 404: { description: 'No such backtest in your scope' } },
    handler: ({ principal, params }): Promise<Backtest> => backtests.detail(principal, params.backtestId),
  });
}
