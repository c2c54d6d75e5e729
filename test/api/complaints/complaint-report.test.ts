import { seedObligors } from '../collections/gate-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { today } from '../vendors/placement-helpers';

/**
 * The monthly business-quality report's complaint section over HTTP on the real database, for HQ
 * and a branch: the month's complaints by subject and unit, per 10,000 obligors in force at the
 * month end, and the days from receipt to closure of those closed in the month.
 */
let app: TestApp;
const as = {} as { sh: string; bj: string; reviewer: string; hqAuditor: string };
const month = today.slice(0, 7);

interface Statistics {
  month: string;
  received: number;
  closed: number;
  rejected: number;
  obligors: number;
  perTenThousandObligors: number | null;
  bySubject: Record<string, number>;
  byOrgUnit: { orgUnit: string; received: number; obligors: number; perTenThousandObligors: number | null }[];
  daysToClose: { closed: number; median: number | null; p90: number | null };
}

async function intake(token: string, subject: Record<string, unknown>): Promise<{ complaintId: string; revision: number }> {
  const response = await app.request<{ complaint: { complaintId: string; revision: number } }>('POST', '/api/v1/complaints', {
    as: token,
    body: {
      channel: 'letter',
      receivedAt: `${today}T00:00:01Z`,
      complainant: { name: 'Zhao Report', phone: '13800002222' },
      subject,
      summary: 'x',
      complexity: 'simple',
    },
  });
  expect([response.status, response.status === 201 ? '' : response.text]).toEqual([201, '']);
  return response.body.complaint;
}
async function step(token: string, complaint: { complaintId: string; revision: number }, action: string, body: Record<string, unknown>) {
  const response = await app.request<{ complaint: { complaintId: string; revision: number; status: string } }>(
    'POST',
    `/api/v1/complaints/${complaint.complaintId}/${action}`,
    { as: token, body: { revision: complaint.revision, ...body } },
  );
  expect([action, response.status, response.status === 200 ? '' : response.text]).toEqual([action, 200, '']);
  return response.body.complaint;
}
const report = async (token: string) => {
  const response = await app.request<{ complaints?: Statistics }>('GET', `/api/v1/reports/business-quality?month=${month}`, { as: token });
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  return response.body.complaints;
};

beforeAll(async () => {
  app = await startTestApp();
  // Four obligors in Shanghai, one in Beijing, each with a loan outstanding.
  await seedObligors(app, ['OB-R1', 'OB-R2', 'OB-R3', 'OB-R4'], ['OB-R5']);
  as.sh = await app.createUserAndLogin('rp-op-sh', ['branch-operator'], 'BR-SH');
  as.bj = await app.createUserAndLogin('rp-op-bj', ['branch-operator'], 'BR-BJ');
  as.reviewer = await app.createUserAndLogin('rp-reviewer-sh', ['approver'], 'BR-SH');
  as.hqAuditor = await app.createUserAndLogin('rp-auditor-hq', ['auditor'], 'HQ');
}, 90_000);
afterAll(() => app.close());

test("the report shows the month's complaint figures, for HQ and for a branch", async () => {
  expect(await report(as.hqAuditor)).toMatchObject({ received: 0, closed: 0, obligors: 5, perTenThousandObligors: 0 });

  await intake(as.sh, { kind: 'collection-conduct', obligorId: 'OB-R1' });
  await intake(as.sh, { kind: 'other' });
  await intake(as.bj, { kind: 'other' });
  // One Shanghai complaint is rejected, told and closed by the review the same day.
  let closing = await intake(as.sh, { kind: 'insurer-staff' });
  closing = await step(as.sh, closing, 'reject', { reasons: ['not about our business'] });
  closing = await step(as.sh, closing, 'feedback', { givenOn: today, channel: 'phone' });
  closing = await step(as.sh, closing, 'submit', {});
  expect((await step(as.reviewer, closing, 'review', { outcome: 'close' })).status).toBe('closed');

  const hq = await report(as.hqAuditor);
  expect(hq).toMatchObject({
    month,
    received: 4,
    closed: 1,
    rejected: 1,
    obligors: 5,
    perTenThousandObligors: 8000,
    bySubject: { 'collection-conduct': 1, other: 2, 'insurer-staff': 1 },
    daysToClose: { closed: 1, median: 0, p90: 0 },
  });
  expect(hq!.byOrgUnit).toEqual(
    expect.arrayContaining([
      { orgUnit: 'BR-SH', received: 3, obligors: 4, perTenThousandObligors: 7500 },
      { orgUnit: 'BR-BJ', received: 1, obligors: 1, perTenThousandObligors: 10000 },
    ]),
  );

  const shanghai = await report(as.sh);
  expect(shanghai).toMatchObject({
    received: 3,
    closed: 1,
    obligors: 4,
    perTenThousandObligors: 7500,
    bySubject: { 'collection-conduct': 1, other: 1, 'insurer-staff': 1 },
  });
  expect(shanghai!.byOrgUnit.map((row) => row.orgUnit)).toEqual(['BR-SH']);
});

test('the printable report (business-quality.html) shows the same complaint figures, for HQ and for a branch', async () => {
  const printable = async (token: string) => {
    const response = await app.request('GET', `/api/v1/reports/business-quality.html?month=${month}`, { as: token });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/html')]);
    return response.text;
  };
  const figure = (html: string, name: string) => new RegExp(`data-figure="${name}">([^<]*)<`).exec(html)?.[1];
  for (const token of [as.hqAuditor, as.sh]) {
    const figures = (await report(token))!;
    expect(figures.received).toBeGreaterThan(0);
    const html = await printable(token);
    expect(html).toContain('<h2>投诉 Complaints</h2>');
    expect({
      received: figure(html, 'complaints-received'),
      closed: figure(html, 'complaints-closed'),
      rejected: figure(html, 'complaints-rejected'),
      rate: figure(html, 'complaints-per-10000'),
      median: figure(html, 'complaints-days-median'),
      other: figure(html, 'complaints-subject-other'),
      conduct: figure(html, 'complaints-subject-collection-conduct'),
      shanghai: figure(html, 'complaints-unit-BR-SH'),
    }).toEqual({
      received: String(figures.received),
      closed: String(figures.closed),
      rejected: String(figures.rejected),
      rate: figures.perTenThousandObligors!.toFixed(2),
      median: String(figures.daysToClose.median),
      other: String(figures.bySubject.other),
      conduct: String(figures.bySubject['collection-conduct']),
      shanghai: String(figures.byOrgUnit.find((row) => row.orgUnit === 'BR-SH')!.received),
    });
    expect(html).toContain('催收行为 Collection conduct');
  }
});
