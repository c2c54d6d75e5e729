import type { ErrorBody } from '../authority/helpers';
import { seedObligors } from '../collections/gate-helpers';
import { runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { agency, TEMPLATE_CONTENT, today } from '../vendors/placement-helpers';

/**
 * Complaints feeding the agency scorecards, and the two gaps of the intake: over HTTP on the real
 * database. A complaint names an agency the register holds (422 otherwise); a complaint about an
 * agency counts in that agency's next scorecard, per thousand cases placed with it in the month (a
 * rejected one does not); a handler opens the sealed complainant contact for the feedback, audited,
 * never logged.
 */
let app: TestApp;
const logLines: string[] = [];
const as = {} as { maker: string; checker: string; operator: string; auditor: string };
const month = today.slice(0, 7);
let agencyId = '';
const PHONE = '+86 135 2468 1357';

interface Card {
  complaints: { status: string; score: number | null; complaintsPerThousandCases: number | null; complaints?: number | null; placedCases?: number | null };
}
interface Detail {
  complaint: { complaintId: string; revision: number; status: string };
}

const intake = (subject: Record<string, unknown>, token = as.operator) =>
  app.request<Detail & ErrorBody>('POST', '/api/v1/complaints', {
    as: token,
    body: { channel: 'phone', complainant: { name: 'Wang Feeds', phone: PHONE }, subject, summary: 'agency called at night', complexity: 'simple' },
  });

async function scorecard(): Promise<Card> {
  const run = await app.request('POST', '/api/v1/vendors/scorecards/run', { as: as.maker, body: { month } });
  expect([run.status, run.status === 200 ? '' : run.text]).toEqual([200, '']);
  const card = await app.request<Card>('GET', `/api/v1/vendors/${agencyId}/scorecards/${month}`);
  expect(card.status).toBe(200);
  return card.body;
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'debug' }, { logLines });
  await app.platform.startJobs();
  await seedObligors(app, ['OB-F1', 'OB-F2']);
  as.maker = await app.createUserAndLogin('feeds-maker', ['policy-owner'], 'HQ');
  as.checker = await app.createUserAndLogin('feeds-checker', ['approver'], 'HQ');
  as.operator = await app.createUserAndLogin('feeds-operator', ['branch-operator'], 'BR-SH');
  as.auditor = await app.createUserAndLogin('feeds-auditor', ['auditor'], 'BR-SH');
  await runJob(app, 'collection-cases', { asOf: '2026-11-20' });
  const cases = await app.request<{ items: { caseId: string; obligorId: string }[] }>('GET', '/api/v1/collection/cases?status=open');
  agencyId = (await agency(app, { maker: as.maker, checker: as.checker })).agencyId;
  const template = await app.request('POST', '/api/v1/agreement-templates', {
    as: as.maker,
    body: { templateId: 'collection-std', title: '委外催收标准协议', content: TEMPLATE_CONTENT },
  });
  expect(template.status).toBe(201);
  const signed = await app.request<{ status: string }>('POST', `/api/v1/vendors/${agencyId}/agreements`, {
    as: as.maker,
    body: { orgUnit: 'HQ', templateId: 'collection-std', templateVersion: 1, signedOn: today, validFrom: today, capacity: 5 },
  });
  expect([signed.status, signed.body.status]).toEqual([201, 'active']);
  for (const item of cases.body.items) {
    const placed = await app.request('POST', '/api/v1/placements', { as: as.operator, body: { caseKind: 'collection', caseId: item.caseId, agencyId } });
    expect([placed.status, placed.status === 201 ? '' : placed.text]).toEqual([201, '']);
  }
}, 180_000);
afterAll(() => app.close());

test('a complaint about an agency the register does not hold is 422 unknown_agency, naming the field', async () => {
  const refused = await intake({ kind: 'agency', agencyId: 'AG-NOWHERE' });
  expect([refused.status, refused.body.error?.code, refused.body.error?.details]).toEqual([
    422,
    'unknown_agency',
    [expect.objectContaining({ path: '/body/subject/agencyId' })],
  ]);
});

test("a complaint about an agency shows up in the agency's next scorecard, per thousand placed cases; a rejected one does not count", async () => {
  const before = await scorecard();
  expect(before.complaints).toEqual({ status: 'known', score: 100, complaintsPerThousandCases: 0, complaints: 0, placedCases: 2 });

  expect((await intake({ kind: 'agency', agencyId, obligorId: 'OB-F1' })).status).toBe(201);
  const rejected = await intake({ kind: 'agency', agencyId, obligorId: 'OB-F2' });
  const reject = await app.request('POST', `/api/v1/complaints/${rejected.body.complaint.complaintId}/reject`, {
    as: as.operator,
    body: { revision: 1, reasons: ['not a complaint: a question about the balance'] },
  });
  expect(reject.status).toBe(200);

  const after = await scorecard();
  // One complaint on two placed cases: 500 per thousand.
  expect(after.complaints).toMatchObject({ status: 'known', complaints: 1, placedCases: 2, complaintsPerThousandCases: 500 });
  expect(after.complaints.score).toBeLessThan(100);
});

test('a handler opens the sealed complainant contact for the feedback: audited without the values, never logged; not before the decision, not for an auditor', async () => {
  const created = await intake({ kind: 'other' });
  const complaintId = created.body.complaint.complaintId;
  const open = (token: string) =>
    app.request<{ complainant: { name: string; phone?: string }; purpose: string } & ErrorBody>('POST', `/api/v1/complaints/${complaintId}/complainant/open`, {
      as: token,
      body: { purpose: 'feedback' },
    });
  const early = await open(as.operator);
  expect([early.status, early.body.error?.code]).toEqual([409, 'invalid_state']);
  const rejected = await app.request('POST', `/api/v1/complaints/${complaintId}/reject`, {
    as: as.operator,
    body: { revision: 1, reasons: ['outside our business'] },
  });
  expect(rejected.status).toBe(200);
  expect((await open(as.auditor)).status).toBe(403);
  const bad = await app.request<ErrorBody>('POST', `/api/v1/complaints/${complaintId}/complainant/open`, { as: as.operator, body: { purpose: 'gossip' } });
  expect([bad.status, bad.body.error?.details?.[0]?.path]).toEqual([400, '/body/purpose']);

  const opened = await open(as.operator);
  expect([opened.status, opened.body.purpose, opened.body.complainant]).toEqual([200, 'feedback', { name: 'Wang Feeds', phone: PHONE }]);
  const audit = await app.request<{ items: { action: string; actor: string }[] }>(
    'GET',
    `/api/v1/audit?entityKind=complaint&entityId=${encodeURIComponent(complaintId)}`,
  );
  expect(audit.body.items.map((entry) => [entry.action, entry.actor])).toContainEqual(['open-complainant-contact', 'feeds-operator']);
  expect(audit.text).not.toContain('Wang Feeds');
  expect(audit.text).not.toContain('2468');
  const logged = logLines.join('\n');
  expect(logged).not.toContain('Wang Feeds');
  expect(logged).not.toContain('2468 1357');
});
