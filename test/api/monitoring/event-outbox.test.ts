import type { PlatformEvent } from '../../../server/events/platform-events';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The outbox between the jobs and the event sink: events a failed hand-over left behind wait in
 * the outbox and go out with the next maintenance run, each once; nothing stays behind after.
 */
class FlakySink extends RecordingSink {
  failing = true;

  override publish(event: PlatformEvent): Promise<void> {
    if (this.failing) return Promise.reject(new Error('the sink is down'));
    return super.publish(event);
  }
}

let app: TestApp;
const sink = new FlakySink();

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  await app.platform.startJobs();
  expect((await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() })).body.rejectedCount).toBe(0);
});
afterAll(() => app.close());

test('events the sink refused wait in the outbox and go out with maintenance, each exactly once', async () => {
  const run = await runJob(app, 'obligor-monitoring', { asOf: '2025-08-10' });
  expect(run.counts.alertsRaised).toBeGreaterThan(0);
  expect(run.counts.eventsPublished).toBe(0);
  expect(sink.events).toHaveLength(0);
  const outbox = app.connection.collection('platform_event_outbox');
  const waiting = (await outbox.find({}).toArray()).flatMap((batch) => batch.events as PlatformEvent[]);
  expect(waiting.filter((event) => event.type === 'alert.raised')).toHaveLength(run.counts.alertsRaised!);
  expect((await outbox.findOne({}))!.attempts).toBe(1);

  sink.failing = false;
  const maintenance = await runJob(app, 'maintenance', {});
  expect(maintenance.counts.eventsRepublished).toBe(waiting.length);
  expect(sink.events.map((event) => event.id).sort()).toEqual(waiting.map((event) => event.id).sort());
  expect(new Date(sink.events[0]!.occurredAt).getTime()).toBe(new Date(waiting[0]!.occurredAt).getTime());
  expect(await outbox.countDocuments({})).toBe(0);

  // Nothing is handed over twice, and a run whose hand-over succeeds leaves the outbox empty.
  expect((await runJob(app, 'maintenance', {})).counts.eventsRepublished).toBe(0);
  const later = await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  expect(later.counts.eventsPublished).toBeGreaterThan(0);
  // The block list's events (underwriting.*) come from its own listener on the run's measures, not the run's counts.
  const waitingIds = new Set(waiting.map((event) => event.id));
  const ofTheRun = sink.events.filter((event) => !waitingIds.has(event.id) && !event.type.startsWith('underwriting.'));
  expect(ofTheRun).toHaveLength(later.counts.eventsPublished!);
  expect(new Set(sink.events.map((event) => event.id)).size).toBe(sink.events.length);
  expect(await outbox.countDocuments({})).toBe(0);
});
