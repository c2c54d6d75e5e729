import { creditCodeCheckCharacter } from '../../../server/vendors/credit-code';
import type { TestApp } from '../../support/test-app';

/** Valid bodies for the partner routes, so the scope walk (test/api/scope-walk.test.ts) reaches the scope check rather than a 400. */
export const PARTNER_BODIES: Record<string, unknown> = {
  'put /partners/:partnerId': { revision: 1, partnerName: 'walk' },
  'post /partners/:partnerId/violations': { type: 'concealed-fund-use', occurredOn: '2026-01-10', evidence: { note: 'walk' }, loanIds: [] },
  'post /partners/:partnerId/reviews': { month: '2026-03' },
  'post /partner-violations/:violationId/confirm': { revision: 1 },
};

/** A Beijing and an HQ channel partner, each with a violation, for the walk: a Shanghai user must get 404 on each. */
export async function partnerFixtures(app: TestApp): Promise<Record<string, { label: string; params: Record<string, string> }[]>> {
  const partners: string[] = [];
  const violations: string[] = [];
  for (const [index, orgUnit] of ['BR-BJ', 'HQ'].entries()) {
    const first17 = `9131000000000000${index}`;
    const creditCode = `${first17}${creditCodeCheckCharacter(first17)}`;
    const agreement = { number: `walk-${index}`, signedOn: '2026-01-01', startsOn: '2026-01-01', endsOn: '2026-12-31', feeRateBp: 100, penalties: [] };
    const created = await app.request('POST', '/api/v1/partners', {
      body: { creditCode, partnerName: `walk ${orgUnit}`, orgUnit, channelCodes: [`walk-${orgUnit}`], agreement },
    });
    if (created.status !== 201) throw new Error(`partner fixture for ${orgUnit}: ${created.status} ${created.text}`);
    const recorded = await app.request<{ violation: { violationId: string } }>('POST', `/api/v1/partners/${creditCode}/violations`, {
      body: PARTNER_BODIES['post /partners/:partnerId/violations'],
    });
    if (recorded.status !== 201) throw new Error(`violation fixture for ${orgUnit}: ${recorded.status} ${recorded.text}`);
    partners.push(creditCode);
    violations.push(recorded.body.violation.violationId);
  }
  return {
    '/partners/:partnerId': [
      { label: 'a Beijing partner', params: { partnerId: partners[0]! } },
      { label: 'an HQ partner', params: { partnerId: partners[1]! } },
    ],
    '/partner-violations/:violationId': [
      { label: "a Beijing partner's violation", params: { violationId: violations[0]! } },
      { label: "an HQ partner's violation", params: { violationId: violations[1]! } },
    ],
  };
}
