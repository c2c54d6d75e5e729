import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/test-app';

/**
 * A browser suite on a machine without chromium, run by a jest of its own as CI runs it: in CI it
 * fails even when BROWSER_TESTS=skip asks to skip it (outside CI that opt-out skips it: the cases are in
 * test/unit/support/browser-mode.test.ts). The fixture needs no database, so the child jest has no global setup.
 */
const JEST = path.join(PROJECT_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
// The project's own jest configuration (its transforms), pointed at the fixture alone, without the database.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { globalSetup: _setup, globalTeardown: _teardown, ...projectConfig } = require(path.join(PROJECT_ROOT, 'jest.config.js')) as Record<string, unknown>;
const CONFIG = { ...projectConfig, rootDir: PROJECT_ROOT, roots: ['<rootDir>/test/process/fixtures'], testMatch: ['**/browser-suite.fixture.ts'] };

function runFixture(environment: Record<string, string>): Promise<{ code: number; output: string }> {
  const { CI: _ci, BROWSER_TESTS: _browserTests, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [JEST, '--config', JSON.stringify(CONFIG), '--maxWorkers=1', '--colors=false'],
      { cwd: PROJECT_ROOT, env: { ...inherited, CHROMIUM_PATH: '/nowhere/chromium', ...environment }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

test('in CI a missing chromium fails the browser suite, even with BROWSER_TESTS=skip', async () => {
  const run = await runFixture({ CI: 'true', BROWSER_TESTS: 'skip' });
  expect(run.output).toContain('No chromium at /nowhere/chromium');
  expect(run.output).toMatch(/Tests:\s+1 failed, 1 total/);
  expect(run.code).toBe(1);
}, 120_000);
