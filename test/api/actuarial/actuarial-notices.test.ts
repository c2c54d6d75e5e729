import { createLogger } from '../../../server/logger';
import { RecordingSink, runJob, tasksOf } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';

/**
 * Actuarial notices (Art. 8, last paragraph) through the real app: the month-end portfolio
 * monitoring of the monitoring portfolio turns BR-SH red in August; the notice, its task and its
 * event come once however often the month is run and on however many workers.
 */
interface NoticeView {
  noticeId: string;
  month: string;
  orgUnit: string;
  subjectKey: string;
  cause: string;
  taskId: string;
  figures: Record<string, number | string | null>;
}

let app: TestApp;
let second: TestApp;
const sinks = [new RecordingSink(), new RecordingSink()];
const events = () => [...sinks[0]!.events, ...sinks[1]!.events].filter((event) => event.type === 'actuarial.notice');

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sinks[0] });
  second = await startTestApp({}, { databaseName: app.databaseName, eventSink: sinks[1] });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import?completeThrough=2025-10-31', { body: monitoringPortfolio() });
  expect(imported.body.rejectedCount).toBe(0);
}, 90_000);

afterAll(async () => {
  await second.close();
  await app.close();
});

async function notices(query = '', as?: string): Promise<NoticeView[]> {
  const response = await app.request<{ items: NoticeView[] }>('GET', `/api/v1/actuarial/notices?limit=500${query}`, as ? { as } : {});
  if (response.status !== 200) throw new Error(response.text);
  return response.body.items;
}

const RED_UNIT = '2025-08|orgUnit=BR-SH|red-warning';

test('a red portfolio warning gives one notice, one actuarial task and one event, however often the month is run', async () => {
  const first = await runJob(app, 'portfolio-monitoring', { month: '2025-08' });
  expect(first.counts.actuarialNotices).toBeGreaterThan(0);
  const august = await notices('&month=2025-08');
  const red = august.find((notice) => notice.noticeId === RED_UNIT)!;
  expect(red).toMatchObject({ orgUnit: 'BR-SH', cause: 'red-warning', subjectKey: 'orgUnit=BR-SH', taskId: `actuarial-notice:${RED_UNIT}` });
  expect(red.figures).toMatchObject({ warningLevel: 'red', overdueRatePrevious: 0, lossRate: 0 });
  expect(red.figures.overdueRateChangePoints).toBeCloseTo(70.588235, 6);

  // Again, by the monitoring and by the backstop job: nothing new anywhere.
  await runJob(app, 'portfolio-monitoring', { month: '2025-08' });
  const backstop = await runJob(app, 'actuarial-notices', { month: '2025-08' });
  expect(backstop.counts).toMatchObject({ notices: 0, tasksRaised: 0, eventsPublished: 0 });
  expect((await notices('&month=2025-08')).map((notice) => notice.noticeId).sort()).toEqual(august.map((notice) => notice.noticeId).sort());
  const tasks = (await tasksOf(app)).filter((task) => task.taskId === red.taskId);
  expect(tasks).toEqual([expect.objectContaining({ ownerRole: 'actuarial', orgUnit: 'HQ', action: 'review-reserves', status: 'open' })]);
  const announced = events().filter((event) => event.data.noticeId === RED_UNIT);
  expect(announced).toHaveLength(1);
  expect(announced[0]!.data).toMatchObject({ cause: 'red-warning', month: '2025-08', figures: red.figures, taskId: red.taskId });
  expect(JSON.stringify(announced[0]!.data)).not.toMatch(/obligor|name|phone|idNumber/i);
  // Each decision logged, the notice's among them.
  const decision = await app.request<{ ruleSet: { key: string } }>('GET', `/api/v1/decisions/${(august[0] as unknown as { decisionId: string }).decisionId}`);
  expect(decision.body.ruleSet.key).toBe('actuarial.notice');
}, 300_000);

test('two workers evaluating the same month at once leave one notice, one task and one event per notice', async () => {
  const logger = createLogger('silent');
  const runs = await Promise.all(
    [app, second].map((worker) => worker.platform.services.actuarial.notices.run('2025-09', { actor: 'actuarial-notices', logger })),
  );
  const september = await notices('&month=2025-09');
  expect(september.length).toBeGreaterThan(0);
  expect(runs[0]!.counts.notices! + runs[1]!.counts.notices!).toBe(september.length);
  expect(runs[0]!.counts.tasksRaised! + runs[1]!.counts.tasksRaised!).toBe(september.length);
  const ids = events()
    .filter((event) => event.data.month === '2025-09')
    .map((event) => event.id)
    .sort();
  expect(ids).toEqual(september.map((notice) => `actuarial.notice:${notice.noticeId}`).sort());
  const taskIds = new Set((await tasksOf(app)).map((task) => task.taskId));
  for (const notice of september) expect(taskIds.has(notice.taskId)).toBe(true);
}, 120_000);

test('a branch sees only its own units’ notices; pages follow one another without overlap', async () => {
  const shanghai = await app.createUserAndLogin('sh-actuarial-reader', ['branch-operator'], 'BR-SH');
  const beijing = await app.createUserAndLogin('bj-actuarial-reader', ['branch-operator'], 'BR-BJ');
  const all = await notices();
  const ofShanghai = await notices('', shanghai);
  expect(ofShanghai.map((notice) => notice.noticeId)).toContain(RED_UNIT);
  expect(ofShanghai.every((notice) => notice.orgUnit === 'BR-SH')).toBe(true);
  expect(ofShanghai.length).toBe(all.filter((notice) => notice.orgUnit === 'BR-SH').length);
  const ofBeijing = await notices('', beijing);
  expect(ofBeijing.every((notice) => notice.orgUnit === 'BR-BJ')).toBe(true);
  expect((await app.request('GET', '/api/v1/actuarial/notices?orgUnit=BR-SH', { as: beijing })).status).toBe(403);

  const first = await app.request<{ items: NoticeView[]; nextBefore?: string }>('GET', '/api/v1/actuarial/notices?limit=2');
  expect(first.body.nextBefore).toBeDefined();
  const next = await app.request<{ items: NoticeView[] }>('GET', `/api/v1/actuarial/notices?limit=500&before=${encodeURIComponent(first.body.nextBefore!)}`);
  expect([...first.body.items, ...next.body.items].map((notice) => notice.noticeId)).toEqual(all.map((notice) => notice.noticeId));
});
