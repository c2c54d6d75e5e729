import { at, seedObligors, type BatchAnswer, type CheckAnswer } from '../collections/gate-helpers';
import type { ErrorBody } from '../authority/helpers';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { agency, TEMPLATE_CONTENT, today } from './placement-helpers';

/**
 * Agreements, placements, agency keys and the exit (docs/vendors.md) over HTTP on the real database:
 * a branch agreement is inactive until HQ consents; placements are refused without an agreement, at
 * capacity, to an agency not admitted or not admitted for the work; an agency's key checks, records and
 * reads only the cases placed with it and is blocked at the gate once its agency is suspended; terminating
 * an agency recalls its open cases and opens the exit with the data-purge attestation due.
 */
let app: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};
const caseOf: Record<string, string> = {};
let agencyA: { agencyId: string; revision: number };
let agencyB: { agencyId: string; revision: number };
let branchAgreement: { agreementId: string; revision: number; status: string };

interface Placement {
  placementId: string;
  caseId: string;
  agencyId: string;
  agreementId: string;
  status: string;
}

const hq = () => ({ maker: as.maker!, checker: as.checker! });
const place = (obligor: string, agencyId: string, token = as.operator) =>
  app.request<Placement & ErrorBody>('POST', '/api/v1/placements', { as: token, body: { caseKind: 'collection', caseId: caseOf[obligor], agencyId } });

function expectRefused(response: { status: number; body: ErrorBody; text: string }, status: number, code: string) {
  expect([response.status, response.body.error?.code, response.status === status ? '' : response.text]).toEqual([status, code, '']);
}

async function createKey(agencyId: string): Promise<string> {
  const created = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: `agency ${agencyId}`, orgUnit: 'HQ', roles: ['integration'], agencyId },
  });
  expect([created.status, created.text]).toEqual([201, expect.any(String)]);
  return created.body.secret;
}

const check = (obligorId: string, agencyId: string, token: string) =>
  app.request<CheckAnswer & ErrorBody>('POST', '/api/v1/collection/check', {
    as: token,
    body: { obligorId, channel: 'call', at: at('10:00'), target: { type: 'obligor' }, actor: { type: 'agency', agencyId, agentId: 'agent-7' } },
  });

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' }, { eventSink: sink });
  await app.platform.startJobs();
  await seedObligors(app, ['OB-S1', 'OB-S2', 'OB-S3', 'OB-S4'], ['OB-B1']);
  as.maker = await app.createUserAndLogin('vendor-maker', ['policy-owner'], 'HQ');
  as.checker = await app.createUserAndLogin('vendor-checker', ['approver'], 'HQ');
  as.branchSigner = await app.createUserAndLogin('sh-signer', ['policy-owner', 'approver'], 'BR-SH');
  as.operator = await app.createUserAndLogin('sh-operator', ['branch-operator'], 'BR-SH');
  as.hqOperator = await app.createUserAndLogin('hq-operator', ['branch-operator'], 'HQ');
  const run = await runJob(app, 'collection-cases', { asOf: '2026-11-20' });
  expect(run.status).toBe('succeeded');
  const listed = await app.request<{ items: { caseId: string; obligorId: string }[] }>('GET', '/api/v1/collection/cases?status=open');
  for (const item of listed.body.items) caseOf[item.obligorId] = item.caseId;
  expect(Object.keys(caseOf).sort()).toEqual(['OB-B1', 'OB-S1', 'OB-S2', 'OB-S3', 'OB-S4']);
  agencyA = await agency(app, hq());
  agencyB = await agency(app, hq());
  const template = await app.request('POST', '/api/v1/agreement-templates', {
    as: as.maker,
    body: { templateId: 'collection-std', title: '委外催收标准协议', content: TEMPLATE_CONTENT },
  });
  expect([template.status, template.text]).toEqual([201, expect.any(String)]);
}, 180_000);
afterAll(() => app.close());

const agreement = (orgUnit: string, capacity: number, extra: Record<string, unknown> = {}) => ({
  orgUnit,
  templateId: 'collection-std',
  templateVersion: 1,
  signedOn: today,
  validFrom: today,
  capacity,
  ...extra,
});

describe('agreements', () => {
  it('refuses a bad agreement with field details, and a template revised on a stale revision', async () => {
    const bad = await app.request<ErrorBody>('POST', `/api/v1/vendors/${agencyA.agencyId}/agreements`, {
      as: as.maker,
      body: agreement('HQ', 1, { templateVersion: 9, validTo: '2000-01-01' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail) => detail.path).sort()).toEqual(['/body/templateVersion', '/body/validTo']);
    const missing = await app.request<ErrorBody>('POST', `/api/v1/vendors/${agencyA.agencyId}/agreements`, { as: as.maker, body: { orgUnit: 'HQ' } });
    expect([missing.status, missing.body.error.code]).toEqual([400, 'invalid_input']);
    const revised = await app.request<{ revision: number; versions: unknown[] }>('POST', '/api/v1/agreement-templates/collection-std/versions', {
      as: as.maker,
      body: { revision: 1, content: { ...TEMPLATE_CONTENT, subDelegation: 'with-written-consent' }, note: '允许书面同意后转委托' },
    });
    expect([revised.status, revised.body.revision, revised.body.versions.length]).toEqual([200, 2, 2]);
    const stale = await app.request<ErrorBody>('POST', '/api/v1/agreement-templates/collection-std/versions', {
      as: as.maker,
      body: { revision: 1, content: TEMPLATE_CONTENT },
    });
    expectRefused(stale, 409, 'stale_version');
    const branchTemplate = await app.request<ErrorBody>('POST', '/api/v1/agreement-templates', {
      as: as.branchSigner,
      body: { templateId: 'branch-own', title: 'x', content: TEMPLATE_CONTENT },
    });
    expectRefused(branchTemplate, 403, 'out_of_scope');
    // A branch signs for its own subtree only.
    const otherBranch = await app.request<ErrorBody>('POST', `/api/v1/vendors/${agencyA.agencyId}/agreements`, {
      as: as.branchSigner,
      body: agreement('BR-BJ', 1),
    });
    expect(otherBranch.status).toBe(403);
  });

  it('an agency without an agreement covering the case’s unit receives no work', async () => {
    expectRefused(await place('OB-S1', agencyB.agencyId), 422, 'no_agreement');
  });

  it('a branch’s agreement is inactive until an HQ approver other than the signer consents', async () => {
    const signed = await app.request<typeof branchAgreement>('POST', `/api/v1/vendors/${agencyB.agencyId}/agreements`, {
      as: as.branchSigner,
      body: agreement('BR-SH', 5),
    });
    expect([signed.status, signed.body.status]).toEqual([201, 'awaiting-consent']);
    branchAgreement = signed.body;
    // Without HQ's consent the agreement does not count: the placement is refused.
    expectRefused(await place('OB-S1', agencyB.agencyId), 422, 'no_agreement');
    // The branch cannot consent to its own agreement; nor can an HQ user without the approver role.
    const path = `/api/v1/agreements/${branchAgreement.agreementId}/consent`;
    expectRefused(await app.request<ErrorBody>('POST', path, { as: as.branchSigner, body: { revision: 1 } }), 403, 'out_of_scope');
    expect((await app.request('POST', path, { as: as.maker, body: { revision: 1 } })).status).toBe(403);
    const consented = await app.request<typeof branchAgreement>('POST', path, { as: as.checker, body: { revision: 1, note: '总公司同意' } });
    expect([consented.status, consented.body.status]).toEqual([200, 'active']);
    expectRefused(await app.request<ErrorBody>('POST', path, { as: as.checker, body: { revision: 2 } }), 409, 'invalid_state');
    // It covers the branch, not another branch.
    expectRefused(await place('OB-B1', agencyB.agencyId, as.hqOperator), 422, 'no_agreement');
  });

  it('a branch agreement HQ refuses stays inactive', async () => {
    const signed = await app.request<typeof branchAgreement>('POST', `/api/v1/vendors/${agencyA.agencyId}/agreements`, {
      as: as.branchSigner,
      body: agreement('BR-SH', 100),
    });
    const refused = await app.request<typeof branchAgreement>('POST', `/api/v1/agreements/${signed.body.agreementId}/refuse`, {
      as: as.checker,
      body: { revision: 1, note: '条款不符' },
    });
    expect([refused.status, refused.body.status]).toEqual([200, 'refused']);
    expectRefused(await place('OB-S1', agencyA.agencyId), 422, 'no_agreement');
  });
});

describe('placements', () => {
  it('refuses an agency that is not admitted, or not admitted for collection', async () => {
    const applied = await agency(app, hq(), { admitted: false });
    expectRefused(await place('OB-S1', applied.agencyId), 422, 'agency_not_admitted');
    const recoveryOnly = await agency(app, hq(), { workKinds: ['recovery'] });
    expectRefused(await place('OB-S1', recoveryOnly.agencyId), 422, 'agency_lacks_work_kind');
    const unknownCase = await app.request<ErrorBody>('POST', '/api/v1/placements', {
      as: as.operator,
      body: { caseKind: 'collection', caseId: caseOf['OB-B1'], agencyId: agencyB.agencyId },
    });
    expect(unknownCase.status).toBe(404);
    // Recovery cases are placeable too (they exist after a paid claim); a kind nobody places is a field error.
    const unknownRecoveryCase = await app.request<ErrorBody>('POST', '/api/v1/placements', {
      as: as.operator,
      body: { caseKind: 'recovery', caseId: 'x', agencyId: 'y' },
    });
    expect(unknownRecoveryCase.status).toBe(404);
    const badKind = await app.request<ErrorBody>('POST', '/api/v1/placements', {
      as: as.operator,
      body: { caseKind: 'complaint', caseId: 'x', agencyId: 'y' },
    });
    expect([badKind.status, badKind.body.error.details[0]!.path]).toEqual([400, '/body/caseKind']);
  });

  it('places within the agreement’s capacity, refuses beyond it, and recalls with a reason', async () => {
    const hq = await app.request<{ agreementId: string; status: string }>('POST', `/api/v1/vendors/${agencyA.agencyId}/agreements`, {
      as: as.maker,
      body: agreement('HQ', 1),
    });
    expect([hq.status, hq.body.status]).toEqual([201, 'active']);
    const first = await place('OB-S1', agencyA.agencyId);
    expect([first.status, first.body.agreementId, first.text]).toEqual([201, hq.body.agreementId, expect.any(String)]);
    expectRefused(await place('OB-S2', agencyA.agencyId), 422, 'agency_at_capacity');
    expectRefused(await place('OB-S1', agencyB.agencyId), 409, 'invalid_state');
    const recalled = await app.request<Placement>('POST', `/api/v1/placements/${first.body.placementId}/recall`, {
      as: as.operator,
      body: { reason: '回收重新分配' },
    });
    expect([recalled.status, recalled.body.status]).toEqual([200, 'recalled']);
    const history = await app.request<{ history: { action: string; note: string | null }[] }>('GET', `/api/v1/collection/cases/${caseOf['OB-S1']}`);
    expect(history.body.history.map((entry) => entry.action).slice(-2)).toEqual(['placed', 'recalled']);
    // Placing and recalling publish collection.case-assigned for the case's new revision, saying where it is placed.
    const assigned = sink.ofType('collection.case-assigned').map((event) => event.data as { caseId: string; placedWith?: string | null });
    expect(assigned.filter((data) => data.caseId === caseOf['OB-S1']).map((data) => data.placedWith ?? null)).toEqual(
      expect.arrayContaining([agencyA.agencyId, null]),
    );
    // The slot is free again: A takes OB-S2; B (the branch agreement) takes OB-S1 and OB-S3.
    expect((await place('OB-S2', agencyA.agencyId)).status).toBe(201);
    expect((await place('OB-S1', agencyB.agencyId)).status).toBe(201);
    expect((await place('OB-S3', agencyB.agencyId)).status).toBe(201);
    const listed = await app.request<{ items: Placement[] }>('GET', `/api/v1/placements?agencyId=${agencyB.agencyId}&status=open`, { as: as.operator });
    expect(listed.body.items.map((item) => item.caseId).sort()).toEqual([caseOf['OB-S1']!, caseOf['OB-S3']!].sort());
  });

  it('an agency with a case placed in the month and a repayment on it gets a recovery component above zero', async () => {
    // Agency A held OB-S1 (placed and recalled today) and holds OB-S2 (placed today): both pay their overdue today, so both count for A,
    // in full (recovery is A's only known component: a low one would rate A level D and suspend it, which the agency-key tests below do not expect).
    const repaid = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
      body: {
        repayments: [
          { repaymentId: 'L-OB-S1-R1', loanId: 'L-OB-S1', paidAt: today, amount: 1000 },
          { repaymentId: 'L-OB-S2-R1', loanId: 'L-OB-S2', paidAt: today, amount: 1000 },
        ],
      },
    });
    expect([repaid.status, repaid.body.rejected]).toEqual([200, []]);
    const month = today.slice(0, 7);
    const run = await app.request('POST', '/api/v1/vendors/scorecards/run', { as: as.maker, body: { month } });
    expect([run.status, run.text]).toEqual([200, expect.any(String)]);
    const card = await app.request<{
      recovery: { status: string; recoveryRate: number | null; byStage: { stage: string; placedBalance: number; recovered: number }[] };
    }>('GET', `/api/v1/vendors/${agencyA.agencyId}/scorecards/${month}`);
    expect([card.status, card.body.recovery.status]).toEqual([200, 'known']);
    expect(card.body.recovery.recoveryRate).toBeGreaterThan(0);
    expect(card.body.recovery.byStage.map((stage) => [stage.stage, stage.placedBalance, stage.recovered])).toEqual([['M2', 2000, 2000]]);
  });
});

describe('agency API keys', () => {
  it('refuses a key for an agency the register does not hold, with the field', async () => {
    const bad = await app.request<ErrorBody>('POST', '/api/v1/api-keys', { body: { name: 'x', orgUnit: 'HQ', roles: ['integration'], agencyId: 'NOPE' } });
    expect([bad.status, bad.body.error.details[0]!.path]).toEqual([400, '/body/agencyId']);
  });

  it('checks, records and reads only the cases placed with its agency, as that agency', async () => {
    const key = await createKey(agencyA.agencyId);
    const allowed = await check('OB-S2', agencyA.agencyId, key);
    expect([allowed.status, allowed.body.outcome, allowed.body.facts?.vendorStatus]).toEqual([200, 'allow', 'active']);
    // OB-S1 is placed with B, OB-S4 with no one: both unknown to A's key.
    expectRefused(await check('OB-S1', agencyA.agencyId, key), 404, 'unknown_obligor');
    expectRefused(await check('OB-S4', agencyA.agencyId, key), 404, 'unknown_obligor');
    const otherActor = await check('OB-S2', agencyB.agencyId, key);
    expect([otherActor.status, otherActor.body.error?.code, otherActor.body.error?.details?.[0]?.path]).toEqual([422, 'agency_key_actor', '/body/actor']);
    const cases = await app.request<{ items: { caseId: string; placedWith: string | null }[] }>('GET', '/api/v1/collection/cases', { as: key });
    expect([cases.status, cases.body.items.map((item) => [item.caseId, item.placedWith])]).toEqual([200, [[caseOf['OB-S2']!, agencyA.agencyId]]]);
    expect((await app.request('GET', `/api/v1/collection/cases/${caseOf['OB-S1']}`, { as: key })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/collection/cases/${caseOf['OB-S2']}`, { as: key })).status).toBe(200);
    const actor = { type: 'agency', agencyId: agencyA.agencyId, agentId: 'agent-7' };
    const base = { at: at('10:05'), channel: 'sms', target: { type: 'obligor' }, outcome: 'answered' };
    const recorded = await app.request<BatchAnswer>('POST', '/api/v1/collection/activities', {
      as: key,
      body: {
        activities: [
          { activityId: 'AK-1', obligorId: 'OB-S2', actor, ...base },
          { activityId: 'AK-2', obligorId: 'OB-S1', actor, ...base },
          { activityId: 'AK-3', obligorId: 'OB-S2', actor: { type: 'internal', agentId: 'x' }, ...base },
        ],
      },
    });
    const rejected = recorded.body.rejected.map((row) => [row.activityId, row.code, row.problems[0]!.path]).sort();
    expect([recorded.status, recorded.body.recordedCount, rejected]).toEqual([
      200,
      1,
      [
        ['AK-2', 'unknown_obligor', '/obligorId'],
        ['AK-3', 'invalid_input', '/actor'],
      ],
    ]);
  });

  it('a suspended agency’s key is blocked at the gate with the vendor reason', async () => {
    const key = await createKey(agencyA.agencyId);
    const detail = await app.request<{ agency: { revision: number } }>('GET', `/api/v1/vendors/${agencyA.agencyId}`);
    const suspended = await app.request('POST', `/api/v1/vendors/${agencyA.agencyId}/suspend`, {
      as: as.maker,
      body: { revision: detail.body.agency.revision, reason: '质检发现违规催收，整改' },
    });
    expect(suspended.status).toBe(200);
    const blocked = await check('OB-S2', agencyA.agencyId, key);
    expect([blocked.status, blocked.body.outcome, blocked.body.facts.vendorStatus, blocked.body.reasons.map((reason) => reason.rule)]).toEqual([
      200,
      'block',
      'suspended',
      expect.arrayContaining(['block-vendor-not-active']),
    ]);
    expectRefused(await place('OB-S4', agencyA.agencyId), 422, 'agency_not_admitted');
  });
});

describe('exit', () => {
  it('terminating an agency recalls its open cases and opens the exit with the data-purge attestation due', async () => {
    const detail = await app.request<{ agency: { revision: number } }>('GET', `/api/v1/vendors/${agencyB.agencyId}`);
    expect((await app.request('GET', `/api/v1/vendors/${agencyB.agencyId}/exit`)).status).toBe(404);
    const terminated = await app.request('POST', `/api/v1/vendors/${agencyB.agencyId}/terminate`, {
      as: as.maker,
      body: { revision: detail.body.agency.revision, reason: '合作期满不再续约' },
    });
    expect([terminated.status, terminated.text]).toEqual([200, expect.any(String)]);
    const open = await app.request<{ items: Placement[] }>('GET', `/api/v1/placements?agencyId=${agencyB.agencyId}&status=open`);
    expect(open.body.items).toEqual([]);
    for (const obligor of ['OB-S1', 'OB-S3']) {
      const kase = await app.request<{ case: { placedWith: string | null }; history: { action: string }[] }>(
        'GET',
        `/api/v1/collection/cases/${caseOf[obligor]}`,
      );
      expect([kase.body.case.placedWith, kase.body.history.at(-1)!.action]).toEqual([null, 'recalled']);
    }
    const exit = await app.request<{ recalledPlacements: string[]; attestation: unknown; retained: string }>('GET', `/api/v1/vendors/${agencyB.agencyId}/exit`);
    expect([exit.status, exit.body.recalledPlacements.length, exit.body.attestation]).toEqual([200, 2, null]);
    expect(exit.body.retained).toMatch(/Nothing is deleted/);
    const path = `/api/v1/vendors/${agencyB.agencyId}/exit/attestation`;
    const bad = await app.request<ErrorBody>('POST', path, { as: as.maker, body: { purged: [], evidence: ['x'], attestedBy: '李四 总经理', purgedOn: today } });
    expect([bad.status, bad.body.error.details[0]!.path]).toEqual([400, '/body/purged']);
    const attested = await app.request<{ attestation: { purged: string[]; recordedBy: string } }>('POST', path, {
      as: as.maker,
      body: { purged: ['债务人个人信息', '催收录音副本'], evidence: ['数据销毁证明 2026-12-01'], attestedBy: '李四 总经理', purgedOn: today },
    });
    expect([attested.status, attested.body.attestation.recordedBy]).toEqual([200, 'vendor-maker']);
    expectRefused(
      await app.request<ErrorBody>('POST', path, { as: as.maker, body: { purged: ['x'], evidence: ['y'], attestedBy: 'z', purgedOn: today } }),
      409,
      'invalid_state',
    );
  });
});
