import { standardContent } from '../rulesets/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/** The studio's own endpoint: try-it on any version (drafts too), not logged. */
describe('studio routes', () => {
  let app: TestApp;
  let owner: string;
  const facts = { customerTier: 'near-prime', channel: 'bank-branch', monthsOnBook: 12, overdueAmount: 3000, dpd: 35 };

  beforeAll(async () => {
    app = await startTestApp();
    owner = await app.createUserAndLogin('olivia', ['policy-owner']);
  });
  afterAll(() => app.close());

  it('tries a draft and the published version with explanations, without logging a decision', async () => {
    const content = standardContent('warning.obligor');
    content.parameters.orangeDpd!.value = 40;
    const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/warning.obligor/versions', {
      as: owner,
      body: { basedOnVersion: 1, ruleSet: content },
    });
    expect(draft.status).toBe(201);

    type Tried = {
      ruleSet: { version: number };
      state: string;
      events: { params: { level: string } }[];
      explanation: { rules: { name: string; result: boolean }[] };
    };
    const mine = await app.request<Tried>('POST', `/api/v1/rulesets/warning.obligor/versions/${draft.body.version}/try`, { as: owner, body: { facts } });
    const published = await app.request<Tried>('POST', '/api/v1/rulesets/warning.obligor/versions/1/try', { as: owner, body: { facts } });
    expect(mine.status).toBe(200);
    expect(mine.body.state).toBe('draft');
    expect(mine.body.events.map((event) => event.params.level)).toEqual(['yellow']);
    expect(published.body.events.map((event) => event.params.level)).toEqual(['orange']);
    expect(mine.body.explanation.rules.find((rule) => rule.name === 'yellow-dpd')!.result).toBe(true);

    const decisions = await app.request<{ items: unknown[] }>('GET', '/api/v1/decisions?ruleSet=warning.obligor');
    expect(decisions.body.items ?? []).toHaveLength(0);
  });

  it('reports facts that do not fit the family with their paths', async () => {
    const response = await app.request<{ error: { code: string; details: { path: string }[] } }>('POST', '/api/v1/rulesets/warning.obligor/versions/1/try', {
      as: owner,
      body: { facts: { dpd: 'many' } },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_facts');
    expect(response.body.error.details.map((detail) => detail.path)).toContain('/body/facts/dpd');
  });

  it('refuses callers without a studio role', async () => {
    const operator = await app.createUserAndLogin('bo', ['branch-operator']);
    const response = await app.request('POST', '/api/v1/rulesets/warning.obligor/versions/1/try', { as: operator, body: { facts } });
    expect(response.status).toBe(403);
  });
});
