import { CLAIM_SCHEDULE, claimLoan } from '../../support/claim-book';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';

interface Backtest {
  backtestId: string;
  status: string;
  error?: string | null;
  progress: { phase: string; done: number; total: number };
}

/**
 * What happens to a backtest besides running to its end: one whose worker died while it ran is taken over by the next run
 * of the job (not left `running` for ever), and a cancel stops a queued one at once and a running one at its next page.
 */
describe('backtest lifecycle', () => {
  let app: TestApp;
  let owner: string;
  const BODY = { key: 'warning.obligor', version: 1, againstVersion: null, to: '2025-04', months: 2, outcomeMonths: 6 };

  beforeAll(async () => {
    app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' });
    const repayments = CLAIM_SCHEDULE.slice(0, 3).map((installment) => ({
      repaymentId: `L1-R${installment.seq}`,
      loanId: 'L1',
      paidAt: installment.dueDate,
      amount: 1087.53,
    }));
    const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', { body: { loans: [claimLoan('L1')], repayments } });
    expect([imported.status, imported.body.rejected]).toEqual([200, []]);
    owner = await app.createUserAndLogin('lc-owner', ['policy-owner']);
  }, 180000);
  afterAll(() => app.close());

  const view = async (backtestId: string) => (await app.request<Backtest>('GET', `/api/v1/backtests/${backtestId}`, { as: owner })).body;
  const ended = (backtestId: string) =>
    waitUntil(
      async () => {
        const latest = await view(backtestId);
        return ['succeeded', 'failed', 'cancelled'].includes(latest.status) ? latest : undefined;
      },
      60000,
      `backtest ${backtestId} to end`,
    );

  it('a queued backtest cancelled is never run; cancelling an ended one is refused', async () => {
    // The jobs are not started yet: the backtest stays queued.
    const queued = await app.request<Backtest>('POST', '/api/v1/backtests', { as: owner, body: BODY });
    expect(queued.status).toBe(202);
    const cancelled = await app.request<Backtest>('POST', `/api/v1/backtests/${queued.body.backtestId}/cancel`, { as: owner, body: {} });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    const again = await app.request<{ error: { code: string } }>('POST', `/api/v1/backtests/${queued.body.backtestId}/cancel`, { as: owner, body: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'backtest_ended']);
  });

  it('a run of the job in a process that is stopping leaves the queue to the next run', async () => {
    // The jobs are not started yet: the backtest stays queued until a run takes it.
    const queued = await app.request<Backtest>('POST', '/api/v1/backtests', { as: owner, body: BODY });
    const counts = await app.platform.services.backtests.runQueued(() => undefined, AbortSignal.abort());
    expect(counts.backtests).toBe(0);
    expect((await view(queued.body.backtestId)).status).toBe('queued');
    const cancelled = await app.request<Backtest>('POST', `/api/v1/backtests/${queued.body.backtestId}/cancel`, { as: owner, body: {} });
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('a backtest whose worker died while it ran is taken over by the next run of the job', async () => {
    const orphan = await app.request<Backtest>('POST', '/api/v1/backtests', { as: owner, body: BODY });
    // As a worker leaves it when its process dies part way: running, its progress stopped.
    await app.connection.db!.collection('backtests').updateOne(
      { _id: orphan.body.backtestId as unknown as never },
      {
        $set: {
          status: 'running',
          worker: 'a-worker-that-died',
          startedAt: new Date(Date.now() - 3_600_000),
          progress: { phase: 'facts', done: 3, total: 10 },
        },
      },
    );
    await app.platform.startJobs();
    const next = await app.request<Backtest>('POST', '/api/v1/backtests', { as: owner, body: BODY });
    expect((await ended(next.body.backtestId)).status).toBe('succeeded');
    expect((await ended(orphan.body.backtestId)).status).toBe('succeeded');
    // The cancelled ones (this test's and the stopping-run test's) stayed cancelled.
    const list = await app.request<{ items: Backtest[] }>('GET', '/api/v1/backtests', { as: owner });
    expect(list.body.items.map((item) => item.status).sort()).toEqual(['cancelled', 'cancelled', 'succeeded', 'succeeded']);
  }, 120000);
});
