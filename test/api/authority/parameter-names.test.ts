import { startTestApp, type TestApp } from '../../support/test-app';
import { standardContent } from '../rulesets/helpers';
import { createOrgUnits, type ErrorBody } from './helpers';

/**
 * Parameter values and names in overlays, grants and rule sets. A list of
 * values holds at least one item and none twice (an empty list slips past allowed values), and a
 * name is never one of JavaScript's object members (`hasOwnProperty`, `constructor`, `__proto__`),
 * which a lookup could mistake for a parameter. Each refusal is a 400 naming the field.
 */
const KEY = 'warning.obligor';
const GRANTS = `/api/v1/authority/grants/BR-SH/${KEY}/versions`;
const OVERLAYS = `/api/v1/authority/overlays/BR-SH/${KEY}/versions`;

let app: TestApp;
const as: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'error' });
  await createOrgUnits(app, [['BR-SH', 'HQ']]);
  for (const [name, roles, unit] of [
    ['hq-owner', ['policy-owner'], 'HQ'],
    ['hq-approver', ['approver'], 'HQ'],
    ['sh-owner', ['policy-owner'], 'BR-SH'],
  ] as const) {
    as[name] = await app.createUserAndLogin(name, [...roles], unit);
  }
  // Shanghai may choose watch grades among C, D and E.
  const grant = { inheritToSubBranches: false, parameters: { watchGrades: { allowedValues: ['C', 'D', 'E'] }, orangeDpd: { min: 20, max: 40 } } };
  const draft = await app.request<{ version: number }>('POST', GRANTS, { body: { basedOnVersion: 0, grant }, as: as['hq-owner'] });
  expect(draft.status).toBe(201);
  for (const [step, who] of [
    ['submit', 'hq-owner'],
    ['approve', 'hq-approver'],
    ['publish', 'hq-approver'],
  ] as const) {
    expect((await app.request('POST', `${GRANTS}/1/${step}`, { body: {}, as: as[who] })).status).toBe(200);
  }
});
afterAll(() => app.close());

const details = (response: { body: ErrorBody }) => response.body.error.details.map((detail) => detail.path);

test('an overlay list of values must hold at least one item and no item twice', async () => {
  for (const watchGrades of [[], ['D', 'D']]) {
    const response = await app.request<ErrorBody>('POST', OVERLAYS, { body: { basedOnVersion: 0, values: { watchGrades } }, as: as['sh-owner'] });
    expect(response.status).toBe(400);
    expect(details(response)).toContain('/body/values/watchGrades');
  }
  // A proper list is accepted.
  expect((await app.request('POST', OVERLAYS, { body: { basedOnVersion: 0, values: { watchGrades: ['C', 'D'] } }, as: as['sh-owner'] })).status).toBe(201);
});

test('names of object members are refused as parameter names in overlays, grants and rule sets', async () => {
  for (const name of ['hasOwnProperty', 'constructor', 'toString', 'valueOf']) {
    const overlay = await app.request<ErrorBody>('PUT', `${OVERLAYS}/1`, { body: { revision: 1, values: { [name]: 30 } }, as: as['sh-owner'] });
    expect(overlay.status).toBe(400);
    expect(details(overlay)).toContain(`/body/values/${name}`);
    const grant = await app.request<ErrorBody>('POST', GRANTS, {
      body: { basedOnVersion: 1, grant: { inheritToSubBranches: false, parameters: { [name]: { min: 1 } } } },
      as: as['hq-owner'],
    });
    expect(grant.status).toBe(400);
    expect(details(grant)).toContain(`/body/grant/parameters/${name}`);
    const content = standardContent(KEY);
    content.parameters[name] = { value: 1, description: 'a parameter named like an object member' } as never;
    const ruleSet = await app.request<ErrorBody>('POST', `/api/v1/rulesets/${KEY}/versions`, {
      body: { basedOnVersion: 1, ruleSet: content },
      as: as['hq-owner'],
    });
    expect(ruleSet.status).toBe(400);
    expect(details(ruleSet)).toContain(`/body/ruleSet/parameters/${name}`);
  }
  // __proto__ arrives as an own key only in raw JSON.
  const proto = await app.request<ErrorBody>('PUT', `${OVERLAYS}/1`, {
    rawBody: '{"revision":1,"values":{"__proto__":30}}',
    headers: { 'content-type': 'application/json' },
    as: as['sh-owner'],
  });
  expect(proto.status).toBe(400);
  expect(details(proto)).toContain('/body/values/__proto__');
});

test('a rule referring to a parameter named like an object member finds no such parameter', async () => {
  const content = standardContent(KEY);
  const rule = content.rules[0] as unknown as { conditions: { all: { value: unknown }[] } };
  rule.conditions.all[1]!.value = { param: 'toString' };
  const draft = await app.request<{ version: number }>('POST', `/api/v1/rulesets/${KEY}/versions`, {
    body: { basedOnVersion: 1, ruleSet: content },
    as: as['hq-owner'],
  });
  expect(draft.status).toBe(201);
  const submitted = await app.request<ErrorBody>('POST', `/api/v1/rulesets/${KEY}/versions/${draft.body.version}/submit`, { body: {}, as: as['hq-owner'] });
  expect(submitted.status).toBe(422);
  expect(submitted.body.error.details).toEqual(
    expect.arrayContaining([expect.objectContaining({ path: '/ruleSet/rules/0/conditions/all/1/value', message: 'undefined parameter "toString"' })]),
  );
});
