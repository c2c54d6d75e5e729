/// <reference lib="dom" />
import { dateOfMoment } from '../../server/ground/calendar';
import { addMonths } from '../../server/vendors/agency-calendar';
import { creditCodeCheckCharacter } from '../../server/vendors/credit-code';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { runJob } from '../support/monitoring-helpers';
import { seedObligors } from '../api/collections/gate-helpers';
import { TEMPLATE_CONTENT } from '../api/vendors/placement-helpers';

/**
 * The agency register in a real browser (docs/vendors.md, docs/studio.md): a maker registers an agency,
 * records its six checks and requests admission; the maker (an approver too) is not offered Approve; the
 * approver finds the request in My approvals, opens it, approves; the agency shows admitted with its
 * history; an auditor (no edit rights) finds it in the register's filters and on the printable published
 * list. A change someone else made meanwhile is refused with the 409 message in words.
 */
const today = dateOfMoment(new Date());
const code = (serial: number) => {
  const first17 = `91350100E${String(serial).padStart(8, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
};
const AGENCY = code(1);
const OTHER = code(2);
const NAME = '福州明信催收服务有限公司';
const NOTE = '六项核查均已完成 all six checks clear';
const SUBJECTS = ['agency', 'legal-representative'] as const;
const KINDS = ['illegal-or-criminal', 'blacklist', 'other-adverse'] as const;

describeInBrowser('the agency register in the studio', () => {
  const as: Record<string, string> = {};
  const suite = browserSuite(async ({ app }) => {
    as.maker = await app.createUserAndLogin('vmaker', ['policy-owner', 'approver'], 'HQ');
    as.approver = await app.createUserAndLogin('vapprover', ['approver'], 'HQ');
    as.auditor = await app.createUserAndLogin('vauditor', ['auditor'], 'HQ');
    // A second agency, registered through the API, for the stale-edit case.
    const created = await app.request('POST', '/api/v1/vendors', {
      as: as.maker,
      body: {
        creditCode: OTHER,
        agencyName: '厦门正衡律师事务所',
        kind: 'law-firm',
        workKinds: ['recovery'],
        foundedOn: addMonths(today, -30),
        bankExperienceMonths: 0,
        phoneTeamSize: 0,
        systems: { ownSystems: false, securityEvidence: [] },
        legalRepresentative: { name: '王五', idNumber: '350102198001011234' },
      },
    });
    expect([created.status, created.status === 201 ? '' : created.text]).toEqual([201, '']);
  });
  const shot = (name: string) => screenshot(suite.page, name);
  const agency = async (id: string) =>
    (
      await suite.app.request<{ agency: { status: string; revision: number; admission: { state: string; decidedBy: string } | null } }>(
        'GET',
        `/api/v1/vendors/${id}`,
        { as: as.auditor },
      )
    ).body.agency;

  it('a maker registers an agency, records its checks and requests admission; the approver approves it from the inbox', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'vmaker');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '委外机构 Agencies' }).click();
    await page.waitForURL('**/vendors');
    await page.getByRole('button', { name: '登记机构 Register an agency' }).click();
    const form = page.getByRole('form', { name: 'register an agency' });
    await form.getByLabel('credit code').fill(AGENCY);
    await form.getByLabel('agency name').fill(NAME);
    await form.getByLabel('agency kind').selectOption('collection-agency');
    await form.getByLabel('founded on').fill(addMonths(today, -48));
    await form.getByLabel('bank experience months').fill('24');
    await form.getByLabel('phone team size').fill('30');
    await form.getByLabel('own systems').check();
    await form.getByLabel('security evidence').fill('等保三级证书 2026-017');
    await form.getByLabel('legal representative name').fill('赵六');
    await form.getByLabel('legal representative id number').fill('350102197501011234');
    await form.getByRole('button', { name: '登记 Register' }).click();
    await page.waitForURL(`**/vendors/${AGENCY}`);
    await expect(page.getByTestId('agency-name').innerText()).resolves.toBe(NAME);
    // The legal representative is personal data: the page shows what the server sends, masked.
    const representative = await page.getByTestId('legal-representative').innerText();
    expect(representative).toContain('***');
    expect(representative).not.toContain('赵六');
    await shot('vendors-10-profile');

    // The six checks through the form, each row appearing with its day, source and expiry.
    await page.getByRole('tab', { name: '核查 Checks' }).click();
    const check = page.getByRole('form', { name: 'record a check' });
    let recorded = 0;
    for (const subject of SUBJECTS)
      for (const kind of KINDS) {
        await check.getByLabel('check subject').selectOption(subject);
        await check.getByLabel('check kind').selectOption(kind);
        await check.getByLabel('check result').selectOption('clear');
        await check.getByLabel('check source').fill('信用中国');
        await check.getByLabel('evidence reference').fill(`EV-${subject}-${kind}`);
        await check.getByRole('button', { name: '记录核查 Record a check' }).click();
        recorded += 1;
        await page
          .getByRole('table', { name: 'agency checks' })
          .locator('tbody tr')
          .nth(recorded - 1)
          .waitFor();
      }
    const rows = await page.getByRole('table', { name: 'agency checks' }).locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(6);
    expect(rows[5]).toContain('EV-legal-representative-other-adverse');
    expect(rows[5]).toContain(addMonths(today, 12));
    await shot('vendors-20-checks');

    // Admission: requested with a note; the stored decision admits; the maker is no one's checker.
    await page.getByRole('tab', { name: '准入 Admission' }).click();
    await page.getByLabel('admission note').fill(NOTE);
    await page.getByRole('button', { name: '申请准入 Request admission' }).click();
    await expect(page.getByTestId('admission-state').innerText()).resolves.toContain('待审批 awaiting approval');
    await expect(page.getByTestId('admission-decision').innerText()).resolves.toContain('准入 admit');
    await expect(page.getByTestId('admission-note').innerText()).resolves.toBe(NOTE);
    await page.getByTestId('maker-no-approve').waitFor();
    await expect(page.getByRole('button', { name: '批准准入 Approve admission' }).count()).resolves.toBe(0);
    await shot('vendors-30-requested');

    // The approver's inbox lists the request beside rule sets, grants and overlays, and links to it.
    await switchUser(page, suite.app, 'vapprover');
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: /待我审批 My approvals/ })
      .click();
    const inbox = page.getByRole('region', { name: 'admission requests awaiting approval' });
    const entry = inbox.getByTestId(`inbox-agency-${AGENCY}`);
    await entry.waitFor();
    await expect(entry.innerText()).resolves.toMatch(new RegExp(`${NAME}[\\s\\S]*vmaker[\\s\\S]*${NOTE}`));
    await shot('vendors-40-inbox');
    await entry.getByRole('link', { name: NAME }).click();
    await page.waitForURL(`**/vendors/${AGENCY}?tab=admission`);
    await page.getByLabel('decision reason').fill('条件齐备 conditions met');
    await page.getByRole('button', { name: '批准准入 Approve admission' }).click();
    await page.getByTestId('admission-state').filter({ hasText: '已批准 approved' }).waitFor();
    await page.locator('.page-header').getByTestId('agency-status').filter({ hasText: '已准入 admitted' }).waitFor();
    expect(await agency(AGENCY)).toMatchObject({ status: 'admitted', admission: { state: 'approved', decidedBy: 'vapprover' } });

    // The history: applied, six checks, the request, the admission by the approver with its decision.
    await page.getByRole('tab', { name: '状态历史 Status history' }).click();
    const history = await page.getByRole('table', { name: 'agency history' }).locator('tbody tr').allInnerTexts();
    expect(history).toHaveLength(9);
    expect(history[0]).toContain('登记申请 applied');
    expect(history[7]).toMatch(/申请准入 admission requested[\s\S]*vmaker/);
    expect(history[8]).toMatch(/准入 admitted[\s\S]*vapprover[\s\S]*已准入 admitted[\s\S]*决策 decision/);
    await shot('vendors-50-history');
    // The request has left the inbox.
    await page.goto(`${suite.app.url}/inbox`);
    await inbox.waitFor();
    await expect(inbox.innerText()).resolves.toContain('无 Nothing waits.');
  });

  it('an auditor without edit rights filters the register and prints the published list', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'vauditor');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '委外机构 Agencies' }).click();
    await page.getByTestId(`agency-${OTHER}`).waitFor();
    await expect(page.getByRole('button', { name: '登记机构 Register an agency' }).count()).resolves.toBe(0);
    // The status filter goes to the address and survives a reload.
    await page.getByLabel('status filter').selectOption('admitted');
    await page.waitForURL('**/vendors?status=admitted');
    await page.reload();
    await page.getByTestId(`agency-${AGENCY}`).waitFor();
    await expect(page.getByTestId(`agency-${OTHER}`).count()).resolves.toBe(0);
    await expect(page.getByLabel('status filter').inputValue()).resolves.toBe('admitted');
    await page.getByLabel('status filter').selectOption('applied');
    await page.getByTestId(`agency-${OTHER}`).waitFor();
    await expect(page.getByTestId(`agency-${AGENCY}`).count()).resolves.toBe(0);

    // The published list: only the admitted agency, and its printed form leaves out the studio around it.
    await page.getByRole('link', { name: '准入机构公示名单 Published list of admitted agencies' }).click();
    await page.waitForURL('**/vendors/published');
    const published = page.getByTestId(`published-${AGENCY}`);
    await published.waitFor();
    await expect(published.innerText()).resolves.toMatch(new RegExp(`${NAME}[\\s\\S]*催收机构 collection agency[\\s\\S]*${today}`));
    await expect(page.getByTestId(`published-${OTHER}`).count()).resolves.toBe(0);
    await expect(page.locator('.published-agencies').innerText()).resolves.not.toContain('***');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.topbar').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: '打印 Print' }).isVisible()).resolves.toBe(false);
    await expect(published.isVisible()).resolves.toBe(true);
    await shot('vendors-60-published-print');
    await page.emulateMedia({ media: 'screen' });
    await expect(page.locator('.topbar').isVisible()).resolves.toBe(true);
  });

  it('a check recorded on a stale revision shows the 409 in words, and reloading lets it through', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'vmaker');
    await page.goto(`${suite.app.url}/vendors/${OTHER}?tab=checks`);
    const check = page.getByRole('form', { name: 'record a check' });
    await check.getByLabel('check source').fill('中国裁判文书网');
    await check.getByLabel('evidence reference').fill('EV-stale');
    // Someone else records a check meanwhile.
    const before = await agency(OTHER);
    const meanwhile = await suite.app.request('POST', `/api/v1/vendors/${OTHER}/checks`, {
      as: as.maker,
      body: {
        revision: before.revision,
        subject: 'agency',
        kind: 'blacklist',
        result: 'clear',
        checkedOn: today,
        source: '信用中国',
        evidenceRef: 'EV-meanwhile',
      },
    });
    expect(meanwhile.status).toBe(200);
    await check.getByRole('button', { name: '记录核查 Record a check' }).click();
    await expect(page.getByTestId('error-zh').innerText()).resolves.toBe('内容已被他人修改，请基于最新版本重试');
    await expect(page.getByRole('alert').first().innerText()).resolves.toContain('stale_version');
    await shot('vendors-70-stale');
    await page.getByRole('button', { name: '重新加载 Reload the latest' }).click();
    await page.getByRole('table', { name: 'agency checks' }).getByText('EV-meanwhile').waitFor();
    await check.getByLabel('check source').fill('中国裁判文书网');
    await check.getByLabel('evidence reference').fill('EV-after-reload');
    await check.getByRole('button', { name: '记录核查 Record a check' }).click();
    await page.getByRole('table', { name: 'agency checks' }).getByText('EV-after-reload').waitFor();
    expect((await agency(OTHER)).revision).toBe(before.revision + 2);
  });

  it('an agency page shows its agreement, placement and scorecards (complaints unknown, a chart); a second approver approves the elimination from the inbox; the exit records the attestation', async () => {
    const { page, app } = suite;
    const ok = async <T>(method: string, path: string, body: unknown, as_ = as.maker): Promise<T> => {
      const response = await app.request<T>(method, `/api/v1${path}`, { as: as_, body });
      expect([path, response.status < 300 ? '' : response.text]).toEqual([path, '']);
      return response.body;
    };
    // Three admitted collection agencies (Art. 22: three included), the last rated worst.
    type Detail = { agency: { agencyId: string; revision: number } };
    const admitted: string[] = [];
    for (const serial of [11, 12, 13]) {
      let detail = await ok<Detail>('POST', '/vendors', {
        creditCode: code(serial),
        agencyName: `考核机构 ${serial}`,
        kind: 'collection-agency',
        workKinds: ['collection'],
        foundedOn: addMonths(today, -60),
        bankExperienceMonths: 36,
        phoneTeamSize: 40,
        systems: { ownSystems: true, securityEvidence: ['等保三级证书'] },
        legalRepresentative: { name: '李四', idNumber: '110101199001011234' },
      });
      const id = detail.agency.agencyId;
      for (const subject of SUBJECTS)
        for (const kind of KINDS)
          detail = await ok<Detail>('POST', `/vendors/${id}/checks`, {
            revision: detail.agency.revision,
            subject,
            kind,
            result: 'clear',
            checkedOn: today,
            source: '信用中国',
            evidenceRef: `EV-${subject}-${kind}`,
          });
      detail = await ok<Detail>('POST', `/vendors/${id}/admission/request`, { revision: detail.agency.revision });
      await ok('POST', `/vendors/${id}/admission/approve`, { revision: detail.agency.revision }, as.approver);
      admitted.push(id);
    }
    const worst = admitted[2]!;
    // A template, HQ's agreement with the worst agency, and one collection case placed with it.
    await ok('POST', '/agreement-templates', { templateId: 'collection-std', title: '委外催收标准协议', content: TEMPLATE_CONTENT });
    const agreement = await ok<{ agreementId: string }>('POST', `/vendors/${worst}/agreements`, {
      orgUnit: 'HQ',
      templateId: 'collection-std',
      templateVersion: 1,
      signedOn: today,
      validFrom: today,
      capacity: 5,
      reference: 'HT-2026-088',
    });
    await app.platform.startJobs();
    await seedObligors(app, ['OB-V1']);
    await runJob(app, 'collection-cases', { asOf: '2026-11-20' });
    const cases = await ok<{ items: { caseId: string }[] }>('GET', '/collection/cases?status=open', undefined);
    const placement = await ok<{ placementId: string }>('POST', '/placements', { caseKind: 'collection', caseId: cases.items[0]!.caseId, agencyId: worst });
    // Two months of scorecards, HQ's cooperation ratings making the third the worst of its kind.
    for (const [month, ratings] of [
      ['2026-09', [90, 85, 70]],
      ['2026-10', [95, 80, 60]],
    ] as const) {
      for (const [index, rating] of ratings.entries())
        await ok('PUT', `/vendors/${admitted[index]}/scorecards/${month}/cooperation`, { averageResponseHours: null, dataCompleteness: null, rating });
      await ok('POST', '/vendors/scorecards/run', { month });
    }
    const proposals = await ok<{ items: { proposalId: string; agencyId: string; month: string }[] }>('GET', '/vendors/eliminations?state=proposed', undefined);
    const proposal = proposals.items.find((item) => item.agencyId === worst && item.month === '2026-10')!;
    expect(proposal).toBeDefined();

    await switchUser(page, app, 'vmaker');
    await page.goto(`${app.url}/vendors/${worst}`);
    await page.getByRole('tab', { name: '协议 Agreements' }).click();
    const agreementRow = page.getByTestId(`agreement-${agreement.agreementId}`);
    await expect(agreementRow.innerText()).resolves.toMatch(/HQ[\s\S]*collection-std v1[\s\S]*1 \/ 5[\s\S]*HT-2026-088[\s\S]*生效 active/);
    await shot('vendors-80-agreements');

    await page.getByRole('tab', { name: '委案 Placements' }).click();
    await expect(page.getByTestId(`placement-${placement.placementId}`).innerText()).resolves.toContain('在委 open');

    await page.getByRole('tab', { name: '考核 Scorecards' }).click();
    const october = page.getByTestId('scorecard-2026-10');
    await expect(october.getByTestId('complaints').innerText()).resolves.toBe('未知 unknown');
    await expect(october.getByTestId('level').innerText()).resolves.toContain('C');
    await page.getByRole('img', { name: /考核得分 Score over months/ }).waitFor();
    expect(await page.locator('figure.chart path').count()).toBeGreaterThan(0);
    await shot('vendors-90-scorecards');

    // The elimination proposal waits in the second approver's inbox; the proposer (vmaker) is not offered Approve.
    await page.goto(`${app.url}/inbox`);
    const own = page.getByTestId(`inbox-elimination-${proposal.proposalId}`);
    await own.waitFor();
    await expect(own.getByRole('button', { name: /批准淘汰 Approve elimination/ }).count()).resolves.toBe(0);
    await switchUser(page, app, 'vapprover');
    await page.goto(`${app.url}/inbox`);
    const entry = page.getByTestId(`inbox-elimination-${proposal.proposalId}`);
    // Ranked third of the kind's active agencies: three here, four when the first test's agency (unscored, unranked) was admitted too.
    await expect(entry.innerText()).resolves.toMatch(/2026-10[\s\S]*考核机构 13[\s\S]*3 \/ [34][\s\S]*待审批 proposed[\s\S]*vmaker/);
    await shot('vendors-100-elimination-inbox');
    await entry.getByRole('button', { name: /批准淘汰 Approve elimination/ }).click();
    await page.getByRole('region', { name: 'elimination proposals awaiting approval' }).getByText('已批准 approved').first().waitFor();
    expect((await agency(worst)).status).toBe('terminated');

    // The exit: the placement recalled, the attestation due, then recorded through the form.
    await switchUser(page, app, 'vmaker');
    await page.goto(`${app.url}/vendors/${worst}?tab=exit`);
    await expect(page.getByTestId('exit-recalled').innerText()).resolves.toContain(placement.placementId);
    await expect(page.getByTestId('exit-attestation').innerText()).resolves.toContain('待提交 due');
    const form = page.getByRole('form', { name: 'record the attestation' });
    await form.getByLabel('purged data').fill('债务人信息\n通话录音副本');
    await form.getByLabel('attestation evidence').fill('清除承诺书 2026-12');
    await form.getByLabel('attested by').fill('王经理 总经理');
    await form.getByLabel('purged on').fill(today);
    await form.getByRole('button', { name: '记录承诺 Record the attestation' }).click();
    await page.getByTestId('exit-attestation').filter({ hasText: '王经理' }).waitFor();
    await expect(page.getByTestId('exit-attestation').innerText()).resolves.toMatch(/王经理 总经理[\s\S]*债务人信息; 通话录音副本[\s\S]*vmaker/);
    await shot('vendors-110-exit');
  });
});
