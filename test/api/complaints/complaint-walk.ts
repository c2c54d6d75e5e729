import type { TestApp } from '../../support/test-app';

/** Valid bodies for the complaint steps, so the scope walk (test/api/scope-walk.test.ts) reaches the scope check rather than a 400. */
export const COMPLAINT_BODIES: Record<string, unknown> = {
  'post /complaints/:complaintId/accept': { revision: 1, evidence: { note: 'walk' } },
  'post /complaints/:complaintId/reject': { revision: 1, reasons: ['walk'] },
  'post /complaints/:complaintId/investigate': { revision: 1, note: 'walk' },
  'post /complaints/:complaintId/extend': { revision: 1, extendedUntil: '2099-01-01', reason: 'walk' },
  'post /complaints/:complaintId/decide': { revision: 1, outcome: 'not-upheld', responsibility: [{ party: 'none', upheld: false }], note: 'walk' },
  'post /complaints/:complaintId/mediate': { revision: 1, mediator: 'walk', startedOn: '2025-08-01' },
  'post /complaints/:complaintId/feedback': { revision: 1, givenOn: '2025-08-01', channel: 'phone' },
  'post /complaints/:complaintId/callback': { revision: 1, calledOn: '2025-08-01', result: 'satisfied' },
  'post /complaints/:complaintId/root-cause': { revision: 1, code: 'other', text: 'walk' },
  'post /complaints/:complaintId/submit': { revision: 1 },
  'post /complaints/:complaintId/review': { revision: 1, outcome: 'close' },
  'post /complaints/:complaintId/complainant/open': { purpose: 'feedback' },
  'put /complaints/settings/:orgUnit': {
    seniorManager: { title: 't', userName: 'u' },
    department: 'd',
    internetBusiness: false,
    channels: { online: 'https://x' },
  },
};

/** A Beijing and an HQ complaint, and their units' settings, for the walk: a Shanghai user must get 404 or 403 on each. */
export async function complaintFixtures(app: TestApp): Promise<Record<string, { label: string; params: Record<string, string> }[]>> {
  const ids: string[] = [];
  for (const orgUnit of ['BR-BJ', 'HQ']) {
    const response = await app.request<{ complaint: { complaintId: string } }>('POST', '/api/v1/complaints', {
      body: { orgUnit, channel: 'phone', complainant: { name: 'walk', phone: '10000' }, subject: { kind: 'other' }, summary: 'walk', complexity: 'simple' },
    });
    if (response.status !== 201) throw new Error(`complaint fixture for ${orgUnit}: ${response.status} ${response.text}`);
    ids.push(response.body.complaint.complaintId);
  }
  return {
    '/complaints/:complaintId': [
      { label: 'a Beijing complaint', params: { complaintId: ids[0]! } },
      { label: 'an HQ complaint', params: { complaintId: ids[1]! } },
    ],
    '/complaints/settings/:orgUnit': [
      { label: "Beijing's complaint settings", params: { orgUnit: 'BR-BJ' } },
      { label: "HQ's complaint settings", params: { orgUnit: 'HQ' } },
    ],
  };
}
