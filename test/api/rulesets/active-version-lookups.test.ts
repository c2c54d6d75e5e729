import { DelegationStore } from '../../../server/authority/delegation.store';
import { EffectiveRuleSets } from '../../../server/authority/effective-rulesets';
import type { OverlayContent } from '../../../server/authority/overlay.policy';
import { EffectiveUnitEvaluation } from '../../../server/authority/unit-evaluation';
import type { GrantContent } from '../../../server/generated/schema-types';
import type { Principal } from '../../../server/identity/principal';
import { ActiveVersions } from '../../../server/rulesets/active-versions';
import { EvaluationService } from '../../../server/rulesets/evaluation.service';
import { validationContext } from '../../../server/rulesets/ruleset.catalog';
import { RuleSetStore } from '../../../server/rulesets/ruleset.store';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * An evaluation request looks up the version in force once and hands it down to the org unit's
 * effective rule set, so the facts are checked against, and evaluated with, one version. Counted
 * on a real ActiveVersions over the real store, wired as the app wires it.
 */
let app: TestApp;
let active: ActiveVersions;
let evaluation: EvaluationService;
const hq: Principal = { kind: 'user', name: 'lookup-test', orgUnit: 'HQ', roles: ['admin'], via: 'session' };
const facts = { dpd: 95, claimPointDays: 90, overdueAmount: 500 };

beforeAll(async () => {
  app = await startTestApp();
  expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-LK', name: 'Lookups', parent: 'HQ' } })).status).toBe(201);
  const { evaluator, orgScope, decisions } = app.platform.services;
  active = new ActiveVersions(new RuleSetStore(app.connection), evaluator);
  const effective = new EffectiveRuleSets(
    active,
    evaluator,
    new DelegationStore<GrantContent>(app.connection, 'grant'),
    new DelegationStore<OverlayContent>(app.connection, 'overlay'),
    orgScope,
    app.config.internetChannels,
  );
  evaluation = new EvaluationService(
    active,
    evaluator,
    validationContext(app.platform.schemas),
    decisions,
    new EffectiveUnitEvaluation(active, effective, orgScope),
  );
});
afterAll(() => app.close());

test('an evaluation for an org unit looks up the version in force once', async () => {
  const before = active.lookups;
  const result = await evaluation.evaluate('claim.trigger', { facts, orgUnit: 'BR-LK' }, hq);
  expect(result.ruleSet.key).toBe('claim.trigger');
  expect(active.lookups - before).toBe(1);
});

test('an evaluation without an org unit looks it up once too', async () => {
  const before = active.lookups;
  await evaluation.evaluate('claim.trigger', { facts }, hq);
  expect(active.lookups - before).toBe(1);
});

test('a batch looks it up once for all its items', async () => {
  const before = active.lookups;
  const result = await evaluation.evaluateBatch('claim.trigger', { items: [{ facts, orgUnit: 'BR-LK' }, { facts, orgUnit: 'HQ' }, { facts }] }, hq);
  expect(result.results.every((item) => 'decisionId' in item)).toBe(true);
  expect(active.lookups - before).toBe(1);
});
