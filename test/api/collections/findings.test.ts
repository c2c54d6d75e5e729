import { dateOfMoment } from '../../../server/ground/calendar';
import { createOrgUnits, type ErrorBody } from '../authority/helpers';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { importSyntheticBook } from '../../support/synthetic-import';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Repayments paid into a personal account or in cash (Art. 13(5),(6)) raise a collection-conduct
 * finding and a task for the responsible unit, once per repayment however often the book is sent
 * again, in a job the import queues after it commits; the findings are listed, read and moved on
 * within the caller's scope, every move against the revision it read.
 */
let app: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};

interface FindingView {
  findingId: string;
  obligorId: string;
  loanId: string | null;
  orgUnit: string;
  source: string;
  sourceRef: string;
  tags: string[];
  severity: string;
  status: string;
  revision: number;
  taskId: string | null;
  dismissReason: string | null;
  remediation: { note: string; references: string[]; by: string } | null;
}
interface Detail {
  finding: FindingView;
  history: { revision: number; action: string; actor: string; note: string | null }[];
}
interface RunView {
  job: string;
  status: string;
  counts: Record<string, number>;
}

const loan = (loanId: string, obligorId: string, orgUnit: string, channel = 'bank-branch') => ({
  loanId,
  obligorId,
  policyId: `P-${loanId}`,
  orgUnit,
  product: 'consumer',
  channel,
  customerTier: 'standard',
  principal: 3000,
  disbursedAt: '2025-01-01',
  installments: [1, 2, 3].map((seq) => ({ seq, dueDate: `2025-0${seq + 1}-01`, principal: 1000, interest: 50 })),
});
const BOOK = {
  loans: [loan('L-SH', 'OB-SH', 'BR-SH'), loan('L-BJ', 'OB-BJ', 'BR-BJ'), loan('L-NET', 'OB-NET', 'BR-SH', 'online-app')],
  repayments: [
    { repaymentId: 'R-PERSONAL', loanId: 'L-SH', paidAt: '2025-02-01', amount: 1050, payeeAccountType: 'personal', paymentMethod: 'transfer' },
    { repaymentId: 'R-CASH', loanId: 'L-BJ', paidAt: '2025-02-03', amount: 1050, payeeAccountType: 'company', paymentMethod: 'cash' },
    { repaymentId: 'R-FINE', loanId: 'L-SH', paidAt: '2025-03-01', amount: 1050, payeeAccountType: 'company', paymentMethod: 'transfer' },
    { repaymentId: 'R-FUNDER', loanId: 'L-NET', paidAt: '2025-02-01', amount: 1050, payeeAccountType: 'funder' },
  ],
};

const checkRuns = async () => (await app.platform.services.jobs.runsMatching({ job: 'repayment-conduct', limit: 50 })) as unknown as RunView[];
const succeededRuns = async () => (await checkRuns()).filter((run) => run.status === 'succeeded');

async function importBook(body: unknown = BOOK): Promise<void> {
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body });
  expect([imported.status, imported.body.rejectedCount]).toEqual([200, 0]);
}

async function findings(query = '', token?: string): Promise<FindingView[]> {
  const response = await app.request<{ items: FindingView[] }>('GET', `/api/v1/collection/findings?limit=500${query}`, { as: token });
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  return response.body.items;
}

async function complianceTasks(): Promise<{ taskId: string; kind: string; orgUnit: string; obligorId: string }[]> {
  const response = await app.request<{ items: { taskId: string; kind: string; orgUnit: string; obligorId: string }[] }>('GET', '/api/v1/tasks?limit=500');
  expect(response.status).toBe(200);
  return response.body.items.filter((task) => task.kind === 'compliance');
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', INTERNET_CHANNELS: 'online-*' }, { eventSink: sink });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  as.sh = await app.createUserAndLogin('op-sh', ['branch-operator'], 'BR-SH');
  as.bj = await app.createUserAndLogin('op-bj', ['branch-operator'], 'BR-BJ');
  as.auditor = await app.createUserAndLogin('hq-auditor', ['auditor'], 'HQ');
}, 120_000);
afterAll(() => app.close());

test('an import with a personal-account and a cash repayment raises one finding and one task each, once, however often it is sent', async () => {
  await importBook();
  await waitUntil(async () => (await succeededRuns()).length >= 1, 60_000, 'the repayment check queued by the import');
  const first = await findings();
  expect(first.map((finding) => [finding.findingId, finding.tags, finding.severity, finding.orgUnit, finding.obligorId, finding.status]).sort()).toEqual([
    ['repayment:R-CASH', ['collecting-cash-or-goods'], 'high', 'BR-BJ', 'OB-BJ', 'open'],
    ['repayment:R-PERSONAL', ['personal-account'], 'high', 'BR-SH', 'OB-SH', 'open'],
  ]);
  expect(first.find((finding) => finding.findingId === 'repayment:R-PERSONAL')).toMatchObject({
    source: 'repayment',
    sourceRef: 'R-PERSONAL',
    loanId: 'L-SH',
    taskId: 'compliance:repayment:R-PERSONAL',
  });
  expect((await complianceTasks()).map((task) => [task.taskId, task.orgUnit, task.obligorId]).sort()).toEqual([
    ['compliance:repayment:R-CASH', 'BR-BJ', 'OB-BJ'],
    ['compliance:repayment:R-PERSONAL', 'BR-SH', 'OB-SH'],
  ]);

  // The same book again: the import queues another check, which finds nothing new.
  const runsBefore = (await succeededRuns()).length;
  await importBook();
  await waitUntil(async () => (await succeededRuns()).length > runsBefore, 60_000, 'the check queued by the second import');
  const again = await runJob(app, 'repayment-conduct', { asOf: dateOfMoment(new Date()) });
  expect(again.counts).toMatchObject({ flaggedRepayments: 2, alreadyFound: 2, findingsRaised: 0, tasksRaised: 0 });
  expect((await findings()).map((finding) => finding.findingId).sort()).toEqual(['repayment:R-CASH', 'repayment:R-PERSONAL']);
  expect(await complianceTasks()).toHaveLength(2);

  // collection.finding once per finding, with ids and classifications only: no amounts, no evidence text, no personal fields.
  const events = sink.ofType('collection.finding');
  expect(events.map((event) => [event.id, event.orgUnit]).sort()).toEqual([
    ['collection.finding:repayment:R-CASH', 'BR-BJ'],
    ['collection.finding:repayment:R-PERSONAL', 'BR-SH'],
  ]);
  for (const event of events) {
    expect(Object.keys(event.data).sort()).toEqual(['findingId', 'foundOn', 'loanId', 'obligorId', 'severity', 'source', 'sourceRef', 'tags', 'taskId']);
    expect(app.platform.schemas.check('collections/finding-event-data', event.data)).toEqual([]);
    expect(JSON.stringify(event.data)).not.toMatch(/1050|amount|name|phone|idNumber|evidence/);
  }
  expect(sink.ofType('task.created').filter((event) => event.id.startsWith('task.created:compliance:'))).toHaveLength(2);
}, 180_000);

test("a branch sees the findings of its own subtree only; another branch's finding is 404 and its unit 403", async () => {
  expect((await findings('', as.sh)).map((finding) => finding.findingId)).toEqual(['repayment:R-PERSONAL']);
  expect((await findings('', as.bj)).map((finding) => finding.findingId)).toEqual(['repayment:R-CASH']);
  expect((await app.request('GET', '/api/v1/collection/findings/repayment:R-CASH', { as: as.sh })).status).toBe(404);
  const outside = await app.request<ErrorBody>('GET', '/api/v1/collection/findings?orgUnit=BR-BJ', { as: as.sh });
  expect([outside.status, outside.body.error.code]).toEqual([403, 'out_of_scope']);
  expect((await app.request('POST', '/api/v1/collection/findings/repayment:R-CASH/confirm', { as: as.sh, body: { revision: 1 } })).status).toBe(404);
  // Filters: status, tag, severity, source, obligor, found on.
  expect((await findings('&tag=personal-account')).map((finding) => finding.findingId)).toEqual(['repayment:R-PERSONAL']);
  expect((await findings('&obligorId=OB-BJ&source=repayment&severity=high&status=open')).map((finding) => finding.findingId)).toEqual(['repayment:R-CASH']);
  const today = dateOfMoment(new Date());
  expect(await findings(`&from=${today}&to=${today}`)).toHaveLength(2);
  expect(await findings('&to=2000-01-01')).toHaveLength(0);
});

test('confirm, dismiss and remediate move a finding against the revision read (409 when stale), in its history and the audit log', async () => {
  const path = '/api/v1/collection/findings/repayment:R-PERSONAL';
  const confirmed = await app.request<Detail>('POST', `${path}/confirm`, { as: as.sh, body: { revision: 1, note: 'collector asked for it' } });
  expect([confirmed.status, confirmed.body.finding.status, confirmed.body.finding.revision]).toEqual([200, 'confirmed', 2]);
  const stale = await app.request<ErrorBody>('POST', `${path}/dismiss`, { as: as.sh, body: { revision: 1, reason: 'not a breach after all' } });
  expect([stale.status, stale.body.error.code, stale.body.error.details[0]?.path]).toEqual([409, 'stale_version', '/body/revision']);
  const remediated = await app.request<Detail>('POST', `${path}/remediate`, {
    as: as.sh,
    body: { revision: 2, evidence: { note: 'money moved to the company account', references: ['TRANSFER-77'] } },
  });
  expect([remediated.status, remediated.body.finding.status, remediated.body.finding.remediation]).toEqual([
    200,
    'remediated',
    { note: 'money moved to the company account', references: ['TRANSFER-77'], by: 'op-sh', at: expect.any(String) },
  ]);
  expect(remediated.body.history.map((entry) => [entry.revision, entry.action, entry.actor])).toEqual([
    [1, 'raised', 'job:repayment-conduct'],
    [2, 'confirmed', 'op-sh'],
    [3, 'remediated', 'op-sh'],
  ]);
  const closed = await app.request<ErrorBody>('POST', `${path}/dismiss`, { as: as.sh, body: { revision: 3, reason: 'too late' } });
  expect([closed.status, closed.body.error.code]).toEqual([409, 'invalid_state']);

  const dismissed = await app.request<Detail>('POST', '/api/v1/collection/findings/repayment:R-CASH/dismiss', {
    as: as.bj,
    body: { revision: 1, reason: 'a cash deposit at the bank counter into the company account' },
  });
  expect([dismissed.status, dismissed.body.finding.status, dismissed.body.finding.dismissReason]).toEqual([
    200,
    'dismissed',
    'a cash deposit at the bank counter into the company account',
  ]);

  // Closing a finding closes its task: remediated is done (with the evidence), dismissed is cancelled (with the reason).
  const taskOf = async (findingId: string) =>
    (
      await app.request<{ task: { status: string; completedBy: string | null; evidence: { note: string } | null } }>(
        'GET',
        `/api/v1/tasks/compliance:${findingId}`,
      )
    ).body.task;
  expect(await taskOf('repayment:R-PERSONAL')).toMatchObject({
    status: 'done',
    completedBy: 'op-sh',
    evidence: { note: 'money moved to the company account' },
  });
  expect(await taskOf('repayment:R-CASH')).toMatchObject({ status: 'cancelled' });

  const audit = await app.request<{ items: { action: string; entity: { id: string }; actor: string; orgUnit: string }[] }>(
    'GET',
    '/api/v1/audit?entityKind=collection-finding&limit=50',
  );
  expect(audit.body.items.map((entry) => [entry.action, entry.entity.id, entry.actor, entry.orgUnit]).sort()).toEqual([
    ['confirm-finding', 'repayment:R-PERSONAL', 'op-sh', 'BR-SH'],
    ['dismiss-finding', 'repayment:R-CASH', 'op-bj', 'BR-BJ'],
    ['remediate-finding', 'repayment:R-PERSONAL', 'op-sh', 'BR-SH'],
  ]);
  // Readers read; they do not move findings.
  expect((await app.request('POST', `${path}/confirm`, { as: as.auditor, body: { revision: 3 } })).status).toBe(403);
});

test('bad input: field-level details', async () => {
  const cases: [string, string, unknown, number, string][] = [
    ['GET', '/api/v1/collection/findings?tag=shouting', undefined, 400, '/query/tag'],
    ['GET', '/api/v1/collection/findings?severity=extreme', undefined, 400, '/query/severity'],
    ['GET', '/api/v1/collection/findings?from=2026-02-01&to=2026-01-01', undefined, 400, '/query/to'],
    ['POST', '/api/v1/collection/findings/repayment:R-FINE/confirm', { revision: 1 }, 404, ''],
    ['POST', '/api/v1/collection/findings/repayment:R-PERSONAL/dismiss', { revision: 3 }, 400, '/body/reason'],
    ['POST', '/api/v1/collection/findings/repayment:R-PERSONAL/remediate', { revision: 3, evidence: { references: [] } }, 400, '/body/evidence/note'],
    ['POST', '/api/v1/collection/findings/repayment:R-PERSONAL/confirm', { revision: 0 }, 400, '/body/revision'],
  ];
  for (const [method, path, body, status, field] of cases) {
    const response = await app.request<ErrorBody>(method, path, { body });
    const paths = (response.body.error?.details ?? []).map((detail) => detail.path);
    expect({ path, status: response.status, field: field ? paths.includes(field) : true }).toEqual({ path, status, field: true });
  }
  // A payment method outside the schema is a rejected row, with its field.
  const imported = await app.request<{ rejectedCount: number; rejected: { errors: { path: string }[] }[] }>('POST', '/api/v1/portfolio/import', {
    body: { repayments: [{ repaymentId: 'R-CHEQUE', loanId: 'L-SH', paidAt: '2025-03-02', amount: 10, paymentMethod: 'cheque' }] },
  });
  expect([imported.body.rejectedCount, imported.body.rejected[0]?.errors.map((error) => error.path)]).toEqual([1, ['/paymentMethod']]);
});

test('the demo book shows both: the generator plants a personal-account and a cash repayment, and the check finds them', async () => {
  const runsBefore = (await succeededRuns()).length;
  await importSyntheticBook(app, { loans: 20, months: 12, seed: 31, endMonth: '2025-12' });
  await waitUntil(async () => (await succeededRuns()).length > runsBefore, 60_000, 'the check queued by the synthetic import');
  const planted = (await findings()).filter((finding) => finding.loanId?.startsWith('L000000'));
  expect(planted.map((finding) => [finding.findingId, finding.tags]).sort()).toEqual([
    ['repayment:L00000007-R1', ['personal-account']],
    ['repayment:L00000011-R2', ['collecting-cash-or-goods']],
  ]);
}, 120_000);
