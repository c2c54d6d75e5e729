import { sampleDraw } from '../../../server/collections/quality/sampling';
import type { ErrorBody } from '../authority/helpers';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { activity, at, check, record, seedObligors } from './gate-helpers';

/**
 * The QA queue (Art. 11, 13): recorded activities are sampled by the collection.quality standard
 * pack at its rates (internal 5 %, agency 10 %), tagged ones always; reviewers take a sample and
 * review it clean or with a finding that lands in the findings register with its webhook; two
 * reviews of one sample at once are one 200 and one 409; the compliance KPI ranks by the score.
 */
let app: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};

interface QaItemView {
  activityId: string;
  orgUnit: string;
  team: string;
  status: string;
  priority: number;
  sampleRate: number;
  reason: string;
  revision: number;
  assignee: string | null;
  review: { result: string; findingId: string | null; tags: string[]; severity: string | null } | null;
}

async function queue(query = '', token?: string): Promise<QaItemView[]> {
  const items: QaItemView[] = [];
  let before: string | undefined;
  do {
    const response = await app.request<{ items: QaItemView[]; nextBefore?: string }>(
      'GET',
      `/api/v1/collection/qa?limit=100${query}${before ? `&before=${encodeURIComponent(before)}` : ''}`,
      { as: token },
    );
    expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
    items.push(...response.body.items);
    before = response.body.nextBefore;
  } while (before);
  return items;
}

const internal = Array.from({ length: 240 }, (_, index) => activity('OB-1', { activityId: `QI-${index}` }));
const agency = Array.from({ length: 160 }, (_, index) =>
  activity('OB-2', { activityId: `QA-${index}`, actor: { type: 'agency', agencyId: 'AG-7', agentId: 'AG-7-01' } }),
);
const tagged = Array.from({ length: 12 }, (_, index) => activity('OB-1', { activityId: `QT-${index}`, contentTags: ['intimidation'] }));
const beijing = Array.from({ length: 3 }, (_, index) => activity('OB-BJ', { activityId: `QB-${index}`, contentTags: ['harassment'] }));

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  await app.platform.startJobs();
  await seedObligors(app, ['OB-1', 'OB-2'], ['OB-BJ']);
  as.reviewer = await app.createUserAndLogin('qa-hq', ['policy-owner'], 'HQ');
  as.second = await app.createUserAndLogin('qa-hq-2', ['policy-owner'], 'HQ');
  as.sh = await app.createUserAndLogin('op-sh', ['branch-operator'], 'BR-SH');
  as.bj = await app.createUserAndLogin('op-bj', ['branch-operator'], 'BR-BJ');
  const answer = await record(app, [...internal, ...agency, ...tagged, ...beijing]);
  expect(answer).toMatchObject({ recordedCount: 415, rejectedCount: 0 });
}, 180_000);
afterAll(() => app.close());

test('the sampling job queues the activities the pack rates pick, within tolerance, and every tagged one; a rerun queues nothing new', async () => {
  const run = await runJob(app, 'collection-qa-sampling', {});
  expect(run.counts).toMatchObject({ activities: 415, tagged: 15 });
  const items = await queue('', as.reviewer);
  const ids = new Set(items.map((item) => item.activityId));
  for (const [list, rate] of [
    [internal, 0.05],
    [agency, 0.1],
  ] as const) {
    const picked = list.filter((row) => ids.has(row.activityId as string));
    // Exactly the deterministic draw (hash of the id) under the rate...
    expect(picked.map((row) => row.activityId)).toEqual(list.filter((row) => sampleDraw(row.activityId as string) < rate).map((row) => row.activityId));
    // ...and that is the rate within three standard deviations.
    const expected = rate * list.length;
    expect(Math.abs(picked.length - expected)).toBeLessThanOrEqual(3 * Math.sqrt(list.length * rate * (1 - rate)));
  }
  for (const row of [...tagged, ...beijing]) expect(ids.has(row.activityId as string)).toBe(true);
  expect(items.find((item) => item.activityId === 'QT-0')).toMatchObject({ priority: 5, reason: 'content-tagged', status: 'queued', team: 'BR-SH' });
  expect(items.find((item) => item.activityId.startsWith('QA-'))).toMatchObject({ team: 'AG-7', reason: 'agency', sampleRate: 0.1 });

  const again = await runJob(app, 'collection-qa-sampling', {});
  expect(again.counts).toMatchObject({ activities: 0, queued: 0 });
  expect(await queue('', as.reviewer)).toHaveLength(items.length);
}, 180_000);

test("a branch sees its own subtree's samples only; another's is 404", async () => {
  const shanghai = await queue('', as.sh);
  expect(shanghai.length).toBeGreaterThan(0);
  expect(shanghai.every((item) => item.orgUnit === 'BR-SH')).toBe(true);
  expect((await queue('', as.bj)).map((item) => item.activityId).sort()).toEqual(['QB-0', 'QB-1', 'QB-2']);
  expect((await app.request('GET', '/api/v1/collection/qa/QB-0', { as: as.sh })).status).toBe(404);
  expect((await app.request('POST', '/api/v1/collection/qa/QB-0/take', { as: as.sh, body: { revision: 1 } })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/collection/qa?orgUnit=BR-BJ', { as: as.sh })).status).toBe(403);
}, 60_000);

test('a review with a finding lands in the findings register with its webhook; a clean review is recorded; both audited', async () => {
  const taken = await app.request<QaItemView>('POST', '/api/v1/collection/qa/QT-1/take', { as: as.reviewer, body: { revision: 1 } });
  expect([taken.status, taken.body.status, taken.body.assignee, taken.body.revision]).toEqual([200, 'taken', 'qa-hq', 2]);
  const mine = await queue('&assignee=me&status=taken', as.reviewer);
  expect(mine.map((item) => item.activityId)).toEqual(['QT-1']);

  const reviewed = await app.request<QaItemView>('POST', '/api/v1/collection/qa/QT-1/review', {
    as: as.reviewer,
    body: {
      revision: 2,
      result: 'finding',
      tags: ['intimidation'],
      severity: 'high',
      evidence: { note: 'threatened to call the employer at 12:40', references: ['rec-1'] },
    },
  });
  expect([reviewed.status, reviewed.body.status, reviewed.body.review]).toEqual([
    200,
    'reviewed',
    expect.objectContaining({ result: 'finding', findingId: 'qa:QT-1', tags: ['intimidation'], severity: 'high' }),
  ]);
  const findings = await app.request<{
    items: { findingId: string; source: string; sourceRef: string; tags: string[]; severity: string; orgUnit: string; actor: unknown }[];
  }>('GET', '/api/v1/collection/findings?source=qa-review', { as: as.sh });
  expect(findings.body.items).toEqual([
    expect.objectContaining({ findingId: 'qa:QT-1', source: 'qa-review', sourceRef: 'QT-1', tags: ['intimidation'], severity: 'high', orgUnit: 'BR-SH' }),
  ]);
  expect(sink.ofType('collection.finding').map((event) => event.id)).toContain('collection.finding:qa:QT-1');

  const clean = await app.request<QaItemView>('POST', '/api/v1/collection/qa/QT-2/review', {
    as: as.sh,
    body: { revision: 1, result: 'clean', evidence: { note: 'listened to the recording: polite, no threat' } },
  });
  expect([clean.status, clean.body.status, clean.body.review?.result, clean.body.review?.findingId]).toEqual([200, 'reviewed', 'clean', null]);
  const audit = await app.request<{ items: { action: string; entity: { id: string } }[] }>('GET', '/api/v1/audit?entityKind=collection-qa-sample&limit=50');
  expect(audit.body.items.map((entry) => `${entry.action}:${entry.entity.id}`).sort()).toEqual([
    'review-qa-sample:QT-1',
    'review-qa-sample:QT-2',
    'take-qa-sample:QT-1',
  ]);
  // Reviewed is final.
  const twice = await app.request<ErrorBody>('POST', '/api/v1/collection/qa/QT-2/review', {
    as: as.sh,
    body: { revision: 2, result: 'clean', evidence: { note: 'again' } },
  });
  expect([twice.status, twice.body.error.code]).toEqual([409, 'invalid_state']);
}, 60_000);

test('two reviews of one sample at once: one 200, one 409, one finding', async () => {
  const answers = await Promise.all(
    [as.reviewer, as.second].map((token, index) =>
      app.request<ErrorBody>('POST', '/api/v1/collection/qa/QT-3/review', {
        as: token,
        body: { revision: 1, result: 'finding', tags: ['harassment'], severity: index === 0 ? 'medium' : 'critical', evidence: { note: `review ${index}` } },
      }),
    ),
  );
  expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  expect(answers.find((answer) => answer.status === 409)!.body.error.code).toBe('stale_version');
  const findings = await app.request<{ items: { findingId: string }[] }>('GET', '/api/v1/collection/findings?source=qa-review&limit=100', { as: as.reviewer });
  expect(findings.body.items.filter((finding) => finding.findingId === 'qa:QT-3')).toHaveLength(1);
}, 60_000);

test('bad input: a finding without tags or severity, a clean review with a severity, an unknown sample, a KPI period backwards', async () => {
  const noTags = await app.request<ErrorBody>('POST', '/api/v1/collection/qa/QT-4/review', {
    as: as.reviewer,
    body: { revision: 1, result: 'finding', evidence: { note: 'x' } },
  });
  expect(noTags.status).toBe(400);
  expect(noTags.body.error.details.map((detail) => detail.path)).toEqual(expect.arrayContaining(['/body/tags', '/body/severity']));
  const cleanWithSeverity = await app.request<ErrorBody>('POST', '/api/v1/collection/qa/QT-4/review', {
    as: as.reviewer,
    body: { revision: 1, result: 'clean', severity: 'low', evidence: { note: 'x' } },
  });
  expect(cleanWithSeverity.status).toBe(400);
  const badTag = await app.request<ErrorBody>('POST', '/api/v1/collection/qa/QT-4/review', {
    as: as.reviewer,
    body: { revision: 1, result: 'finding', tags: ['rudeness'], severity: 'low', evidence: { note: 'x' } },
  });
  expect([badTag.status, badTag.body.error.details[0]?.path]).toEqual([400, '/body/tags/0']);
  expect(
    (await app.request('POST', '/api/v1/collection/qa/NOPE/review', { as: as.reviewer, body: { revision: 1, result: 'clean', evidence: { note: 'x' } } }))
      .status,
  ).toBe(404);
  const stale = await app.request<ErrorBody>('POST', '/api/v1/collection/qa/QT-4/take', { as: as.reviewer, body: { revision: 7 } });
  expect([stale.status, stale.body.error.code]).toEqual([409, 'stale_version']);
  const backwards = await app.request<ErrorBody>('GET', '/api/v1/collection/qa/kpi?by=team&from=2026-12&to=2026-01', { as: as.reviewer });
  expect([backwards.status, backwards.body.error.details[0]?.path]).toEqual([400, '/query/to']);
  expect(
    (await app.request('POST', '/api/v1/collection/qa/QT-4/review', { body: { revision: 1, result: 'clean', evidence: { note: 'x' } }, as: as.bj })).status,
  ).toBe(404);
}, 60_000);

test('the compliance KPI per team and agency ranks by the score, from findings, coverage and counts', async () => {
  const month = '2026-11';
  const teams = await app.request<{
    items: {
      key: string;
      rank: number | null;
      score: number | null;
      activities: number;
      sampled: number;
      reviewed: number;
      findings: Record<string, number>;
    }[];
  }>('GET', `/api/v1/collection/qa/kpi?by=team&from=${month}&to=${month}`, { as: as.reviewer });
  expect(teams.status).toBe(200);
  const shanghai = teams.body.items.find((item) => item.key === 'BR-SH')!;
  expect(shanghai).toMatchObject({ activities: 252, reviewed: 3, findings: { low: 0, medium: expect.any(Number), high: 1, critical: expect.any(Number) } });
  expect(shanghai.findings.medium! + shanghai.findings.critical!).toBe(1);
  const agencyTeam = teams.body.items.find((item) => item.key === 'AG-7')!;
  expect(agencyTeam).toMatchObject({ activities: 160, reviewed: 0 });
  // Ranked by the score, best first; never by anything else.
  const scored = teams.body.items.filter((item) => item.score !== null);
  expect(scored.map((item) => item.score)).toEqual([...scored.map((item) => item.score)].sort((first, second) => second! - first!));
  expect(scored.map((item) => item.rank)).toEqual(scored.map((_, index) => index + 1));
  // A contact the gate blocks (cash, Art. 13(5)) counts against the agency that asked.
  const blocked = await check(app, {
    obligorId: 'OB-2',
    at: at('11:00'),
    paymentMethod: 'cash',
    actor: { type: 'agency', agencyId: 'AG-7', agentId: 'AG-7-01' },
  });
  expect(blocked.outcome).toBe('block');
  const byAgency = await app.request<{ items: { key: string; gateBlocks: number; activities: number; score: number | null }[] }>(
    'GET',
    `/api/v1/collection/qa/kpi?by=agency&from=${month}&to=${month}`,
    { as: as.reviewer },
  );
  expect(byAgency.body.items).toEqual([expect.objectContaining({ key: 'AG-7', gateBlocks: 1, activities: 160 })]);
  const agencies = await app.request<{ items: { key: string }[] }>('GET', `/api/v1/collection/qa/kpi?by=agency&from=${month}&to=${month}`, { as: as.bj });
  // Beijing's branch sees only its unit's counters: the agency worked in Shanghai.
  expect(agencies.body.items).toEqual([]);
}, 60_000);
