/// <reference lib="dom" />
// The functions passed to page.waitForFunction run in the browser, hence the DOM types.
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { PROJECT_ROOT } from '../support/test-app';

/**
 * The rule editor in a real browser (Debian's chromium): the JSON editor's schema diagnostics,
 * hovers and value completion, and the threshold table's input checks and
 * wording (item 10). Each test works on a draft of its own so the edits do not meet.
 */
const KEY = 'warning.obligor';
type RuleSetContent = { rules: unknown[]; parameters: Record<string, { value: unknown; min?: number; max?: number; unit?: string }> };
// The value domain the test offers and checks, as the fact schema declares it.
const FACT_SCHEMA = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'rulesets', 'facts', 'warning-obligor-facts.json'), 'utf8')) as {
  properties: Record<string, { enum?: string[]; 'x-enum-labels'?: Record<string, string> }>;
};

describeInBrowser('the rule editor in a real browser', () => {
  const suite = browserSuite(async ({ app, page }) => {
    await app.createUserAndLogin('olivia', ['policy-owner']);
    await switchUser(page, app, 'olivia');
  });

  /** A new draft of the seeded rule set (from the published content, changed by `edit`), opened in the studio. */
  async function openNewDraft(edit: (content: RuleSetContent) => void = () => undefined): Promise<number> {
    const detail = await suite.app.request<{ summary: { latestVersion: number } }>('GET', `/api/v1/rulesets/${KEY}`);
    const published = await suite.app.request<{ ruleSet: RuleSetContent }>('GET', `/api/v1/rulesets/${KEY}/versions/1`);
    edit(published.body.ruleSet);
    const created = await suite.app.request<{ version: number }>('POST', `/api/v1/rulesets/${KEY}/versions`, {
      body: { basedOnVersion: detail.body.summary.latestVersion, ruleSet: published.body.ruleSet },
    });
    expect(created.status).toBe(201);
    await suite.page.goto(`${suite.app.url}/rulesets/${KEY}/v/${created.body.version}`);
    await suite.page.getByRole('button', { name: /保存草稿 Save draft/ }).waitFor();
    return created.body.version;
  }

  async function openJsonEditor() {
    await suite.page.getByRole('tab', { name: /JSON editor/ }).click();
    await suite.page.locator('.monaco-editor .view-lines').waitFor();
  }

  /**
   * Replaces the first match of `find` with `replacement` through Monaco's find-and-replace widget
   * (typing into the text would go through auto-closing quotes and brackets).
   */
  async function replaceInEditor(find: string, replacement: string) {
    await suite.page.locator('.monaco-editor .view-lines').click();
    await suite.page.keyboard.press('Control+Home');
    await suite.page.keyboard.press('Control+h');
    const widget = suite.page.locator('.monaco-editor .find-widget');
    await widget.getByRole('textbox', { name: 'Find' }).fill(find);
    await widget.getByRole('textbox', { name: 'Replace' }).fill(replacement);
    await widget.getByRole('textbox', { name: 'Replace' }).press('Enter');
    await suite.page.keyboard.press('Escape');
  }

  /** The problems Monaco lists under the editor (every marker of the model). */
  const problems = () => suite.page.getByRole('list', { name: 'schema problems' });

  it('shows schema errors, unknown fact names and unknown properties as markers, and describes keys on hover', async () => {
    await openNewDraft();
    await openJsonEditor();

    await replaceInEditor('"priority": 30,', '"priority": "high",');
    await problems()
      .filter({ hasText: /integer/i })
      .waitFor({ timeout: 5000 });
    await replaceInEditor(
      '"basis": "第七条(一)(二):按客群资质、渠道、账龄分别设定阈值;红色 = 预计损失严重;',
      '"colour": "red", "basis": "第七条(一)(二):按客群资质、渠道、账龄分别设定阈值;红色 = 预计损失严重;',
    );
    await problems()
      .filter({ hasText: /colour/ })
      .waitFor({ timeout: 5000 });
    await replaceInEditor('"fact": "dpd"', '"fact": "daysLate"');
    await problems().filter({ hasText: 'Not a fact of warning.obligor' }).waitFor({ timeout: 5000 });
    await screenshot(suite.page, 'editor-01-diagnostics');

    // Hover a key: its description from the rule schema.
    const key = suite.page.locator('.monaco-editor .view-line span', { hasText: '"basis"' }).first();
    await key.hover();
    await suite.page.locator('.monaco-hover').filter({ hasText: 'The article (Art. N)' }).waitFor({ timeout: 5000 });
    // Hover a fact name: its description from the family's fact schema.
    const fact = suite.page.locator('.monaco-editor .view-line span', { hasText: '"customerTier"' }).first();
    await fact.hover();
    await suite.page.locator('.monaco-hover').filter({ hasText: '客群资质' }).waitFor({ timeout: 5000 });
    await screenshot(suite.page, 'editor-02-hover');
  }, 120000);

  it("offers a fact's values with their labels where a condition compares it, and warns about a value outside them", async () => {
    const bucket = FACT_SCHEMA.properties.bucket!;
    expect(bucket.enum).toContain('M2');
    expect(bucket['x-enum-labels']?.M1).toBeDefined();
    await openNewDraft((content) => {
      content.rules.push({
        name: 'watch-bucket',
        basis: 'industry practice: watch late buckets',
        conditions: { all: [{ fact: 'bucket', operator: 'in', value: ['M2', 'M3'] }] },
        event: { type: 'warning', params: { level: 'yellow', signal: 'bucket', basis: 'industry practice' } },
      });
    });
    await openJsonEditor();
    // The draft's values are all in the domain: no warning (Monaco validates within a second or two).
    await problems()
      .or(suite.page.getByRole('tab', { name: /JSON editor/ }))
      .first()
      .waitFor();
    await replaceInEditor('"M3"', '"M9"');
    const warning = problems().getByText(/警告 Warning.*"M9".*is not a value of bucket/);
    await warning.waitFor({ timeout: 5000 });
    await screenshot(suite.page, 'editor-03-unknown-value');

    // Completion inside the value offers the domain, each value with its label.
    await suite.page.locator('.monaco-editor .view-lines').click();
    await suite.page.keyboard.press('Control+Home');
    await suite.page.keyboard.press('Control+f');
    await suite.page.locator('.monaco-editor .find-widget').getByRole('textbox', { name: 'Find' }).fill('M9"');
    await suite.page.keyboard.press('Escape');
    // The match is selected: go to its start (inside the quotes) and ask for suggestions.
    await suite.page.keyboard.press('ArrowLeft');
    await suite.page.keyboard.press('Control+Space');
    const suggest = suite.page.locator('.monaco-editor .suggest-widget');
    for (const value of bucket.enum!) await suggest.getByText(value, { exact: true }).waitFor({ timeout: 5000 });
    await suggest.getByText(bucket['x-enum-labels']!.M1!).waitFor();
    await screenshot(suite.page, 'editor-04-value-completion');
    // Choosing one replaces the unknown value, and the warning goes.
    await suggest.getByText('M1', { exact: true }).click();
    await warning.waitFor({ state: 'detached', timeout: 5000 });
  }, 120000);

  describe('the threshold table', () => {
    const row = (rule: string, fact: string) => suite.page.locator(`table[aria-label="threshold table"] tr[data-rule="${rule}"][data-fact="${fact}"]`);

    it("refuses a value that is not a number or outside the parameter's own bounds, inline, without writing it", async () => {
      await openNewDraft();
      const save = suite.page.getByRole('button', { name: /保存草稿 Save draft/ });
      await expect(save.innerText()).resolves.not.toContain('*');
      // orangeDpd: min 8, max 90; the orange band's lower bound and the yellow band's upper bound.
      const cell = suite.page.getByLabel('value of orange-dpd dpd #1');
      const refusal = row('orange-dpd', 'dpd').getByRole('alert');
      for (const [typed, reason] of [
        ['abc', '必须是数字 Must be a number'],
        ['200', "超出参数范围 Outside the parameter's bounds: 200 is above the maximum"],
        ['3', 'below the minimum'],
      ] as const) {
        await cell.fill(typed);
        await cell.press('Enter');
        await refusal.filter({ hasText: reason }).waitFor({ timeout: 5000 });
        // Not written: the other row on the same parameter keeps 30 and the draft has no unsaved edit.
        await expect(suite.page.getByLabel('value of yellow-dpd dpd #2').inputValue()).resolves.toBe('30');
        await expect(save.innerText()).resolves.not.toContain('*');
      }
      await screenshot(suite.page, 'editor-05-table-refuses');
      await cell.fill('45');
      await cell.press('Enter');
      await expect(suite.page.getByLabel('value of yellow-dpd dpd #2').inputValue()).resolves.toBe('45');
      await refusal.waitFor({ state: 'detached', timeout: 5000 });
      await save.filter({ hasText: '*' }).waitFor({ timeout: 5000 });
    }, 120000);

    it('reads operators and units in words, keeps OR branches visible and shows list values apart', async () => {
      // The published version, read-only.
      await suite.page.goto(`${suite.app.url}/rulesets/${KEY}/v/1`);
      await row('red-dpd', 'dpd').waitFor();
      await expect(row('red-dpd', 'dpd').getByTestId('operator').innerText()).resolves.toBe('≥ 不少于 at least');
      await expect(row('red-dpd', 'dpd').getByTestId('value').innerText()).resolves.toMatch(/redDpd =\s*60\s*天 days/);
      // yellow-grade fires on a grade downgrade OR a watch grade: both rows say which branch they are.
      await expect(row('yellow-grade', 'gradeDowngrade').getByTestId('branch').innerText()).resolves.toBe('或 OR 1/2');
      await expect(row('yellow-grade', 'grade').getByTestId('branch').innerText()).resolves.toBe('或 OR 2/2');
      // yellow-dpd's segment is "not subprime; (not early vintage OR ...)": the OR is kept in its text.
      await expect(row('yellow-dpd', 'dpd').first().locator('td.segment').innerText()).resolves.toContain(' 或 OR ');
      // A list parameter's items are separate chips; a band's two bounds are two list items.
      await expect(row('yellow-grade', 'grade').getByTestId('chip').allInnerTexts()).resolves.toEqual(['D', 'E']);
      await expect(
        row('yellow-dpd', 'dpd').first().getByRole('list', { name: 'values of yellow-dpd dpd' }).getByRole('listitem').allInnerTexts(),
      ).resolves.toEqual([expect.stringMatching(/yellowDpd =\s*8/), expect.stringMatching(/orangeDpd =\s*30/)]);
      await screenshot(suite.page, 'editor-06-table-words');

      // In a draft the operator menu speaks the same words, and a list is edited comma-separated.
      await openNewDraft();
      const operator = row('red-dpd', 'dpd').getByRole('combobox', { name: 'operator of red-dpd dpd' });
      await expect(operator.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text)).resolves.toBe('≥ 不少于 at least');
      await expect(suite.page.getByLabel('value of yellow-grade grade', { exact: true }).inputValue()).resolves.toBe('D, E');
    }, 120000);
  });
});
