/// <reference lib="dom" />
import { createOrgUnits } from '../api/authority/helpers';
import { standardContent } from '../api/rulesets/helpers';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';

/**
 * Review and approval in a real browser and the smaller things around it:
 * the approver's inbox lists rule-set versions, grants and overlays awaiting approval; the review
 * tab shows the submitter's note, the diff against the published version, the embedded tests and
 * the impact preview; Approve is not offered to someone who wrote part of the version; Publish asks
 * for confirmation; a publication for later shows as scheduled in the rule set and in the list.
 * A branch user is offered neither "New draft" on HQ's rule set nor an editable grants form; the
 * list shows descriptions; the title and the navigation say which page is open.
 */
const KEY = 'warning.obligor';
const BASE = `/api/v1/rulesets/${KEY}`;
const GRANTS = (unit: string) => `/api/v1/authority/grants/${unit}/${KEY}/versions`;
const OVERLAYS = (unit: string) => `/api/v1/authority/overlays/${unit}/${KEY}/versions`;
const NOTE = 'Raise orange to 40 days: too many orange warnings at 30-39 dpd';

describeInBrowser('review and approval in the studio', () => {
  const as: Record<string, string> = {};

  const suite = browserSuite(async ({ app }) => {
    await createOrgUnits(app, [['BR-SH', 'HQ']]);
    const users: [string, string[], string][] = [
      ['olivia', ['policy-owner'], 'HQ'],
      ['dana', ['policy-owner', 'approver'], 'HQ'],
      ['arthur', ['approver'], 'HQ'],
      ['sh-owner', ['policy-owner'], 'BR-SH'],
    ];
    for (const [name, roles, unit] of users) as[name] = await app.createUserAndLogin(name, roles, unit);

    // olivia drafts orangeDpd 40, dana (owner and approver) edits the draft, olivia submits it with a note.
    const content = standardContent(KEY);
    content.parameters.orangeDpd!.value = 40;
    expect((await app.request('POST', `${BASE}/versions`, { body: { basedOnVersion: 1, ruleSet: content }, as: as.olivia })).status).toBe(201);
    expect(
      (
        await app.request('PUT', `${BASE}/versions/2`, {
          body: { revision: 1, ruleSet: { ...content, description: `${content.description as string} (orange from 40 days)` } },
          as: as.dana,
        })
      ).status,
    ).toBe(200);
    expect((await app.request('POST', `${BASE}/versions/2/submit`, { body: { reason: NOTE }, as: as.olivia })).status).toBe(200);

    // A grant for Shanghai published, an overlay within it and a second grant awaiting approval.
    const grant = { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 40 } } };
    expect((await app.request('POST', GRANTS('BR-SH'), { body: { basedOnVersion: 0, grant }, as: as.olivia })).status).toBe(201);
    for (const [action, who] of [
      ['submit', 'olivia'],
      ['approve', 'arthur'],
      ['publish', 'arthur'],
    ] as const) {
      expect((await app.request('POST', `${GRANTS('BR-SH')}/1/${action}`, { body: {}, as: as[who] })).status).toBe(200);
    }
    expect(
      (
        await app.request('POST', GRANTS('BR-SH'), {
          body: { basedOnVersion: 1, grant: { ...grant, parameters: { orangeDpd: { min: 25, max: 40 } } } },
          as: as.olivia,
        })
      ).status,
    ).toBe(201);
    expect((await app.request('POST', `${GRANTS('BR-SH')}/2/submit`, { body: { reason: 'narrow the grant' }, as: as.olivia })).status).toBe(200);
    expect((await app.request('POST', OVERLAYS('BR-SH'), { body: { basedOnVersion: 0, values: { orangeDpd: 35 } }, as: as['sh-owner'] })).status).toBe(201);
    expect((await app.request('POST', `${OVERLAYS('BR-SH')}/1/submit`, { body: { reason: 'Shanghai: 35 days' }, as: as['sh-owner'] })).status).toBe(200);
  });

  const shot = (name: string) => screenshot(suite.page, name);
  const logInAt = async (username: string, url: string) => {
    await switchUser(suite.page, suite.app, username);
    await suite.page.goto(`${suite.app.url}${url}`);
  };
  const stateOf = async (version: number) => (await suite.app.request<{ state: string }>('GET', `${BASE}/versions/${version}`, { as: as.arthur })).body.state;

  it("the approver's inbox lists rule-set versions, grants and overlays awaiting approval", async () => {
    await logInAt('arthur', '/');
    await suite.page.getByRole('link', { name: /待我审批 My approvals/ }).click();
    await suite.page.waitForURL('**/inbox');
    const ruleSets = suite.page.getByRole('region', { name: /rule-set versions awaiting/ });
    await ruleSets.getByRole('link', { name: `${KEY} v2` }).waitFor();
    await expect(ruleSets.innerText()).resolves.toContain(NOTE);
    const grants = suite.page.getByRole('region', { name: /grants awaiting/ });
    await expect(grants.getByTestId('inbox-grant-BR-SH-2').innerText()).resolves.toContain('narrow the grant');
    await expect(grants.getByTestId('inbox-grant-BR-SH-1').count()).resolves.toBe(0);
    const overlays = suite.page.getByRole('region', { name: /overlays awaiting/ });
    await expect(overlays.getByTestId('inbox-overlay-BR-SH-1').innerText()).resolves.toContain('Shanghai: 35 days');
    await shot('40-inbox');
    // The overlay entry opens the overlay page of that unit and rule set.
    await expect(overlays.getByRole('link').first().getAttribute('href')).resolves.toBe(`/authority/overlays?orgUnit=BR-SH&ruleSet=${KEY}`);
  });

  it('someone who wrote part of the version is not offered Approve, and is told why', async () => {
    await logInAt('dana', `/rulesets/${KEY}/v/2`);
    await suite.page.getByRole('tab', { name: /Review/ }).click();
    await suite.page.getByTestId('not-approvable').waitFor();
    await expect(suite.page.getByTestId('not-approvable').innerText()).resolves.toMatch(/maker-checker/);
    await expect(suite.page.getByRole('button', { name: /Approve/ }).count()).resolves.toBe(0);
    await expect(suite.page.getByRole('button', { name: /Reject/ }).count()).resolves.toBe(0);
  });

  it('the approver sees note, diff, tests and impact, approves, and publishes for later after confirming', async () => {
    await logInAt('arthur', '/inbox');
    await suite.page
      .getByRole('region', { name: /rule-set versions awaiting/ })
      .getByRole('link', { name: `${KEY} v2` })
      .click();
    await suite.page.waitForURL(`**/rulesets/${KEY}/v/2**`);
    // The inbox opens the review tab directly.
    await expect(suite.page.getByRole('tab', { name: /Review/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(suite.page.getByTestId('submitter-note').innerText()).resolves.toContain(NOTE);
    await expect(suite.page.getByTestId('submitter-note').innerText()).resolves.toContain('olivia');
    await expect(suite.page.getByTestId('diff-summary').innerText()).resolves.toMatch(/v1 → v2[\s\S]*orangeDpd: 30 → 40/);
    await suite.page.getByTestId('tests-summary').waitFor();
    await expect(suite.page.getByTestId('tests-summary').innerText()).resolves.toMatch(/All passed/);
    await suite.page.getByTestId('impact-summary').waitFor();
    await expect(suite.page.getByTestId('impact-summary').innerText()).resolves.toContain('published v1');
    await shot('41-review-panel');

    await suite.page.getByRole('button', { name: /批准 Approve/ }).click();
    await suite.page.getByTestId('version-state').filter({ hasText: 'approved' }).waitFor();

    // Publish for an hour from now; the confirmation says what happens, and Cancel publishes nothing.
    await suite.page.getByLabel('定时 at').check();
    const at = new Date(Date.now() + 3_600_000);
    at.setSeconds(0, 0);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await suite.page.getByLabel('effective from').fill(local);
    // The studio writes times as YYYY-MM-DD HH:mm in the browser's time zone (the machine's, as here).
    const shown = local.replace('T', ' ');
    await suite.page.getByRole('button', { name: /^发布 Publish$/ }).click();
    const dialog = suite.page.getByRole('alertdialog');
    await expect(dialog.innerText()).resolves.toContain(`${KEY} v2`);
    await expect(dialog.innerText()).resolves.toContain(shown);
    await shot('42-publish-confirmation');
    await dialog.getByRole('button', { name: /取消 Cancel/ }).click();
    await expect(dialog.count()).resolves.toBe(0);
    expect(await stateOf(2)).toBe('approved');

    await suite.page.getByRole('button', { name: /^发布 Publish$/ }).click();
    await suite.page
      .getByRole('alertdialog')
      .getByRole('button', { name: /确认发布 Confirm/ })
      .click();
    await suite.page.getByTestId('version-state').filter({ hasText: 'scheduled' }).waitFor();
    await expect(suite.page.getByTestId('version-state').innerText()).resolves.toContain(shown);
    expect(await stateOf(2)).toBe('scheduled');
    // The header says what is in force and what is scheduled.
    await expect(suite.page.getByTestId('ruleset-status').innerText()).resolves.toMatch(/v1[\s\S]*待生效 scheduled[\s\S]*v2/);
    await shot('43-scheduled');

    // The list says scheduled, with the time, not published.
    await suite.page
      .getByRole('link', { name: /规则集 Rule sets/ })
      .first()
      .click();
    const row = suite.page.getByTestId(`ruleset-row-${KEY}`);
    await expect(row.getByTestId('published-cell').innerText()).resolves.toMatch(new RegExp(`^v1[\\s\\S]*待生效 scheduled for ${shown}`));
    await expect(row.getByTestId('published-cell').innerText()).resolves.toContain('v2');
    await shot('44-list-scheduled');
  });

  it('the list shows descriptions; the title and the navigation name the page', async () => {
    await logInAt('olivia', '/');
    const row = suite.page.getByTestId(`ruleset-row-${KEY}`);
    await expect(row.locator('td.description').innerText()).resolves.toContain('(orange from 40 days)');
    await expect(suite.page.getByTestId('ruleset-row-claim.trigger').locator('td.description').innerText()).resolves.toBe(
      standardContent('claim.trigger').description,
    );
    await expect(suite.page.title()).resolves.toBe('规则集 Rule sets · 策略工作台');
    const nav = suite.page.getByRole('navigation', { name: 'main' });
    await expect(nav.locator('[aria-current="page"]').allInnerTexts()).resolves.toEqual(['规则集 Rule sets']);

    await nav.getByRole('link', { name: '资产组合 Portfolio' }).click();
    await suite.page.waitForFunction(() => document.title === '资产组合 Portfolio · 策略工作台');
    await expect(nav.locator('[aria-current="page"]').allInnerTexts()).resolves.toEqual(['资产组合 Portfolio']);
    // The current entry looks different from the others, not only to screen readers.
    const weight = (name: string) =>
      nav.getByRole('link', { name, exact: true }).evaluate((element) => getComputedStyle(element).borderBottomStyle + getComputedStyle(element).fontWeight);
    expect(await weight('资产组合 Portfolio')).not.toBe(await weight('规则集 Rule sets'));

    await suite.page.goto(`${suite.app.url}/rulesets/${KEY}`);
    await suite.page.waitForFunction((key) => document.title === `${key} · 规则集 Rule sets · 策略工作台`, KEY);
    await expect(nav.locator('[aria-current="page"]').allInnerTexts()).resolves.toEqual(['规则集 Rule sets']);
  });

  it("a branch user is offered neither a new draft of HQ's rule set nor an editable grants form", async () => {
    await logInAt('sh-owner', `/rulesets/${KEY}`);
    await suite.page.getByTestId('read-only-owner').waitFor();
    await expect(suite.page.getByTestId('read-only-owner').innerText()).resolves.toContain('HQ');
    await expect(suite.page.getByRole('button', { name: /New draft/ }).count()).resolves.toBe(0);
    await shot('45-branch-rule-set');

    await suite.page.goto(`${suite.app.url}/authority/grants?orgUnit=BR-SH&ruleSet=${KEY}`);
    await suite.page.getByLabel('grant orangeDpd', { exact: true }).waitFor();
    await suite.page.getByTestId('grant-read-only').waitFor();
    for (const label of [
      'grant orangeDpd',
      'min of orangeDpd',
      'max of orangeDpd',
      'allowed values of orangeDpd',
      '下级机构继承 Sub-branches inherit',
      '产品 Products',
      '渠道 Channels',
    ]) {
      await expect(suite.page.getByLabel(label, { exact: true }).isDisabled()).resolves.toBe(true);
    }
    await expect(suite.page.getByRole('button', { name: /Save draft|Submit for review/ }).count()).resolves.toBe(0);
    await shot('46-branch-grants-read-only');

    // HQ's policy owner still gets both.
    await logInAt('olivia', `/rulesets/${KEY}`);
    await suite.page.getByRole('button', { name: /New draft/ }).waitFor();
    await suite.page.goto(`${suite.app.url}/authority/grants?orgUnit=BR-SH&ruleSet=${KEY}`);
    await expect(suite.page.getByLabel('min of orangeDpd', { exact: true }).isDisabled()).resolves.toBe(false);
  });
});
