import type { TestApp } from '../../support/test-app';

/** Valid bodies for the record steps, so the scope walk (test/api/scope-walk.test.ts) reaches the scope check rather than a 400. */
export const UNDERWRITING_BODIES: Record<string, unknown> = {
  'post /underwriting/records/:recordId/rectification': { revision: 1, note: 'walk' },
  'post /underwriting/records/:recordId/confirm': { revision: 1 },
  'post /underwriting/records/:recordId/end': { revision: 1 },
};

/** A Beijing and an HQ funder-notice block, and a Beijing and an HQ (internet business) obligor of the walk's book: a Shanghai user gets 404 on each. */
export async function underwritingFixtures(app: TestApp): Promise<Record<string, { label: string; params: Record<string, string> }[]>> {
  const ids: string[] = [];
  for (const [obligorId, orgUnit] of [
    ['OB-D', 'BR-BJ'],
    ['OB-C', 'HQ'],
  ]) {
    const response = await app.request<{ record: { recordId: string } }>('POST', '/api/v1/underwriting/notices', {
      body: { obligorId, orgUnit, funder: 'walk', date: '2025-08-01', evidenceRef: 'walk' },
    });
    if (response.status !== 201) throw new Error(`underwriting fixture for ${orgUnit}: ${response.status} ${response.text}`);
    ids.push(response.body.record.recordId);
  }
  return {
    '/underwriting/records/:recordId': [
      { label: 'a Beijing funder-notice block', params: { recordId: ids[0]! } },
      { label: 'an HQ funder-notice block', params: { recordId: ids[1]! } },
    ],
    '/underwriting/checks/:obligorId': [
      { label: 'a Beijing obligor', params: { obligorId: 'OB-D' } },
      { label: 'an internet-business obligor booked by Beijing', params: { obligorId: 'OB-C' } },
    ],
  };
}
