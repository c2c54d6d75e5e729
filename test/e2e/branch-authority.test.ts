/// <reference lib="dom" />
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';

/**
 * A branch user's walk-through in a real browser (Debian's chromium): HQ grants Shanghai bounds
 * on the obligor dpd bands and approves them; the Shanghai policy owner sees only Shanghai and its
 * sub-branch, is stopped at an out-of-bounds value before submitting, submits one within bounds;
 * Shanghai's approver publishes it; the effective rule set shows where each value comes from, and
 * the evaluation API decides with it.
 */
const KEY = 'warning.obligor';
// 31 days past due: orange under HQ's orangeDpd of 30, yellow under Shanghai's 35.
const FACTS = {
  customerTier: 'near-prime',
  channel: 'bank-branch',
  product: 'consumer',
  monthsOnBook: 12,
  overdueAmount: 3000,
  scoreDrop: 0,
  grade: 'B',
  dpd: 31,
};

describeInBrowser('a branch user in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    for (const [id, parent] of [
      ['BR-SH', 'HQ'],
      ['BR-BJ', 'HQ'],
      ['BR-SH-PD', 'BR-SH'],
    ] as const) {
      expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: `Unit ${id}`, parent } })).status).toBe(201);
    }
    await app.createUserAndLogin('hq-owner', ['policy-owner']);
    await app.createUserAndLogin('hq-approver', ['approver']);
    // Shanghai's policy owner also approves, so the test shows an author is never offered Approve on their own overlay.
    await app.createUserAndLogin('sh-owner', ['policy-owner', 'approver'], 'BR-SH');
    await app.createUserAndLogin('sh-approver', ['approver'], 'BR-SH');
    await app.createUserAndLogin('bj-owner', ['policy-owner'], 'BR-BJ');
  });

  const shot = (name: string) => screenshot(suite.page, name);

  async function logInAt(username: string, url: string) {
    await switchUser(suite.page, suite.app, username);
    await suite.page.goto(`${suite.app.url}${url}`);
  }

  const stateOf = (testId: string, cell: string) => suite.page.getByTestId(testId).getByTestId(cell);

  it('HQ grants bounds, the branch sets a value within them, its approver publishes, and evaluation follows', async () => {
    // HQ drafts the grant in the studio and submits it; an HQ approver approves and publishes it.
    await logInAt('hq-owner', `/authority/grants?orgUnit=BR-SH&ruleSet=${KEY}`);
    await suite.page.getByLabel('grant orangeDpd', { exact: true }).check();
    await suite.page.getByLabel('min of orangeDpd', { exact: true }).fill('20');
    await suite.page.getByLabel('max of orangeDpd', { exact: true }).fill('40');
    await suite.page.getByRole('button', { name: /Submit for review/ }).click();
    await stateOf('grant-version-1', 'grant-state').filter({ hasText: 'in review' }).waitFor();
    await shot('20-grant-submitted');

    await logInAt('hq-approver', `/authority/grants?orgUnit=BR-SH&ruleSet=${KEY}`);
    await suite.page
      .getByTestId('grant-version-1')
      .getByRole('button', { name: /Approve/ })
      .click();
    await stateOf('grant-version-1', 'grant-state').filter({ hasText: 'approved' }).waitFor();
    await suite.page
      .getByTestId('grant-version-1')
      .getByRole('button', { name: /Publish/ })
      .click();
    // Publishing changes what branches may do at once: the page asks first, and Cancel changes nothing.
    const confirmGrant = suite.page.getByRole('alertdialog', { name: 'confirm publish grant v1' });
    await expect(confirmGrant.innerText()).resolves.toContain('BR-SH');
    await confirmGrant.getByRole('button', { name: /Cancel/ }).click();
    await expect(stateOf('grant-version-1', 'grant-state').innerText()).resolves.toContain('approved');
    await suite.page
      .getByTestId('grant-version-1')
      .getByRole('button', { name: /Publish/ })
      .click();
    await confirmGrant.getByRole('button', { name: /确认发布 Confirm publish/ }).click();
    await stateOf('grant-version-1', 'grant-state').filter({ hasText: 'in force' }).waitFor();
    await shot('21-grant-published');

    // The Shanghai policy owner sees Shanghai and its sub-branch, nothing of Beijing or HQ.
    await logInAt('sh-owner', '/org-units');
    await suite.page.getByTestId('org-unit-BR-SH-PD').waitFor();
    await expect(suite.page.getByTestId('org-unit-BR-BJ').count()).resolves.toBe(0);
    await expect(suite.page.getByTestId('org-unit-HQ').count()).resolves.toBe(0);
    await shot('22-branch-org-units');

    // Their grant is visible to them, read-only: a unit never writes its own authority.
    await suite.page.goto(`${suite.app.url}/authority/grants`);
    await stateOf('grant-version-1', 'grant-state').filter({ hasText: 'in force' }).waitFor();
    await expect(suite.page.getByRole('button', { name: /Submit for review/ }).count()).resolves.toBe(0);
    const unitOptions = await suite.page.getByLabel('org unit').locator('option').allInnerTexts();
    expect(unitOptions.join('\n')).not.toMatch(/BR-BJ|HQ/);

    // The overlay editor shows bounds and HQ's value, and refuses an out-of-bounds value before submitting.
    await suite.page.goto(`${suite.app.url}/authority/overlays`);
    await expect(suite.page.getByTestId('bounds-orangeDpd').innerText()).resolves.toBe('20 to 40');
    await expect(suite.page.getByTestId('bounds-redDpd').innerText()).resolves.toContain('not granted');
    await expect(suite.page.getByLabel('value of redDpd', { exact: true }).count()).resolves.toBe(0);
    await suite.page.getByLabel('value of orangeDpd', { exact: true }).fill('45');
    await expect(suite.page.getByTestId('problem-orangeDpd').innerText()).resolves.toContain('20 to 40');
    await expect(suite.page.getByRole('button', { name: /Submit for review/ }).isDisabled()).resolves.toBe(true);
    await shot('23-overlay-out-of-bounds');
    await suite.page.getByLabel('value of orangeDpd', { exact: true }).fill('35');
    await expect(suite.page.getByTestId('problem-orangeDpd').count()).resolves.toBe(0);
    await suite.page.getByRole('button', { name: /Submit for review/ }).click();
    await stateOf('overlay-version-1', 'overlay-state').filter({ hasText: 'in review' }).waitFor();
    await shot('24-overlay-submitted');
    await expect(
      suite.page
        .getByTestId('overlay-version-1')
        .getByRole('button', { name: /Approve/ })
        .count(),
    ).resolves.toBe(0);
    await expect(suite.page.getByTestId('overlay-version-1').innerText()).resolves.toContain('作者不能批准 authors cannot approve');

    // Shanghai's approver (not the author) approves and publishes.
    await logInAt('sh-approver', '/authority/overlays');
    await suite.page
      .getByTestId('overlay-version-1')
      .getByRole('button', { name: /Approve/ })
      .click();
    await stateOf('overlay-version-1', 'overlay-state').filter({ hasText: 'approved' }).waitFor();
    await suite.page
      .getByTestId('overlay-version-1')
      .getByRole('button', { name: /Publish/ })
      .click();
    await suite.page
      .getByRole('alertdialog', { name: 'confirm publish overlay v1' })
      .getByRole('button', { name: /确认发布 Confirm publish/ })
      .click();
    await stateOf('overlay-version-1', 'overlay-state').filter({ hasText: 'in force' }).waitFor();

    // The effective rule set of Shanghai: orangeDpd from Shanghai's overlay, the rest from HQ.
    await logInAt('sh-owner', `/authority/effective?orgUnit=BR-SH&ruleSet=${KEY}`);
    await expect(suite.page.getByTestId('effective-orangeDpd').getByTestId('effective-value').innerText()).resolves.toContain('35');
    await expect(suite.page.getByTestId('effective-orangeDpd').getByTestId('origin').innerText()).resolves.toBe('BR-SH v1');
    await expect(suite.page.getByTestId('effective-redDpd').getByTestId('origin').innerText()).resolves.toContain('HQ');
    await expect(suite.page.getByTestId('effective-summary').innerText()).resolves.toContain('BR-SH v1');
    await shot('25-effective-rule-set');

    // The audit log shows the trail of Shanghai and its sub-branch only.
    await suite.page.goto(`${suite.app.url}/audit`);
    await suite.page.getByTestId('audit-entry').first().waitFor();
    const units = await suite.page.getByTestId('audit-entry').locator('td:nth-child(5)').allInnerTexts();
    expect(units.length).toBeGreaterThan(0);
    expect(units).toContain('BR-SH');
    expect(units.every((unit) => unit === 'BR-SH' || unit === 'BR-SH-PD')).toBe(true);
    await shot('26-branch-audit');

    // The evaluation API decides for Shanghai with its value; HQ still decides with its own.
    const decide = (orgUnit?: string) =>
      suite.app.request<{ events: { params: { level: string } }[] }>('POST', `/api/v1/rulesets/${KEY}/evaluate`, {
        body: { facts: FACTS, ...(orgUnit ? { orgUnit } : {}) },
      });
    expect((await decide('BR-SH')).body.events.map((event) => event.params.level)).toEqual(['yellow']);
    expect((await decide()).body.events.map((event) => event.params.level)).toEqual(['orange']);
  }, 180000);

  it('another branch sees none of it', async () => {
    await logInAt('bj-owner', `/authority/effective?orgUnit=BR-BJ&ruleSet=${KEY}`);
    await suite.page.getByTestId('effective-orangeDpd').waitFor();
    await expect(suite.page.getByTestId('effective-orangeDpd').getByTestId('origin').innerText()).resolves.toContain('HQ');
    await suite.page.goto(`${suite.app.url}/authority/overlays`);
    await suite.page.getByText(/holds no grant/).waitFor();
    await expect(suite.page.getByTestId('overlay-version-1').count()).resolves.toBe(0);
    await shot('27-other-branch');
  }, 60000);
});
