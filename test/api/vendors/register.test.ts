import { dateOfMoment } from '../../../server/ground/calendar';
import { addDays, addMonths } from '../../../server/vendors/agency-calendar';
import { creditCodeCheckCharacter } from '../../../server/vendors/credit-code';
import { createOrgUnits, type ErrorBody } from '../authority/helpers';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The agency register (Arts 12, 21) over HTTP on the real database: applications with a checked credit
 * code, dated checks, admission by vendor.admission through maker-checker, suspension for rectification,
 * termination, the daily re-check, the published list, and who may change what.
 */
let app: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};
const today = dateOfMoment(new Date());
let serial = 0;

/** A valid unified social credit code (market regulator, Fuzhou), distinct per call. */
function creditCode(authority = '9'): string {
  serial += 1;
  const first17 = `${authority}1350100M${String(serial).padStart(8, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}

interface AgencyView {
  agencyId: string;
  agencyName: string;
  kind: string;
  status: string;
  revision: number;
  legalRepresentative: { name: string; idNumber: string };
  checks: { subject: string; kind: string; result: string; expiresOn: string }[];
  checksDueOn: string | null;
  admission: {
    state: string;
    decision: string;
    reasons: string[];
    decisionId: string;
    facts: Record<string, unknown>;
    checks: unknown[];
    requestedBy: string;
  } | null;
  admittedOn: string | null;
  rectification: { reason: string; outcome: string | null } | null;
}
interface Detail {
  agency: AgencyView;
  history: { revision: number; action: string; actor: string; changes: Record<string, unknown>; decisionId: string | null }[];
}

const application = (overrides: Record<string, unknown> = {}) => ({
  creditCode: creditCode(),
  agencyName: '福州清源催收服务有限公司',
  kind: 'collection-agency',
  workKinds: ['collection', 'recovery'],
  foundedOn: addMonths(today, -60),
  bankExperienceMonths: 36,
  phoneTeamSize: 40,
  systems: { ownSystems: true, securityEvidence: ['等保三级证书 2026-001'] },
  legalRepresentative: { name: '张三', idNumber: '110101199001011234' },
  ...overrides,
});

async function apply(overrides: Record<string, unknown> = {}, token = as.maker): Promise<Detail> {
  const created = await app.request<Detail>('POST', '/api/v1/vendors', { as: token, body: application(overrides) });
  expect([created.status, created.status === 201 ? '' : created.text]).toEqual([201, '']);
  return created.body;
}

async function post(agencyId: string, action: string, body: Record<string, unknown>, token = as.maker) {
  return app.request<Detail & ErrorBody>('POST', `/api/v1/vendors/${agencyId}/${action}`, { as: token, body });
}

async function ok(agencyId: string, action: string, body: Record<string, unknown>, token = as.maker): Promise<Detail> {
  const response = await post(agencyId, action, body, token);
  expect([action, response.status, response.status === 200 ? '' : response.text]).toEqual([action, 200, '']);
  return response.body;
}

/** The six checks (agency and legal representative, three exclusions each), all clear unless `found` names one. */
async function recordChecks(detail: Detail, checkedOn = today, found: [string, string][] = [], skip = 0): Promise<Detail> {
  let current = detail;
  let index = 0;
  for (const subject of ['agency', 'legal-representative'])
    for (const kind of ['illegal-or-criminal', 'blacklist', 'other-adverse']) {
      index += 1;
      if (index <= skip) continue;
      const result = found.some(([s, k]) => s === subject && k === kind) ? 'found' : 'clear';
      current = await ok(current.agency.agencyId, 'checks', {
        revision: current.agency.revision,
        subject,
        kind,
        result,
        checkedOn,
        source: '信用中国',
        evidenceRef: `EV-${subject}-${kind}`,
      });
    }
  return current;
}

async function requestAdmission(detail: Detail): Promise<Detail> {
  return ok(detail.agency.agencyId, 'admission/request', { revision: detail.agency.revision });
}

async function admit(overrides: Record<string, unknown> = {}, checkedOn = today): Promise<Detail> {
  const requested = await requestAdmission(await recordChecks(await apply(overrides), checkedOn));
  return ok(requested.agency.agencyId, 'admission/approve', { revision: requested.agency.revision }, as.checker);
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  await app.platform.startJobs();
  await createOrgUnits(app, [['BR-SH', 'HQ']]);
  as.maker = await app.createUserAndLogin('vendor-maker', ['policy-owner', 'approver'], 'HQ');
  as.checker = await app.createUserAndLogin('vendor-checker', ['approver'], 'HQ');
  as.branch = await app.createUserAndLogin('sh-everything', ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor'], 'BR-SH');
}, 120_000);
afterAll(() => app.close());

describe('admission as of the decision day', () => {
  test('an agency founded exactly 24 months ago is admitted: the decision is logged and its id and evidence kept; vendor.admitted goes out', async () => {
    const requested = await requestAdmission(await recordChecks(await apply({ foundedOn: addMonths(today, -24) })));
    const admission = requested.agency.admission!;
    expect([requested.agency.status, admission.state, admission.decision, admission.facts.monthsInBusiness]).toEqual(['applied', 'requested', 'admit', 24]);
    expect(admission.checks).toHaveLength(6);
    const decision = await app.request<{ decisionId: string; ruleSet: { key: string } }>('GET', `/api/v1/decisions/${admission.decisionId}`);
    expect([decision.status, decision.body.ruleSet?.key]).toEqual([200, 'vendor.admission']);
    const admitted = await ok(requested.agency.agencyId, 'admission/approve', { revision: requested.agency.revision }, as.checker);
    expect([admitted.agency.status, admitted.agency.admittedOn, admitted.agency.admission!.state]).toEqual(['admitted', today, 'approved']);
    expect(admitted.history.map((entry) => entry.action)).toEqual(['applied', ...Array(6).fill('check-recorded'), 'admission-requested', 'admitted']);
    const event = sink.ofType('vendor.admitted').find((candidate) => candidate.data.agencyId === requested.agency.agencyId)!;
    expect(event.data).toMatchObject({ status: 'admitted', decisionId: admission.decisionId });
    expect(JSON.stringify(event.data)).not.toMatch(/张三|110101199001011234|legalRepresentative/);
  });

  test('one founded 23 months ago is rejected for months in business, and the approver cannot overturn it (422)', async () => {
    const requested = await requestAdmission(await recordChecks(await apply({ foundedOn: addDays(addMonths(today, -24), 1) })));
    expect([requested.agency.admission!.decision, requested.agency.admission!.reasons, requested.agency.admission!.facts.monthsInBusiness]).toEqual([
      'reject',
      ['months-in-business'],
      23,
    ]);
    const refused = await post(requested.agency.agencyId, 'admission/approve', { revision: requested.agency.revision }, as.checker);
    expect([refused.status, refused.body.error.code]).toEqual([422, 'admission_decision_rejects']);
    const rejected = await ok(requested.agency.agencyId, 'admission/reject', { revision: requested.agency.revision, reason: 'too young' }, as.checker);
    expect(rejected.agency.status).toBe('rejected');
  });

  test('a law firm founded 23 months ago is admitted (the pack exempts it from the four conditions)', async () => {
    const admitted = await admit({ kind: 'law-firm', foundedOn: addDays(addMonths(today, -24), 1), phoneTeamSize: 0, bankExperienceMonths: 0 });
    expect([admitted.agency.status, admitted.agency.admission!.facts.isLawFirm]).toEqual(['admitted', true]);
  });

  test('a law firm whose legal representative is blacklisted is rejected', async () => {
    const checked = await recordChecks(await apply({ kind: 'law-firm', workKinds: ['recovery'] }), today, [['legal-representative', 'blacklist']]);
    const requested = await requestAdmission(checked);
    expect([requested.agency.admission!.decision, requested.agency.admission!.reasons]).toEqual(['reject', ['blacklisted']]);
  });

  test('an agency without check evidence is rejected (fail closed): none, or one of the six missing', async () => {
    const none = await requestAdmission(await apply());
    expect([none.agency.admission!.decision, none.agency.admission!.reasons]).toEqual(['reject', ['check-evidence-missing']]);
    const five = await requestAdmission(await recordChecks(await apply(), today, [], 1));
    expect([five.agency.admission!.decision, five.agency.admission!.reasons]).toEqual(['reject', ['check-evidence-missing']]);
  });

  test('the maker cannot approve their own request (403 maker_checker), nor can someone without the approver role', async () => {
    const requested = await requestAdmission(await recordChecks(await apply()));
    const own = await post(requested.agency.agencyId, 'admission/approve', { revision: requested.agency.revision }, as.maker);
    expect([own.status, own.body.error.code]).toEqual([403, 'maker_checker']);
    const admin = await post(requested.agency.agencyId, 'admission/approve', { revision: requested.agency.revision }, undefined);
    expect([admin.status, admin.body.error.code]).toEqual([403, 'maker_checker']);
    expect((await app.request<Detail>('GET', `/api/v1/vendors/${requested.agency.agencyId}`)).body.agency.status).toBe('applied');
  });
});

describe('the register', () => {
  test('a write naming a stale revision is 409 stale_version and changes nothing', async () => {
    const detail = await recordChecks(await apply(), today, [], 5);
    const stale = await post(detail.agency.agencyId, 'admission/request', { revision: detail.agency.revision - 1 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'stale_version']);
    expect((await app.request<Detail>('GET', `/api/v1/vendors/${detail.agency.agencyId}`)).body.agency.revision).toBe(detail.agency.revision);
  });

  test('bad input is 400 with field details: the credit code check character, a founding date in the future; a code registered twice is 409', async () => {
    const good = application();
    const wrongCheck = `${good.creditCode.slice(0, 17)}${good.creditCode.endsWith('0') ? '1' : '0'}`;
    const bad = await app.request<ErrorBody>('POST', '/api/v1/vendors', {
      as: as.maker,
      body: { ...good, creditCode: wrongCheck, foundedOn: addDays(today, 1) },
    });
    expect([bad.status, bad.body.error.code, bad.body.error.details?.map((detail) => detail.path)]).toEqual([
      400,
      'invalid_input',
      ['/body/creditCode', '/body/foundedOn'],
    ]);
    expect(bad.body.error.details![0]!.message).toMatch(/GB 32100 calls for/);
    const missing = await app.request<ErrorBody>('POST', '/api/v1/vendors', { as: as.maker, body: { ...good, kind: 'bank' } });
    expect([missing.status, missing.body.error.details?.[0]?.path]).toEqual([400, '/body/kind']);
    await apply({ creditCode: good.creditCode });
    const twice = await app.request<ErrorBody>('POST', '/api/v1/vendors', { as: as.maker, body: good });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'agency_registered']);
  });

  test('the legal representative is masked in answers and history; the published list has admitted agencies only, without personal data', async () => {
    const admitted = await admit({ agencyName: '公示测试催收有限公司' });
    const applied = await apply({ agencyName: '未准入测试有限公司' });
    expect(admitted.agency.legalRepresentative).toEqual({ name: '***', idNumber: '***' });
    expect(JSON.stringify(admitted)).not.toMatch(/张三|110101199001011234/);
    const published = await app.request<{ items: Record<string, unknown>[] }>('GET', '/api/v1/vendors/published', { as: as.branch });
    expect(published.status).toBe(200);
    const names = published.body.items.map((item) => item.agencyName);
    expect(names).toContain('公示测试催收有限公司');
    expect(names).not.toContain('未准入测试有限公司');
    expect(Object.keys(published.body.items[0]!).sort()).toEqual(['admittedOn', 'agencyId', 'agencyName', 'kind', 'workKinds']);
    expect(JSON.stringify(published.body)).not.toMatch(/张三|110101199001011234|\*\*\*/);
    expect(applied.agency.status).toBe('applied');
  });

  test('a branch reads the register but cannot change it (403 out_of_scope)', async () => {
    const admitted = await admit();
    const listed = await app.request<{ items: AgencyView[] }>('GET', '/api/v1/vendors?status=admitted&workKind=collection&kind=collection-agency', {
      as: as.branch,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items.every((item) => item.status === 'admitted' && item.kind === 'collection-agency')).toBe(true);
    expect((await app.request('GET', `/api/v1/vendors/${admitted.agency.agencyId}`, { as: as.branch })).status).toBe(200);
    const create = await app.request<ErrorBody>('POST', '/api/v1/vendors', { as: as.branch, body: application() });
    expect([create.status, create.body.error.code]).toEqual([403, 'out_of_scope']);
    const suspend = await post(admitted.agency.agencyId, 'suspend', { revision: admitted.agency.revision, reason: 'x' }, as.branch);
    expect([suspend.status, suspend.body.error.code]).toEqual([403, 'out_of_scope']);
  });

  test('suspension for rectification, its closing with evidence and a decision, and termination; webhooks and audit', async () => {
    const admitted = await admit();
    const id = admitted.agency.agencyId;
    const suspended = await ok(id, 'suspend', { revision: admitted.agency.revision, reason: 'QA: threatening calls' });
    expect([suspended.agency.status, suspended.agency.rectification!.reason]).toEqual(['suspended', 'QA: threatening calls']);
    expect(await app.platform.services.vendors.agencyStatus(id)).toBe('suspended');
    const reinstated = await ok(id, 'rectification/close', {
      revision: suspended.agency.revision,
      decision: 'reinstate',
      evidence: { note: 'retrained, recordings reviewed', references: ['QA-2026-17'] },
    });
    expect([reinstated.agency.status, reinstated.agency.rectification!.outcome]).toEqual(['admitted', 'reinstated']);
    expect(await app.platform.services.vendors.agencyStatus(id)).toBe('active');
    const terminated = await ok(id, 'terminate', { revision: reinstated.agency.revision, reason: 'contract ended' });
    expect(terminated.agency.status).toBe('terminated');
    expect(await app.platform.services.vendors.agencyStatus(id)).toBe('terminated');
    expect(await app.platform.services.vendors.agencyStatus('NO-SUCH-AGENCY')).toBe('unknown');
    const again = await post(id, 'suspend', { revision: terminated.agency.revision, reason: 'x' });
    expect([again.status, again.body.error.code]).toEqual([409, 'invalid_state']);
    expect(sink.ofType('vendor.suspended').some((event) => event.data.agencyId === id)).toBe(true);
    expect(sink.ofType('vendor.terminated').some((event) => event.data.agencyId === id)).toBe(true);
    const audit = await app.request<{ items: { action: string }[] }>('GET', `/api/v1/audit?entityKind=agency&entityId=${id}&limit=50`);
    expect(audit.body.items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['agency.applied', 'agency.admitted', 'agency.suspended', 'agency.rectification-closed', 'agency.terminated']),
    );
  });
});

describe('the daily re-check', () => {
  test('vendor-checks lists agencies due within the window and suspends admitted ones whose checks are past due', async () => {
    const checkedOn = addMonths(today, -11);
    const expiring = await admit({ agencyName: '核查将到期有限公司' }, checkedOn);
    const fresh = await admit({ agencyName: '核查新鲜有限公司' });
    const expiresOn = addMonths(checkedOn, 12);
    expect(expiring.agency.checksDueOn).toBe(expiresOn);
    const before = await runJob(app, 'vendor-checks', { asOf: addDays(expiresOn, -10) });
    expect((before as unknown as { counts: Record<string, number> }).counts).toMatchObject({ suspended: 0 });
    expect((before as unknown as { counts: Record<string, number> }).counts.dueForRecheck).toBeGreaterThanOrEqual(1);
    const dueList = await app.request<{ items: AgencyView[] }>('GET', `/api/v1/vendors?checksDueBy=${addDays(expiresOn, 20)}`);
    expect(dueList.body.items.map((item) => item.agencyId)).toContain(expiring.agency.agencyId);
    expect(dueList.body.items.map((item) => item.agencyId)).not.toContain(fresh.agency.agencyId);
    expect((await app.request<Detail>('GET', `/api/v1/vendors/${expiring.agency.agencyId}`)).body.agency.status).toBe('admitted');

    await runJob(app, 'vendor-checks', { asOf: expiresOn });
    const after = (await app.request<Detail>('GET', `/api/v1/vendors/${expiring.agency.agencyId}`)).body;
    expect([after.agency.status, after.history.at(-1)!.action, after.history.at(-1)!.actor]).toEqual(['suspended', 'suspended', 'job:vendor-checks']);
    expect((await app.request<Detail>('GET', `/api/v1/vendors/${fresh.agency.agencyId}`)).body.agency.status).toBe('admitted');
    expect(sink.ofType('vendor.suspended').some((event) => event.data.agencyId === expiring.agency.agencyId)).toBe(true);
    const audit = await app.request<{ items: { action: string; actor: string }[] }>(
      'GET',
      `/api/v1/audit?entityKind=agency&entityId=${expiring.agency.agencyId}&limit=50`,
    );
    expect(audit.body.items.find((entry) => entry.action === 'agency.suspended')?.actor).toBe('job:vendor-checks');
  });
});
