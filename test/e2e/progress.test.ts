/// <reference lib="dom" />
import { syntheticPortfolio } from '../../server/portfolio/synthetic/synthetic-portfolio';
import type { ObligorMonitoringService } from '../../server/monitoring/obligor-monitoring.service';
import { standardContent } from '../api/rulesets/helpers';
import { waitUntil } from '../support/polling';
import { browserSuite, describeInBrowser, logIn, screenshot } from '../support/browser';

/**
 * The studio shows progress for what takes long: the impact preview streams its progress into
 * a bar with its phase, elapsed seconds and Cancel, which stops the work on the server; a button
 * whose request runs keeps its label, spins, is aria-busy and after a second says for how long.
 * The server's work is held at a known point (until the page shows what the test looks for, or
 * until the server saw the client go) so the order of events is certain, not a matter of speed.
 */
const KEY = 'warning.obligor';

describeInBrowser('progress in the studio', () => {
  const suite = browserSuite(async ({ app, page }) => {
    let index = 0;
    const rows = [...syntheticPortfolio({ loans: 300, months: 18, seed: 7 })].map(({ kind, ...record }) => ({ kind, index: ++index, record }));
    expect((await app.platform.services.portfolioImport.import(rows as never)).rejectedCount).toBe(0);
    const owner = await app.createUserAndLogin('olivia', ['policy-owner']);
    const content = standardContent(KEY);
    content.parameters.orangeDpd!.value = 40;
    expect((await app.request('POST', `/api/v1/rulesets/${KEY}/versions`, { as: owner, body: { basedOnVersion: 1, ruleSet: content } })).status).toBe(201);
    await logIn(page, app, 'olivia');
  });
  afterEach(() => jest.restoreAllMocks());

  /** Holds the facts read of the next previews until `release` says so; each read's outcome is kept. */
  function holdFacts(release: (signal: AbortSignal | undefined) => Promise<unknown>): Promise<unknown>[] {
    const monitoring: ObligorMonitoringService = suite.app.platform.services.obligorMonitoring;
    const facts = monitoring.facts.bind(monitoring);
    const reads: Promise<unknown>[] = [];
    jest.spyOn(monitoring, 'facts').mockImplementation((asOf, inputs) => {
      const read = (async () => {
        await release(inputs?.signal);
        return facts(asOf, inputs);
      })();
      reads.push(read);
      return read as never;
    });
    return reads;
  }

  async function openImpact(): Promise<void> {
    await suite.page.goto(`${suite.app.url}/rulesets/${KEY}/v/2`);
    await suite.page.getByRole('tab', { name: /Impact/ }).click();
  }

  it('the impact preview shows a progress bar with its phase while it runs, then the result', async () => {
    let seenProgress = false;
    holdFacts(() => waitUntil(() => seenProgress, 30000, 'the page to show the progress bar'));
    await openImpact();
    // Records, at every change of the page, whether the bar had a value and whether the result was there.
    await suite.page.evaluate(() => {
      const seen: { value: string | null; result: boolean }[] = [];
      (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[role=progressbar], progress');
        seen.push({ value: bar?.getAttribute('aria-valuenow') ?? null, result: document.querySelector('[data-testid=impact-summary]') !== null });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await suite.page.getByRole('button', { name: /Run impact preview/ }).click();
    const bar = suite.page.getByRole('progressbar', { name: 'impact preview progress' });
    await bar.and(suite.page.locator('[aria-valuenow]')).waitFor();
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('0');
    expect(Number(await bar.getAttribute('aria-valuemax'))).toBeGreaterThan(0);
    await expect(suite.page.getByTestId('progress-phase').innerText()).resolves.toMatch(/读取履约义务人事实 Reading obligor facts/);
    await expect(suite.page.getByTestId('progress-elapsed').innerText()).resolves.toMatch(/已用 Elapsed \d+ s/);
    await screenshot(suite.page, '90-impact-progress');
    seenProgress = true;

    await suite.page.getByTestId('impact-summary').waitFor();
    await expect(bar.count()).resolves.toBe(0);
    const seen = await suite.page.evaluate(() => (window as unknown as { progressSeen: { value: string | null; result: boolean }[] }).progressSeen);
    const firstBar = seen.findIndex((entry) => entry.value !== null);
    const firstResult = seen.findIndex((entry) => entry.result);
    expect(firstBar).toBeGreaterThanOrEqual(0);
    expect(firstBar).toBeLessThan(firstResult);
    // Never a bar and the result together.
    expect(seen.filter((entry) => entry.result && entry.value !== null)).toEqual([]);
  });

  it('Cancel stops the preview on the server and leaves the panel idle with no result', async () => {
    const reads = holdFacts((signal) => waitUntil(() => signal?.aborted, 30000, 'the server to see the studio close the connection'));
    await openImpact();
    await suite.page.getByRole('button', { name: /Run impact preview/ }).click();
    await suite.page.getByRole('progressbar', { name: 'impact preview progress' }).waitFor();
    await suite.page.getByRole('button', { name: '取消 Cancel' }).click();
    // The server saw the connection close and the work stopped there, before evaluating anyone.
    await waitUntil(() => reads.length > 0, 30000, 'the facts read to start');
    await expect(reads[0]).rejects.toMatchObject({ name: 'AbortError' });
    await suite.page.getByTestId('impact-cancelled').waitFor();
    await expect(suite.page.getByRole('progressbar').count()).resolves.toBe(0);
    await expect(suite.page.getByTestId('impact-summary').count()).resolves.toBe(0);
    await expect(suite.page.getByRole('button', { name: /Run impact preview/ }).isEnabled()).resolves.toBe(true);
  });

  it('a button whose request runs keeps its label, spins, is aria-busy and counts the seconds', async () => {
    const ruleSets = suite.app.platform.services.ruleSets;
    const runTests = ruleSets.runTests.bind(ruleSets);
    let seenCount = false;
    jest.spyOn(ruleSets, 'runTests').mockImplementation(async (key, version) => {
      await waitUntil(() => seenCount, 30000, 'the button to count the seconds');
      return runTests(key, version);
    });
    await suite.page.goto(`${suite.app.url}/rulesets/${KEY}/v/2`);
    await suite.page.getByRole('tab', { name: /Tests/ }).click();
    const button = suite.page.getByRole('button', { name: '运行测试 Run tests', exact: true });
    await button.click();
    await expect(button.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(button.locator('.spinner').count()).resolves.toBe(1);
    // After a second the elapsed time shows beside the button (a real elapsed-time wait, not a sleep).
    await suite.page
      .getByTestId('busy-note')
      .filter({ hasText: /处理中 Working… [1-9]\d* s/ })
      .waitFor();
    await screenshot(suite.page, '91-busy-button');
    seenCount = true;
    await suite.page.getByTestId('tests-summary').waitFor();
    await expect(button.getAttribute('aria-busy')).resolves.toBeNull();
    await expect(suite.page.getByTestId('busy-note').count()).resolves.toBe(0);
  });
});
