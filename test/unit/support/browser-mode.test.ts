import { browserSuiteMode, inCi } from '../../support/browser-mode';

/** When a browser suite runs, skips or fails: a missing chromium may be skipped on purpose only outside CI. */
const CHROMIUM = '/nowhere/chromium';

test('a chromium that is there runs the suites, whatever the environment says', () => {
  expect(browserSuiteMode(CHROMIUM, true, {})).toEqual({ kind: 'run' });
  expect(browserSuiteMode(CHROMIUM, true, { CI: 'true', BROWSER_TESTS: 'skip' })).toEqual({ kind: 'run' });
});

test('without a chromium the suites fail, naming the path, unless skipped on purpose outside CI', () => {
  expect(browserSuiteMode(CHROMIUM, false, {})).toEqual({ kind: 'fail', message: expect.stringContaining('No chromium at /nowhere/chromium') });
  expect(browserSuiteMode(CHROMIUM, false, { BROWSER_TESTS: 'skip' })).toEqual({ kind: 'skip' });
  expect(browserSuiteMode(CHROMIUM, false, { BROWSER_TESTS: 'skip', CI: 'false' })).toEqual({ kind: 'skip' });
});

test('in CI, BROWSER_TESTS=skip does not turn a missing chromium into a pass', () => {
  const mode = browserSuiteMode(CHROMIUM, false, { BROWSER_TESTS: 'skip', CI: 'true' });
  expect(mode).toEqual({ kind: 'fail', message: expect.stringContaining('not honoured in CI') });
  expect(browserSuiteMode(CHROMIUM, false, { BROWSER_TESTS: 'skip', CI: '1' }).kind).toBe('fail');
});

test('CI is on for any value but empty, false and 0', () => {
  expect([undefined, '', 'false', 'FALSE', '0', ' '].map((value) => inCi({ CI: value }))).toEqual([false, false, false, false, false, false]);
  expect(['true', '1', 'yes', 'github'].map((value) => inCi({ CI: value }))).toEqual([true, true, true, true]);
});
