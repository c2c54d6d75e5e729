import { createOrgUnits, type ErrorBody } from '../authority/helpers';
import { RecordingSink } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { agency as registerAgency } from '../vendors/placement-helpers';

/**
 * Complaints over HTTP on the real database (Arts 24-31): numbered uniquely under concurrent
 * intake, worked step by step against the revision read, closed only by an independent review of
 * a complete record (else sent back for rework with what is missing), scoped to the branch, and
 * the complainant's personal data never in a log line or a webhook payload.
 */
let app: TestApp;
const sink = new RecordingSink();
const logLines: string[] = [];
/** An agency in the register (applied is enough): a complaint about an agency must name one it holds. */
let agencyId = '';
const as = {} as { sh: string; sh2: string; bj: string; approver: string; reviewer: string };

const NAME = 'Zhang Weiqiang-Complainant';
const PHONE = '+86 139 8765 4321';
const EMAIL = 'zhang.weiqiang@example.org';
const ADDRESS = '88 Huaihai Road Flat 1203';
const PERSONAL = [NAME, PHONE, '13987654321', EMAIL, ADDRESS];

interface ComplaintView {
  complaintId: string;
  orgUnit: string;
  status: string;
  revision: number;
  receivedOn: string;
  acceptedOn: string | null;
  decidedOn: string | null;
  closedOn: string | null;
  extendedUntil: string | null;
  complainant: { nameMasked: string; contactMasked: string[] };
  review: { outcome: string; missing: string[]; by: string } | null;
}
interface Detail {
  complaint: ComplaintView;
  history: { revision: number; action: string; actor: string }[];
}

const intakeBody = (overrides: Record<string, unknown> = {}) => ({
  channel: 'phone',
  complainant: { name: NAME, phone: PHONE, email: EMAIL, address: ADDRESS },
  subject: { kind: 'agency', agencyId, obligorId: 'OB-1', caseId: 'CC-1' },
  summary: 'The agency called at night several times.',
  complexity: 'simple',
  ...overrides,
});

async function intake(token: string, overrides: Record<string, unknown> = {}): Promise<Detail> {
  const response = await app.request<Detail>('POST', '/api/v1/complaints', { as: token, body: intakeBody(overrides) });
  expect([response.status, response.status === 201 ? '' : response.text]).toEqual([201, '']);
  return response.body;
}

async function act(token: string, complaint: ComplaintView, action: string, body: Record<string, unknown>, status = 200) {
  const response = await app.request<Detail & ErrorBody>('POST', `/api/v1/complaints/${complaint.complaintId}/${action}`, {
    as: token,
    body: { revision: complaint.revision, ...body },
  });
  expect([action, response.status, response.status === status ? '' : response.text]).toEqual([action, status, '']);
  return response.body;
}

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'debug' }, { eventSink: sink, logLines });
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  as.sh = await app.createUserAndLogin('cp-op-sh', ['branch-operator'], 'BR-SH');
  as.sh2 = await app.createUserAndLogin('cp-op-sh2', ['branch-operator'], 'BR-SH');
  as.bj = await app.createUserAndLogin('cp-op-bj', ['branch-operator'], 'BR-BJ');
  as.approver = await app.createUserAndLogin('cp-approver-sh', ['approver', 'branch-operator'], 'BR-SH');
  as.reviewer = await app.createUserAndLogin('cp-reviewer-sh', ['approver'], 'BR-SH');
  const maker = await app.createUserAndLogin('cp-vendor-maker', ['policy-owner'], 'HQ');
  agencyId = (await registerAgency(app, { maker, checker: maker }, { admitted: false })).agencyId;
}, 120_000);
afterAll(() => app.close());

test('numbers stay unique under many concurrent intakes, numbered per unit and month', async () => {
  const responses = await Promise.all(
    Array.from({ length: 24 }, () =>
      app.request<Detail>('POST', '/api/v1/complaints', { as: as.sh, body: intakeBody({ receivedAt: '2026-03-15T02:00:00.000Z' }) }),
    ),
  );
  expect(responses.map((response) => response.status)).toEqual(responses.map(() => 201));
  const numbers = responses.map((response) => response.body.complaint.complaintId);
  expect(new Set(numbers).size).toBe(24);
  for (const number of numbers) expect(number).toMatch(/^TS-BR-SH-202603-\d{5}$/);
  const sequences = numbers.map((number) => Number(number.slice(-5))).sort((first, second) => first - second);
  expect(sequences[0]).toBe(1);
}, 120_000);

test('a close is refused while required items are missing: the complaint goes back for rework with them listed, then closes once complete', async () => {
  let { complaint } = await intake(as.sh);
  expect(complaint).toMatchObject({ status: 'received', revision: 1, acceptedOn: null });
  complaint = (await act(as.sh, complaint, 'accept', { evidence: { note: 'Call logs show three calls after 21:00', references: ['ACT-9'] } })).complaint;
  expect(complaint.status).toBe('accepted');
  expect(complaint.acceptedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // A stale revision is refused.
  await act(as.sh, { ...complaint, revision: 1 }, 'investigate', { note: 'again' }, 409);
  complaint = (await act(as.approver, complaint, 'extend', { extendedUntil: '2099-01-31', reason: 'Agency records to obtain' })).complaint;
  expect(complaint.extendedUntil).toBe('2099-01-31');
  complaint = (await act(as.sh, complaint, 'investigate', { note: 'Asked the agency for its recordings' })).complaint;
  complaint = (
    await act(as.sh, complaint, 'decide', {
      outcome: 'upheld',
      responsibility: [{ party: 'agency', partyId: agencyId, upheld: true }],
      note: 'Calls outside the permitted hours',
    })
  ).complaint;
  expect(complaint.decidedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  complaint = (await act(as.sh, complaint, 'feedback', { givenOn: '2026-03-20', channel: 'phone' })).complaint;
  complaint = (await act(as.sh, complaint, 'submit', {})).complaint;
  expect(complaint.status).toBe('in-review');

  // A handler may not review; an operator without the approver role may not either.
  await act(as.approver, complaint, 'review', { outcome: 'close' }, 403);
  await act(as.sh2, complaint, 'review', { outcome: 'close' }, 403);
  complaint = (await act(as.reviewer, complaint, 'review', { outcome: 'close' })).complaint;
  expect(complaint.status).toBe('rework');
  expect(complaint.closedOn).toBeNull();
  expect(complaint.review).toMatchObject({ outcome: 'rework', missing: ['callback', 'rootCause'], by: 'cp-reviewer-sh' });
  const reopened = sink.ofType('complaint.reopened').find((event) => event.data.complaintId === complaint.complaintId);
  expect(reopened?.data).toMatchObject({ status: 'rework', missing: ['callback', 'rootCause'] });

  complaint = (await act(as.sh, complaint, 'callback', { calledOn: '2026-03-22', result: 'satisfied' })).complaint;
  complaint = (await act(as.sh, complaint, 'root-cause', { code: 'agency-conduct', text: 'Agency dialler not limited to permitted hours' })).complaint;
  complaint = (await act(as.sh, complaint, 'submit', {})).complaint;
  complaint = (await act(as.reviewer, complaint, 'review', { outcome: 'close' })).complaint;
  expect(complaint.status).toBe('closed');
  expect(complaint.closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const { history } = (await app.request<Detail>('GET', `/api/v1/complaints/${complaint.complaintId}`, { as: as.sh })).body;
  expect(history.map((entry) => entry.action)).toEqual([
    'received',
    'accepted',
    'extended',
    'investigating',
    'decided',
    'feedback',
    'submitted',
    'sent-back',
    'callback',
    'root-cause',
    'submitted',
    'closed',
  ]);
  const types = sink.events.filter((event) => event.data.complaintId === complaint.complaintId).map((event) => event.type);
  expect(types).toEqual([
    'complaint.received',
    'complaint.accepted',
    'complaint.extended',
    'complaint.decided',
    'complaint.review-requested',
    'complaint.reopened',
    'complaint.review-requested',
    'complaint.closed',
  ]);
}, 120_000);

test('a rejected complaint closes with its reasons and the feedback; a step out of order is 409', async () => {
  let { complaint } = await intake(as.sh, { subject: { kind: 'other' } });
  await act(as.sh, complaint, 'decide', { outcome: 'upheld', responsibility: [{ party: 'none', upheld: false }], note: 'x' }, 409);
  complaint = (await act(as.sh, complaint, 'reject', { reasons: ['Not about the insurer or its partners'] })).complaint;
  complaint = (await act(as.sh, complaint, 'feedback', { givenOn: '2026-03-02', channel: 'letter' })).complaint;
  complaint = (await act(as.sh, complaint, 'submit', {})).complaint;
  complaint = (await act(as.reviewer, complaint, 'review', { outcome: 'close' })).complaint;
  expect(complaint.status).toBe('closed');
}, 60_000);

test("a branch sees only its complaints: another branch's is 404 and absent from its queue", async () => {
  const { complaint: bj } = await intake(as.bj, { subject: { kind: 'insurer-staff' } });
  expect(bj.complaintId).toMatch(/^TS-BR-BJ-/);
  expect((await app.request('GET', `/api/v1/complaints/${bj.complaintId}`, { as: as.sh })).status).toBe(404);
  expect((await app.request('POST', `/api/v1/complaints/${bj.complaintId}/accept`, { as: as.sh, body: { revision: 1, evidence: { note: 'x' } } })).status).toBe(
    404,
  );
  expect((await app.request('GET', `/api/v1/complaints/${bj.complaintId}`, { as: as.bj })).status).toBe(200);
  const shQueue = await app.request<{ items: ComplaintView[] }>('GET', '/api/v1/complaints?limit=500', { as: as.sh });
  expect(shQueue.status).toBe(200);
  expect(shQueue.body.items.length).toBeGreaterThan(0);
  expect(new Set(shQueue.body.items.map((item) => item.orgUnit))).toEqual(new Set(['BR-SH']));
  const bjQueue = await app.request<{ items: ComplaintView[] }>('GET', '/api/v1/complaints?limit=500', { as: as.bj });
  expect(bjQueue.body.items.map((item) => item.complaintId)).toEqual([bj.complaintId]);
  // Filing in another branch is refused.
  expect((await app.request('POST', '/api/v1/complaints', { as: as.sh, body: intakeBody({ orgUnit: 'BR-BJ' }) })).status).toBe(403);
  // HQ sees both.
  const hq = await app.request<{ items: ComplaintView[] }>('GET', '/api/v1/complaints?limit=500');
  expect(new Set(hq.body.items.map((item) => item.orgUnit))).toEqual(new Set(['BR-SH', 'BR-BJ']));
}, 60_000);

test('the queue pages by keyset, newest received first, with no complaint twice or left out', async () => {
  const all = new Set<string>();
  let before: string | undefined;
  let previous = '9999';
  for (let page = 0; page < 20; page++) {
    const response = await app.request<{ items: ComplaintView[]; nextBefore?: string; receivedAt?: string }>(
      'GET',
      `/api/v1/complaints?limit=7${before ? `&before=${encodeURIComponent(before)}` : ''}`,
      { as: as.sh },
    );
    expect(response.status).toBe(200);
    for (const item of response.body.items as (ComplaintView & { receivedAt: string })[]) {
      expect(all.has(item.complaintId)).toBe(false);
      expect(item.receivedAt <= previous).toBe(true);
      previous = item.receivedAt;
      all.add(item.complaintId);
    }
    before = response.body.nextBefore;
    if (!before) break;
  }
  const whole = await app.request<{ items: ComplaintView[] }>('GET', '/api/v1/complaints?limit=500', { as: as.sh });
  expect(all.size).toBe(whole.body.items.length);
}, 60_000);

test('personal data never appears in log lines, webhook payloads, the stored complaint or the audit log; it is shown masked', async () => {
  const { complaint } = await intake(as.sh);
  expect(complaint.complainant.nameMasked).toBe(`Z${'*'.repeat([...NAME].length - 1)}`);
  expect(complaint.complainant.contactMasked).toEqual(['phone ***4321', 'email ***@example.org', 'address ***']);
  // A bad request carrying the same data (it is logged as a refusal) and a stale action.
  const bad = await app.request('POST', '/api/v1/complaints', { as: as.sh, body: { ...intakeBody(), channel: 'pigeon' } });
  expect(bad.status).toBe(400);
  expect(bad.text).not.toContain(NAME);
  await act(as.sh, complaint, 'accept', { evidence: { note: 'ok' } });

  const detail = await app.request('GET', `/api/v1/complaints/${complaint.complaintId}`, { as: as.sh });
  const audit = await app.request('GET', `/api/v1/audit?entityKind=complaint&entityId=${encodeURIComponent(complaint.complaintId)}`);
  expect(audit.status).toBe(200);
  const stored = await app.connection.db!.collection('complaints').findOne({ _id: complaint.complaintId as never });
  const history = await app.connection.db!.collection('complaint_history').find({ subjectId: complaint.complaintId }).toArray();
  const sealed = await app.connection.db!.collection('complaint_complainants').findOne({ _id: complaint.complaintId as never });
  expect(sealed).not.toBeNull();
  const events = sink.events.filter((event) => event.type.startsWith('complaint.'));
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) expect(app.platform.schemas.check('webhooks/webhook-complaint-data', event.data)).toEqual([]);
  expect(logLines.length).toBeGreaterThan(0);
  const places = {
    logs: logLines.join('\n'),
    events: JSON.stringify(events),
    detail: detail.text,
    audit: audit.text,
    stored: JSON.stringify(stored),
    history: JSON.stringify(history),
    sealed: JSON.stringify(sealed),
  };
  for (const [where, text] of Object.entries(places)) for (const value of PERSONAL) expect([where, text.includes(value)]).toEqual([where, false]);
  // The summary (free text) stays out of the webhooks too.
  expect(places.events).not.toContain('called at night');
}, 60_000);

test('the deadline queue: nearest deadline first, those without one last, paged by keyset', async () => {
  const { complaint: a } = await intake(as.bj, { subject: { kind: 'claim' } });
  const { complaint: b } = await intake(as.bj, { subject: { kind: 'claim' } });
  const { complaint: c } = await intake(as.bj, { subject: { kind: 'claim' } });
  // What the complaint.handling run will write (setup only: that run is not built yet).
  const complaints = app.connection.db!.collection('complaints');
  for (const [id, day] of [
    [a.complaintId, '2026-04-20'],
    [b.complaintId, '2026-04-10'],
  ] as const)
    await complaints.updateOne({ _id: id as never }, { $set: { nextDeadline: day, deadlineOrder: day } });
  const seen: string[] = [];
  let before: string | undefined;
  for (let page = 0; page < 10; page++) {
    const response = await app.request<{ items: ComplaintView[]; nextBefore?: string }>(
      'GET',
      `/api/v1/complaints?order=deadline&limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`,
      { as: as.bj },
    );
    expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
    seen.push(...response.body.items.map((item) => item.complaintId));
    before = response.body.nextBefore;
    if (!before) break;
  }
  expect(seen.slice(0, 2)).toEqual([b.complaintId, a.complaintId]);
  expect(seen).toContain(c.complaintId);
  expect(new Set(seen).size).toBe(seen.length);
  const all = await app.request<{ items: ComplaintView[] }>('GET', '/api/v1/complaints?limit=500', { as: as.bj });
  expect(seen.length).toBe(all.body.items.length);
}, 60_000);

test('a complaint about an agency names the agency, one about a channel partner the partner; an unknown unit is 422', async () => {
  const agency = await app.request<ErrorBody>('POST', '/api/v1/complaints', {
    as: as.sh,
    body: intakeBody({ subject: { kind: 'agency', obligorId: 'OB-1' } }),
  });
  expect([agency.status, agency.body.error?.details]).toEqual([400, [expect.objectContaining({ path: '/body/subject/agencyId' })]]);
  const partner = await app.request<ErrorBody>('POST', '/api/v1/complaints', { as: as.sh, body: intakeBody({ subject: { kind: 'channel-partner' } }) });
  expect([partner.status, partner.body.error?.details]).toEqual([400, [expect.objectContaining({ path: '/body/subject/partnerId' })]]);
  const unknown = await app.request<ErrorBody>('POST', '/api/v1/complaints', { body: intakeBody({ orgUnit: 'BR-NOWHERE' }) });
  expect([unknown.status, unknown.body.error?.code]).toEqual([422, 'unknown_org_unit']);
  const noContact = await app.request<ErrorBody>('POST', '/api/v1/complaints', { as: as.sh, body: intakeBody({ complainant: { name: 'N' } }) });
  expect([noContact.status, noContact.body.error?.details]).toEqual([400, [expect.objectContaining({ path: '/body/complainant' })]]);
}, 60_000);

test('the queue filters by agency, month, subject and status (what the scorecards and the statistics read)', async () => {
  const march = await app.request<{ items: ComplaintView[] }>('GET', `/api/v1/complaints?agencyId=${agencyId}&month=2026-03&limit=500`, { as: as.sh });
  expect(march.status).toBe(200);
  expect(march.body.items).toHaveLength(24);
  const other = await app.request<{ items: ComplaintView[] }>('GET', '/api/v1/complaints?subject=other&status=closed&limit=500', { as: as.sh });
  expect(other.body.items.length).toBe(1);
  expect((await app.request('GET', '/api/v1/complaints?month=2026-13')).status).toBe(400);
}, 60_000);
