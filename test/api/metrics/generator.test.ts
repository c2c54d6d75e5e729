import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, startTestApp, TEST_ADMIN_KEY, type TestApp } from '../../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test('npm run generate -- --import streams a generated portfolio into a running platform', async () => {
  const script = path.join(PROJECT_ROOT, 'scripts', 'generate-portfolio.ts');
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', script, '--loans', '60', '--months', '6', '--seed', '3', '--import', app.url, '--api-key', TEST_ADMIN_KEY],
    { cwd: PROJECT_ROOT },
  );
  expect(stderr).toMatch(/Imported in [\d.]+ s: \{"loans":60,.*\}, 0 rejected/);
  expect(await app.connection.collection('portfolio_loans').countDocuments()).toBe(60);
  const facts = await app.request<{ total: { metrics: { loanCount: number } } }>('GET', '/api/v1/metrics/portfolio?month=2026-10');
  expect(facts.body.total.metrics.loanCount).toBe(60);
}, 60_000);

test('the generator refuses to import without a key', async () => {
  const script = path.join(PROJECT_ROOT, 'scripts', 'generate-portfolio.ts');
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', script, '--loans', '1', '--import', app.url], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, API_KEY: '' },
  });
  await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/needs an API key/) });
}, 60_000);
