import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildStudio, studioIsStale } from '../../scripts/build-studio';
import { browserSuiteMode } from './browser-mode';
import { PROJECT_ROOT, startTestApp, TEST_PASSWORD, type TestApp } from './test-app';

/**
 * What the browser tests share: Debian's chromium (never a downloaded one) driven by
 * playwright-core, the built studio, screenshots in test-artifacts/screenshots, logging in.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-artifacts', 'screenshots');

/**
 * describe for browser tests, as browserSuiteMode decides: run; skipped on purpose (BROWSER_TESTS=skip,
 * outside CI only); or, without a chromium, one failing test that says what to install rather than a
 * suite that vanishes from the run.
 */
const mode = browserSuiteMode(CHROMIUM, fs.existsSync(CHROMIUM), process.env);
export const describeInBrowser: typeof describe =
  mode.kind === 'run'
    ? describe
    : mode.kind === 'skip'
      ? describe.skip
      : (((name: string) =>
          describe(name, () =>
            test('needs a chromium', () => {
              throw new Error(mode.message);
            }),
          )) as unknown as typeof describe);

/** Builds the studio if studio/dist is stale (startTestApp serves it only if it exists when the app is built) and makes the screenshot folder. */
export function prepareStudio(): void {
  if (studioIsStale()) buildStudio();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}

export async function launchBrowser(): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  // Generous: on a 2-core CI machine two browser suites and the API suites share the cores.
  page.setDefaultTimeout(45000);
  return { browser, page };
}

/** What a browser suite's tests use: the app under test and one browser page, set in the suite's beforeAll. */
export interface BrowserSuite {
  app: TestApp;
  browser: Browser;
  page: Page;
}

/**
 * The start-up every browser test file shares, as its hooks: beforeAll builds the studio if stale, starts
 * the app (with `environment`), launches the browser, then runs `setup` (fixtures, logging in); afterAll
 * closes the browser and the app. Tests read `suite.app` and `suite.page` once the hooks have run.
 */
export function browserSuite(setup: (suite: BrowserSuite) => Promise<void> = async () => undefined, environment: Record<string, string> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    prepareStudio();
    suite.app = await startTestApp(environment);
    ({ browser: suite.browser, page: suite.page } = await launchBrowser());
    await setup(suite);
  }, 240000);
  afterAll(async () => {
    // Either may be missing when beforeAll failed part way.
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}

export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Logs in through the login form (users made by createUserAndLogin have TEST_PASSWORD). */
export async function logIn(page: Page, app: TestApp, username: string): Promise<void> {
  await page.goto(`${app.url}/`);
  await page.getByLabel('用户名 Username').fill(username);
  await page.getByLabel('密码 Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: '登录 Log in' }).click();
  await page.getByTestId('who').filter({ hasText: username }).waitFor();
}

/** Logs out first when someone is logged in, then logs in as `username`. */
export async function switchUser(page: Page, app: TestApp, username: string): Promise<void> {
  await page.goto(`${app.url}/`);
  const logout = page.getByRole('button', { name: /Log out/ });
  const login = page.getByRole('button', { name: '登录 Log in' });
  await logout.or(login).first().waitFor();
  if (await logout.isVisible()) {
    await logout.click();
    await login.waitFor();
  }
  await logIn(page, app, username);
}
