import { dateFromDay, dateOfMoment, dayFromDate } from '../../../server/ground/calendar';
import type {
  BureauAcknowledgementResult,
  BureauBatch,
  BureauItem,
  BureauItemDetail,
  BureauItemList,
  BureauReconciliation,
} from '../../../server/generated/schema-types';
import { portfolioModels, type PolicyDocument } from '../../../server/portfolio/portfolio.model';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Credit-bureau reporting (Art. 32) over HTTP on the real database. Loans of twelve monthly installments of 1,000
 * principal + 100 interest due on the 1st from 2025-02-01, three paid: overdue from 2025-05-01. Policies are seeded
 * through the Policy model (setup only: the `policies` import kind lands with another change).
 *   L-G  guarantee insurance, authorised: claim C-G approved 2025-07-27, recovery R-G1 on 2025-08-20
 *   L-C  credit insurance, authorised: claim and recovery, never reported
 *   L-U  guarantee insurance, NOT authorised: claim and recovery, never reported
 *   L-O  guarantee insurance, authorised: overdue only
 */
let app: TestApp;
const sink = new RecordingSink();
const logLines: string[] = [];
const today = dateOfMoment(new Date());
const addDays = (day: string, days: number) => dateFromDay(dayFromDate(day) + days);

function loan(loanId: string) {
  return {
    loanId,
    obligorId: `OB-${loanId}`,
    policyId: `P-${loanId}`,
    orgUnit: 'HQ',
    product: 'consumer',
    channel: 'bank-branch',
    customerTier: 'prime',
    principal: 12000,
    disbursedAt: '2025-01-01',
    claimPointDays: 80,
    installments: Array.from({ length: 12 }, (_, index) => ({
      seq: index + 1,
      dueDate: `${2025 + Math.floor((index + 1) / 12)}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`,
      principal: 1000,
      interest: 100,
    })),
  };
}
const threePaid = (loanId: string) => [1, 2, 3].map((index) => ({ repaymentId: `${loanId}-R${index}`, loanId, paidAt: `2025-0${index + 1}-01`, amount: 1100 }));
function policy(loanId: string, insuranceType: 'credit' | 'guarantee', creditReportingAuthorised: boolean): PolicyDocument & { _id: string } {
  return {
    _id: `P-${loanId}`,
    policyId: `P-${loanId}`,
    orgUnit: 'HQ',
    insuranceType,
    insuredId: 'FUNDER-1',
    claimPointDays: 80,
    coversInterest: true,
    coversPenaltyInterest: false,
    deductibleCents: 0,
    complaintHotline: '95500',
    claimReportHotline: '95501',
    creditReportingAuthorised,
  };
}

const items = async (query = '') => (await app.request<BureauItemList>('GET', `/api/v1/bureau/items?limit=500${query}`)).body.items;
const byId = async () => Object.fromEntries((await items()).map((item) => [item.itemId, item]));
const item = async (itemId: string) => (await app.request<BureauItemDetail>('GET', `/api/v1/bureau/items/${encodeURIComponent(itemId)}`)).body.item;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' }, { eventSink: sink, logLines });
  await app.platform.startJobs();
  const loans = ['L-G', 'L-C', 'L-U', 'L-O'];
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: loans.map(loan),
      repayments: loans.flatMap(threePaid),
      claims: ['L-G', 'L-C', 'L-U'].map((loanId) => ({ claimId: `C-${loanId.slice(2)}`, loanId, status: 'approved', approvedAt: '2025-07-27', amount: 9900 })),
      recoveries: ['L-G', 'L-C', 'L-U'].map((loanId) => ({ recoveryId: `R-${loanId.slice(2)}1`, loanId, receivedAt: '2025-08-20', amount: 1000 })),
    },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
  await portfolioModels(app.connection).Policy.create([
    policy('L-G', 'guarantee', true),
    policy('L-C', 'credit', true),
    policy('L-U', 'guarantee', false),
    policy('L-O', 'guarantee', true),
  ]);
}, 60_000);
afterAll(async () => {
  await app.close();
});

test('2025-08-01: only the authorised guarantee policies get items: overdue information of July and, per approved claim, a notice and a pending compensation', async () => {
  const run = await runJob(app, 'bureau-events', { asOf: '2025-08-01' });
  expect(run.counts).toMatchObject({ inserted: expect.any(Number) });
  const all = await items();
  expect(all.filter((entry) => ['L-C', 'L-U'].includes(entry.loanId))).toEqual([]);
  const found = await byId();
  expect(found['overdue:L-O:2025-07-31']).toMatchObject({
    kind: 'overdue',
    status: 'ready',
    obligorId: 'OB-L-O',
    values: { monthEnd: '2025-07-31', daysPastDue: 91, overdueAmountCents: 3 * 110_000 },
  });
  expect(found['default-notice:C-G']).toMatchObject({ kind: 'default-notice', status: 'pending', claimId: 'C-G', notice: null });
  expect(found['compensation:C-G']).toMatchObject({
    kind: 'compensation',
    status: 'pending',
    values: { compensationDate: '2025-07-27', compensationAmountCents: 990_000, amountToRecoverCents: 990_000 },
  });
});

test('no default (compensation) report without a prior notice, however long after the claim', async () => {
  await runJob(app, 'bureau-events', { asOf: '2025-11-30' });
  expect((await item('compensation:C-G')).status).toBe('pending');
  // The recovery waits too: its loan's compensation was not reported.
  expect((await item('recovery:R-G1')).status).toBe('pending');
  expect(sink.ofType('bureau.item-ready').map((event) => event.data.itemId)).not.toContain('compensation:C-G');
});

test('the notice recorded as sent releases the compensation report only once its lead time (15 days) has passed', async () => {
  const sentOn = addDays(today, -5);
  const notice = await item('default-notice:C-G');
  const early = await app.request('POST', '/api/v1/bureau/items/default-notice:C-G/notice', {
    body: { sentOn: addDays(today, 1), channel: 'letter', expectedRevision: notice.revision },
  });
  expect([early.status, (early.body as { error: { details: { path: string }[] } }).error.details[0]!.path]).toEqual([400, '/body/sentOn']);
  const recorded = await app.request<BureauItemDetail>('POST', '/api/v1/bureau/items/default-notice:C-G/notice', {
    body: { sentOn, channel: 'letter', expectedRevision: notice.revision },
  });
  expect(recorded.status).toBe(200);
  expect(recorded.body.item).toMatchObject({
    status: 'notified',
    notice: { sentOn, channel: 'letter', recordedBy: 'bootstrap admin (ADMIN_API_KEY)' },
    noticeReadyOn: addDays(sentOn, 15),
  });
  const again = await app.request('POST', '/api/v1/bureau/items/default-notice:C-G/notice', {
    body: { sentOn, channel: 'sms', expectedRevision: notice.revision },
  });
  expect(again.status).toBe(409);

  await runJob(app, 'bureau-events', { asOf: addDays(sentOn, 14) });
  expect((await item('compensation:C-G')).status).toBe('pending');
  await runJob(app, 'bureau-events', { asOf: addDays(sentOn, 15) });
  expect(await item('compensation:C-G')).toMatchObject({ status: 'ready', values: { amountToRecoverCents: 990_000 - 100_000 } });
});

test('the job is idempotent: the same day again inserts, releases and publishes nothing', async () => {
  await runJob(app, 'bureau-events', { asOf: addDays(today, 10) });
  const before = await items();
  const events = sink.events.length;
  const again = await runJob(app, 'bureau-events', { asOf: addDays(today, 10) });
  expect(again.counts).toMatchObject({ inserted: 0, released: 0, refreshed: 0, eventsPublished: 0 });
  expect(await items()).toEqual(before);
  expect(sink.events.length).toBe(events);
});

let batchId: string;
test('a batch takes the ready items, marks them submitted, and its file has a header and a line per item', async () => {
  const created = await app.request<BureauBatch>('POST', '/api/v1/bureau/batches', { body: {} });
  expect(created.status).toBe(201);
  batchId = created.body.batchId;
  expect(created.body.counts).toMatchObject({ compensation: 1 });
  expect((await item('compensation:C-G')).status).toBe('submitted');
  const file = await app.request<string>('GET', `/api/v1/bureau/batches/${batchId}/file`);
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
  const lines = file.text.split('\r\n');
  expect(lines[0]).toBe(
    'itemId,kind,correctsItemId,correctsKind,reportDate,obligorId,loanId,policyId,claimId,recoveryId,monthEnd,daysPastDue,overdueAmount,compensationDate,compensationAmount,amountToRecover,recoveryDate,recoveryAmount',
  );
  expect(lines).toContain('compensation:C-G,compensation,,,2025-07-27,OB-L-G,L-G,P-L-G,C-G,,,,,2025-07-27,9900.00,8900.00,,');
  expect(lines.length).toBe(created.body.itemCount + 2);
  const event = sink.ofType('bureau.batch-submitted').at(-1)!;
  expect(event.data).toMatchObject({ batchId, itemCount: created.body.itemCount });
  expect((await app.request('POST', '/api/v1/bureau/batches', { body: {} })).status).toBe(409);
});

test('a recovery after a reported claim produces its recovery report (bureau.item-ready, without personal data)', async () => {
  await runJob(app, 'bureau-events', { asOf: addDays(today, 11) });
  expect(await item('recovery:R-G1')).toMatchObject({ status: 'ready', values: { recoveryDate: '2025-08-20', recoveryAmountCents: 100_000 } });
  const ready = sink.ofType('bureau.item-ready').find((event) => event.data.itemId === 'recovery:R-G1')!;
  expect(ready.data).toMatchObject({ kind: 'recovery', loanId: 'L-G', recoveryId: 'R-G1' });
  expect(JSON.stringify(sink.events.filter((event) => event.type.startsWith('bureau.')))).not.toContain('OB-');
});

test('acknowledgements: accepted and rejected items move, a line of another batch refuses the import, a rejected item can be corrected', async () => {
  const path = `/api/v1/bureau/batches/${batchId}/acknowledgements`;
  const wrong = await app.request<{ error: { details: { path: string }[] } }>('POST', path, {
    body: {
      items: [
        { itemId: 'compensation:C-G', result: 'accepted' },
        { itemId: 'recovery:R-G1', result: 'accepted' },
      ],
    },
  });
  expect([wrong.status, wrong.body.error.details.map((detail) => detail.path)]).toEqual([400, ['/body/items/1/itemId']]);
  expect((await app.request('POST', path, { body: { items: [{ itemId: 'overdue:L-O:2025-07-31', result: 'rejected' }] } })).status).toBe(400);

  const imported = await app.request<BureauAcknowledgementResult>('POST', path, {
    body: {
      items: [
        { itemId: 'compensation:C-G', result: 'accepted' },
        { itemId: 'overdue:L-O:2025-07-31', result: 'rejected', reason: 'E031 days past due inconsistent' },
      ],
    },
  });
  expect([imported.status, imported.body]).toEqual([200, { acknowledged: 1, rejected: 1, unchanged: 0 }]);
  expect((await item('compensation:C-G')).status).toBe('acknowledged');
  const rejected = await item('overdue:L-O:2025-07-31');
  expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'E031 days past due inconsistent' });
  expect(sink.ofType('bureau.item-rejected').map((event) => event.data.itemId)).toEqual(['overdue:L-O:2025-07-31']);
  const repeated = await app.request<BureauAcknowledgementResult>('POST', path, { body: { items: [{ itemId: 'compensation:C-G', result: 'accepted' }] } });
  expect(repeated.body).toEqual({ acknowledged: 0, rejected: 0, unchanged: 1 });

  const badField = await app.request('POST', '/api/v1/bureau/items/overdue:L-O:2025-07-31/corrections', {
    body: { values: { recoveryAmountCents: 1 }, reason: 'fix', expectedRevision: rejected.revision },
  });
  expect(badField.status).toBe(400);
  const corrected = await app.request<BureauItemDetail>('POST', '/api/v1/bureau/items/overdue:L-O:2025-07-31/corrections', {
    body: { values: { daysPastDue: 92 }, reason: 'the bureau counts from the due date', expectedRevision: rejected.revision },
  });
  expect(corrected.status).toBe(201);
  expect(corrected.body.item).toMatchObject({
    kind: 'correction',
    status: 'ready',
    correctsItemId: 'overdue:L-O:2025-07-31',
    values: { monthEnd: '2025-07-31', daysPastDue: 92, overdueAmountCents: 330_000 },
  });
  expect(await item('overdue:L-O:2025-07-31')).toMatchObject({ status: 'corrected', correctedByItemId: corrected.body.item.itemId });
  const audit = await app.request<{ items: { action: string }[] }>('GET', '/api/v1/audit?entityKind=bureau-batch');
  expect(audit.body.items.map((entry) => entry.action).sort()).toEqual([
    'bureau.acknowledgements-imported',
    'bureau.acknowledgements-imported',
    'bureau.batch-submitted',
  ]);
});

test('reconciliation lists the bureau items an approved claim lacks, and no ineligible policy has any', async () => {
  const complete = await app.request<BureauReconciliation>('GET', '/api/v1/bureau/reconciliation?month=2025-07');
  expect(complete.body).toEqual({ month: '2025-07', claimsChecked: 1, recoveriesChecked: 0, missing: [], ineligible: [] });
  const imported = await app.request('POST', '/api/v1/portfolio/import', {
    body: { claims: [{ claimId: 'C-O', loanId: 'L-O', status: 'approved', approvedAt: '2025-07-30', amount: 8800 }] },
  });
  expect(imported.status).toBe(200);
  const missing = await app.request<BureauReconciliation>('GET', '/api/v1/bureau/reconciliation?month=2025-07');
  expect(missing.body.missing).toEqual([
    { kind: 'default-notice', sourceId: 'C-O', loanId: 'L-O', policyId: 'P-L-O', expectedItemId: 'default-notice:C-O' },
    { kind: 'compensation', sourceId: 'C-O', loanId: 'L-O', policyId: 'P-L-O', expectedItemId: 'compensation:C-O' },
  ]);
  const august = await app.request<BureauReconciliation>('GET', '/api/v1/bureau/reconciliation?month=2025-08');
  expect([august.body.recoveriesChecked, august.body.missing]).toEqual([1, []]);
  const bad = await app.request<{ error: { details: { path: string }[] } }>('GET', '/api/v1/bureau/reconciliation?month=2025-13');
  expect(bad.status).toBe(400);
});

test('HQ runs the reporting; a branch reads only its unit’s items', async () => {
  await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-BJ', name: 'Beijing', parent: 'HQ' } });
  const branch = await app.createUserAndLogin('bj-operator', ['branch-operator'], 'BR-BJ');
  expect((await app.request<BureauItemList>('GET', '/api/v1/bureau/items', { as: branch })).body.items).toEqual([]);
  expect((await app.request('GET', '/api/v1/bureau/items/compensation:C-G', { as: branch })).status).toBe(404);
  expect((await app.request('POST', '/api/v1/bureau/batches', { as: branch, body: {} })).status).toBe(403);
});

export type { BureauItem };
