/// <reference lib="dom" />
import { createOrgUnits } from '../api/authority/helpers';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';

/**
 * The admin pages in a real browser: users (create, roles, org unit, reset password,
 * deactivate) and API keys (scoped, the secret shown once, revoked), both only in an admin's
 * navigation; an unknown address gets a not-found page instead of the rule-set list.
 */
const CAROL_PASSWORD = 'Spring-ledger-7491-kite';
const CAROL_NEW_PASSWORD = 'Autumn-harbour-2286-gull';

describeInBrowser('admin pages in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    await createOrgUnits(app, [['BR-SH', 'HQ']]);
    await app.createUserAndLogin('ada', ['admin']);
    await app.createUserAndLogin('peter', ['policy-owner']);
  });

  const shot = (name: string) => screenshot(suite.page, name);
  const user = async (username: string) =>
    (await suite.app.request<{ roles: string[]; orgUnit: string; active: boolean; displayName: string }>('GET', `/api/v1/users/${username}`)).body;
  const logInAs = (username: string, password: string) => suite.app.request('POST', '/api/v1/auth/login', { body: { username, password }, as: null });

  it('an admin creates a user, changes their roles, resets their password and deactivates them', async () => {
    await switchUser(suite.page, suite.app, 'ada');
    const nav = suite.page.getByRole('navigation', { name: 'main' });
    await nav.getByRole('link', { name: '用户 Users' }).click();
    await suite.page.waitForURL('**/users');
    await suite.page.waitForFunction(() => document.title === '用户 Users · 策略工作台');
    await suite.page.getByTestId('user-peter').waitFor();
    await expect(suite.page.getByTestId('user-peter').innerText()).resolves.toContain('policy-owner');

    // A weak password is refused with the server's reason under the field.
    const form = suite.page.getByRole('form', { name: 'new user' });
    await form.getByLabel('用户名 Username').fill('carol');
    await form.getByLabel('显示名 Display name').fill('Carol Chen');
    await form.getByLabel('初始密码 Initial password').fill('aaaaaaaaaaaaaa');
    await form.getByLabel('机构 Org unit').selectOption('BR-SH');
    await form.getByLabel('policy-owner', { exact: true }).check();
    await form.getByRole('button', { name: /创建用户 Create user/ }).click();
    await expect(form.locator('.field-error').innerText()).resolves.toContain('at least 5 different characters');
    await form.getByLabel('初始密码 Initial password').fill(CAROL_PASSWORD);
    await form.getByRole('button', { name: /创建用户 Create user/ }).click();
    await suite.page.getByTestId('user-carol').waitFor();
    await expect(suite.page.getByTestId('user-carol').innerText()).resolves.toMatch(/Carol Chen[\s\S]*BR-SH[\s\S]*policy-owner/);
    expect(await user('carol')).toMatchObject({ displayName: 'Carol Chen', orgUnit: 'BR-SH', roles: ['policy-owner'], active: true });
    await shot('50-users');

    // Roles: adding approver explains what maker-checker will still refuse.
    await suite.page
      .getByTestId('user-carol')
      .getByRole('button', { name: /编辑 Edit/ })
      .click();
    const editor = suite.page.getByRole('form', { name: 'edit carol' });
    await expect(editor.getByTestId('approver-note').count()).resolves.toBe(0);
    await editor.getByLabel('approver', { exact: true }).check();
    await expect(editor.getByTestId('approver-note').innerText()).resolves.toMatch(/maker-checker/);
    await editor.getByLabel('机构 Org unit').selectOption('HQ');
    await editor.getByRole('button', { name: /保存 Save/ }).click();
    await suite.page
      .getByTestId('user-carol')
      .filter({ hasText: /HQ[\s\S]*policy-owner, approver/ })
      .waitFor();
    expect(await user('carol')).toMatchObject({ orgUnit: 'HQ', roles: ['policy-owner', 'approver'] });

    // Reset the password: the old one stops working, the new one works.
    await suite.page
      .getByTestId('user-carol')
      .getByRole('button', { name: /重置密码 Reset password/ })
      .click();
    const reset = suite.page.getByRole('form', { name: 'reset password of carol' });
    await reset.getByLabel('新密码 New password').fill(CAROL_NEW_PASSWORD);
    await reset.getByRole('button', { name: /保存 Save/ }).click();
    await suite.page.getByRole('status').filter({ hasText: /carol/ }).waitFor();
    expect((await logInAs('carol', CAROL_PASSWORD)).status).toBe(401);
    expect((await logInAs('carol', CAROL_NEW_PASSWORD)).status).toBe(200);

    // Deactivate, after confirming.
    await suite.page
      .getByTestId('user-carol')
      .getByRole('button', { name: /停用 Deactivate/ })
      .click();
    await suite.page
      .getByRole('alertdialog')
      .getByRole('button', { name: /确认停用 Confirm/ })
      .click();
    await suite.page.getByTestId('user-carol').filter({ hasText: '已停用 inactive' }).waitFor();
    expect((await user('carol')).active).toBe(false);
    expect((await logInAs('carol', CAROL_NEW_PASSWORD)).status).toBe(401);
    await suite.page
      .getByTestId('user-carol')
      .getByRole('button', { name: /启用 Reactivate/ })
      .waitFor();
    await shot('51-user-deactivated');
  });

  it('an admin creates a scoped key, sees its secret once, and revokes it', async () => {
    await switchUser(suite.page, suite.app, 'ada');
    await suite.page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'API 密钥 API keys' }).click();
    await suite.page.waitForURL('**/api-keys');
    await suite.page.waitForFunction(() => document.title === 'API 密钥 API keys · 策略工作台');

    const form = suite.page.getByRole('form', { name: 'new API key' });
    await form.getByLabel('名称 Name').fill('core banking');
    await form.getByLabel('集成 Integration').check();
    await form.getByLabel('机构 Org unit').selectOption('HQ');
    await form.getByLabel('integration', { exact: true }).check();
    await form.getByLabel('claim.trigger', { exact: true }).check();
    await form.getByLabel('仅评估 Evaluate only').check();
    await form.getByLabel(/严格指标 Strict facts/).check();
    await form.getByRole('button', { name: /创建密钥 Create key/ }).click();
    const secret = await suite.page.getByTestId('new-secret').innerText();
    expect(secret).toMatch(/^ppk_/);
    await expect(suite.page.getByTestId('secret-notice').innerText()).resolves.toContain('只显示一次 shown once');
    const me = await suite.app.request<{ name: string; restrictions: unknown }>('GET', '/api/v1/auth/me', { as: secret });
    expect(me.body).toMatchObject({ name: 'core banking', restrictions: { ruleSetKeys: ['claim.trigger'], evaluateOnly: true, strictFacts: true } });
    await shot('52-api-key-created');

    // Reloaded, the page lists the key by its prefix and scope, never the secret.
    await suite.page.reload();
    const row = suite.page.getByTestId('api-key-core banking');
    await row.waitFor();
    await expect(suite.page.getByTestId('new-secret').count()).resolves.toBe(0);
    await expect(suite.page.locator('body').innerText()).resolves.not.toContain(secret);
    await expect(row.innerText()).resolves.toMatch(/claim\.trigger[\s\S]*仅评估 evaluate only[\s\S]*严格指标 strict facts/);
    await expect(row.innerText()).resolves.toContain(secret.slice(0, 8));

    // A key for a user carries the user's roles and unit.
    await form.getByLabel('名称 Name').fill('peter laptop');
    await form.getByLabel('用户 User', { exact: true }).check();
    await form.getByLabel('用户名 Username').selectOption('peter');
    await form.getByRole('button', { name: /创建密钥 Create key/ }).click();
    await suite.page.getByTestId('api-key-peter laptop').waitFor();
    await expect(suite.page.getByTestId('api-key-peter laptop').innerText()).resolves.toMatch(/peter[\s\S]*HQ[\s\S]*policy-owner/);

    await row.getByRole('button', { name: /吊销 Revoke/ }).click();
    await suite.page
      .getByRole('alertdialog')
      .getByRole('button', { name: /确认吊销 Confirm/ })
      .click();
    await row.filter({ hasText: '已吊销 revoked' }).waitFor();
    await expect(row.getByRole('button', { name: /吊销 Revoke/ }).count()).resolves.toBe(0);
    expect((await suite.app.request('GET', '/api/v1/auth/me', { as: secret })).status).toBe(401);
    await shot('53-api-key-revoked');
  });

  it('content that has not arrived is announced as loading (role=status), then as the error that stopped it', async () => {
    await switchUser(suite.page, suite.app, 'ada');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const body = JSON.stringify({ error: { code: 'database_unavailable', message: 'Held back by the test', details: [] } });
    await suite.page.route('**/api/v1/org-units', async (route) => {
      await released;
      await route.fulfill({ status: 503, contentType: 'application/json', body });
    });
    try {
      await suite.page.goto(`${suite.app.url}/org-units`);
      await suite.page.getByRole('status').filter({ hasText: '加载中 Loading…' }).waitFor({ timeout: 10000 });
      release();
      await suite.page.getByRole('alert').filter({ hasText: 'Held back by the test' }).waitFor();
      await expect(suite.page.getByRole('status').filter({ hasText: 'Loading' }).count()).resolves.toBe(0);
    } finally {
      await suite.page.unroute('**/api/v1/org-units');
    }
  });

  it('only admins see the admin pages; an unknown address is not found', async () => {
    await switchUser(suite.page, suite.app, 'peter');
    const nav = suite.page.getByRole('navigation', { name: 'main' });
    await nav.getByRole('link', { name: '规则集 Rule sets' }).waitFor();
    await expect(nav.getByRole('link', { name: '用户 Users' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'API 密钥 API keys' }).count()).resolves.toBe(0);
    await suite.page.goto(`${suite.app.url}/users`);
    await suite.page.getByTestId('admin-only').waitFor();

    await suite.page.goto(`${suite.app.url}/no-such-page`);
    await suite.page.getByRole('heading', { name: '页面不存在 Page not found' }).waitFor();
    await expect(suite.page.title()).resolves.toBe('页面不存在 Page not found · 策略工作台');
    await expect(suite.page.locator('body').innerText()).resolves.toContain('/no-such-page');
    await expect(suite.page.getByTestId('ruleset-row-warning.obligor').count()).resolves.toBe(0);
    await suite.page
      .getByRole('main')
      .getByRole('link', { name: /规则集 Rule sets/ })
      .click();
    await suite.page.getByTestId('ruleset-row-warning.obligor').waitFor();
    await shot('54-not-found');
  });
});
