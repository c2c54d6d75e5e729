import type { TestApp } from '../../support/test-app';

/** Valid bodies for the stress-test writes, so the scope walk (test/api/scope-walk.test.ts) reaches the scope check rather than a 400. */
export const STRESS_BODIES: Record<string, unknown> = {
  'post /stress-tests/:resultId/approve': { revision: 1 },
};

/** A Beijing and an HQ stress test with their financials, for the walk: a Shanghai user must get 404 or 403 on each. */
export async function stressFixtures(app: TestApp): Promise<Record<string, { label: string; params: Record<string, string> }[]>> {
  const results: { label: string; params: Record<string, string> }[] = [];
  const financials: { label: string; params: Record<string, string> }[] = [];
  for (const orgUnit of ['BR-BJ', 'HQ']) {
    const figures = { premiumCollected: 100, recoveries: 0, reinsuranceRecoveries: 0, claimsPaid: 50, expenses: 10, cededPremium: 10, taxRatePercent: 25 };
    const body = { orgUnit, period: '2025-Q2', revision: 0, ...figures, actualCapital: 1000, coreCapital: 800, minimumCapital: 500 };
    const stored = await app.request('POST', '/api/v1/stress-tests/financials', { body });
    if (stored.status !== 200) throw new Error(`financials of ${orgUnit}: ${stored.status} ${stored.text}`);
    const run = await app.request<{ resultId: string }>('POST', '/api/v1/stress-tests', { body: { orgUnit, period: '2025-Q2' } });
    if (run.status !== 200) throw new Error(`stress test of ${orgUnit}: ${run.status} ${run.text}`);
    results.push({ label: `a stress test of ${orgUnit}`, params: { resultId: run.body.resultId } });
    financials.push({ label: `stress-test financials of ${orgUnit}`, params: { orgUnit, period: '2025-Q2' } });
  }
  return { '/stress-tests/:resultId': results, '/stress-tests/financials/:orgUnit/:period': financials };
}
