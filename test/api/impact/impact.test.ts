import { importSyntheticBook } from '../../support/synthetic-import';
import { standardContent } from '../rulesets/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

type Impact = {
  againstVersion: number | null;
  obligors: number;
  evaluated: number;
  changesTruncated: boolean;
  totals: { from: string; to: string; count: number }[];
  segments: { customerTier: string; channel: string; obligors: number; transitions: { from: string; to: string; count: number }[] }[];
  changes: { obligorId: string; dpd: number; customerTier: string; from: string; to: string }[];
};

/** Impact preview over the generated demo book: the numbers add up and match single evaluations. */
describe('impact preview', () => {
  let app: TestApp;
  let owner: string;

  beforeAll(async () => {
    app = await startTestApp();
    // A small generated book (the demo's 2,000 loans take minutes to import on FerretDB).
    await importSyntheticBook(app, { loans: 300, months: 18, seed: 7 });
    owner = await app.createUserAndLogin('olivia', ['policy-owner']);
  }, 180000);
  afterAll(() => app.close());

  it('raising the orange threshold moves obligors from orange to yellow, and only those', async () => {
    const content = standardContent('warning.obligor');
    content.parameters.orangeDpd!.value = 40;
    const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/warning.obligor/versions', {
      as: owner,
      body: { basedOnVersion: 1, ruleSet: content },
    });
    const response = await app.request<Impact>('POST', `/api/v1/rulesets/warning.obligor/versions/${draft.body.version}/impact`, {
      as: owner,
      body: { sample: 20000 },
    });
    expect(response.status).toBe(200);
    const impact = response.body;
    expect(impact.againstVersion).toBe(1);
    expect(impact.evaluated).toBe(impact.obligors);
    expect(impact.totals.reduce((sum, cell) => sum + cell.count, 0)).toBe(impact.evaluated);
    expect(impact.segments.reduce((sum, segment) => sum + segment.obligors, 0)).toBe(impact.evaluated);
    const moved = impact.totals.filter((cell) => cell.from !== cell.to);
    expect(impact.changes.length).toBeGreaterThan(0);
    if (!impact.changesTruncated) expect(impact.changes).toHaveLength(moved.reduce((sum, cell) => sum + cell.count, 0));
    // The only change a higher orange threshold can make for prime/standard tiers: orange -> yellow, 30..39 dpd.
    for (const change of impact.changes) {
      expect(change.customerTier).not.toBe('subprime');
      expect([change.from, change.to]).toEqual(['orange', 'yellow']);
      expect(change.dpd).toBeGreaterThanOrEqual(30);
      expect(change.dpd).toBeLessThan(40);
    }
    // Published vs itself: nothing moves.
    const same = await app.request<Impact>('POST', '/api/v1/rulesets/warning.obligor/versions/1/impact', { as: owner, body: {} });
    expect(same.body.changes).toHaveLength(0);
  }, 120000);

  it('refuses families that are not evaluated over obligor facts', async () => {
    const response = await app.request<{ error: { code: string } }>('POST', '/api/v1/rulesets/claim.trigger/versions/1/impact', { as: owner, body: {} });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('impact_unsupported');
  });
});
