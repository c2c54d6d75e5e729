/**
 * Whether a browser suite runs, is skipped on purpose, or fails for want of a chromium. Pure, so
 * test/unit/support/browser-mode.test.ts covers every case; describeInBrowser acts on it.
 *
 * A missing chromium never makes a suite vanish: it fails, saying what to install. BROWSER_TESTS=skip
 * skips on purpose on a developer's machine (the run then reports the suites skipped), but not in CI
 * (CI set, as CI services and .ci/run's callers set it): there a missing chromium fails the run rather
 * than letting the browser tests pass by not running.
 */
export type BrowserSuiteMode = { kind: 'run' } | { kind: 'skip' } | { kind: 'fail'; message: string };

/** CI=false or CI=0 is how a shell says "not CI"; any other value of CI is. */
export function inCi(environment: NodeJS.ProcessEnv): boolean {
  const value = environment.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export function browserSuiteMode(chromiumPath: string, chromiumFound: boolean, environment: NodeJS.ProcessEnv): BrowserSuiteMode {
  if (chromiumFound) return { kind: 'run' };
  const optedOut = environment.BROWSER_TESTS === 'skip';
  if (optedOut && !inCi(environment)) return { kind: 'skip' };
  const install = `install Debian's (apt-get install chromium) or set CHROMIUM_PATH`;
  return {
    kind: 'fail',
    message: optedOut
      ? `No chromium at ${chromiumPath}, and BROWSER_TESTS=skip is not honoured in CI (CI=${environment.CI}): ${install}`
      : `No chromium at ${chromiumPath}: ${install}, or BROWSER_TESTS=skip outside CI`,
  };
}
