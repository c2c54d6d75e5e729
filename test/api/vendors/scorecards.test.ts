import { dateOfMoment } from '../../../server/ground/calendar';
import { addMonths } from '../../../server/vendors/agency-calendar';
import { creditCodeCheckCharacter } from '../../../server/vendors/credit-code';
import { createOrgUnits, type ErrorBody } from '../authority/helpers';
import { activity, at, check, DAY, record, seedObligors } from '../collections/gate-helpers';
import { waitUntil } from '../../support/polling';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Agency scorecards, vendor.assessment and elimination over HTTP on the real database: elimination only
 * with three or more active agencies of a kind (Art. 22(2)), complaints reported as missing (never 0),
 * maker-checker on proposals, a serious confirmed finding suspends the agency (Art. 22(3)), and the
 * monthly job idempotent per month.
 */
let app: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};
const today = dateOfMoment(new Date());
let serial = 0;

function creditCode(): string {
  serial += 1;
  const first17 = `91350100N${String(serial).padStart(8, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}

interface Agency {
  agencyId: string;
  status: string;
  revision: number;
}
interface Detail {
  agency: Agency;
  history: { action: string; actor: string; note: string | null }[];
}
interface Scorecard {
  agencyId: string;
  month: string;
  score: number | null;
  missing: string[];
  complaints: { status: string; score: number | null; complaintsPerThousandCases: number | null; complaints?: number | null; placedCases?: number | null };
  recovery: { status: string };
  rank: { rank: number | null; activeOfKind: number; worst: boolean };
  assessment: { level: string; measures: string[]; facts: Record<string, unknown>; missingFacts: string[]; proposalId: string | null; decisionId: string };
  revision: number;
}
interface Proposal {
  proposalId: string;
  agencyId: string;
  state: string;
  revision: number;
  proposedBy: string;
}

async function post<T>(path: string, body: Record<string, unknown>, token = as.maker) {
  return app.request<T & ErrorBody>('POST', `/api/v1${path}`, { as: token, body });
}

async function ok<T>(path: string, body: Record<string, unknown>, token = as.maker): Promise<T> {
  const response = await post<T>(path, body, token);
  expect([path, response.status, response.status === 200 || response.status === 201 ? '' : response.text]).toEqual([path, response.status, '']);
  return response.body;
}

/** An agency taken through application, six clear checks and admission by a checker. */
async function admit(kind: string): Promise<string> {
  let detail = await ok<Detail>('/vendors', {
    creditCode: creditCode(),
    agencyName: `考核测试机构 ${serial}`,
    kind,
    workKinds: ['recovery'],
    foundedOn: addMonths(today, -60),
    bankExperienceMonths: 36,
    phoneTeamSize: 40,
    systems: { ownSystems: true, securityEvidence: ['等保三级证书'] },
    legalRepresentative: { name: '李四', idNumber: '110101199001011234' },
  });
  const id = detail.agency.agencyId;
  for (const subject of ['agency', 'legal-representative'])
    for (const check of ['illegal-or-criminal', 'blacklist', 'other-adverse'])
      detail = await ok<Detail>(`/vendors/${id}/checks`, {
        revision: detail.agency.revision,
        subject,
        kind: check,
        result: 'clear',
        checkedOn: today,
        source: '信用中国',
        evidenceRef: `EV-${subject}-${check}`,
      });
  detail = await ok<Detail>(`/vendors/${id}/admission/request`, { revision: detail.agency.revision });
  detail = await ok<Detail>(`/vendors/${id}/admission/approve`, { revision: detail.agency.revision }, as.checker);
  expect(detail.agency.status).toBe('admitted');
  return id;
}

async function rate(agencyId: string, month: string, rating: number): Promise<void> {
  const response = await app.request('PUT', `/api/v1/vendors/${agencyId}/scorecards/${month}/cooperation`, {
    as: as.maker,
    body: { averageResponseHours: null, dataCompleteness: null, rating },
  });
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
}

/** A finding as a QA review would raise it (the QA item lands separately): the store's document and its first history entry. */
async function raiseFinding(findingId: string, agencyId: string, severity: string, foundOn: string): Promise<void> {
  const now = new Date();
  await app.connection.db!.collection('collection_findings').insertOne({
    _id: findingId as never,
    obligorId: 'OB-SC-1',
    loanId: null,
    orgUnit: 'HQ',
    source: 'qa-review',
    sourceRef: `activity-${findingId}`,
    tags: ['insult'],
    severity,
    basis: 'Art. 13',
    evidence: { references: ['REC-1'], note: null },
    actor: { team: null, agentId: 'AG-7', agencyId },
    foundOn,
    status: 'open',
    dismissReason: null,
    remediation: null,
    taskId: null,
    revision: 1,
    createdAt: now,
    updatedAt: now,
  });
  await app.connection.db!.collection('collection_finding_history').insertOne({
    _id: `${findingId}:1` as never,
    subjectId: findingId,
    revision: 1,
    action: 'raised',
    actor: 'test',
    at: now,
    asOf: null,
    set: {},
    note: null,
    decisionId: null,
    facts: null,
  });
}

const scorecard = async (agencyId: string, month: string) => (await app.request<Scorecard>('GET', `/api/v1/vendors/${agencyId}/scorecards/${month}`)).body;
const proposals = async () => (await app.request<{ items: Proposal[] }>('GET', '/api/v1/vendors/eliminations')).body.items;
const agency = async (agencyId: string) => (await app.request<Detail>('GET', `/api/v1/vendors/${agencyId}`)).body;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  await app.platform.startJobs();
  as.maker = await app.createUserAndLogin('assessment-maker', ['policy-owner', 'approver'], 'HQ');
  as.checker = await app.createUserAndLogin('assessment-checker', ['approver'], 'HQ');
  await createOrgUnits(app, [['BR-GZ', 'HQ']]);
  as.branch = await app.createUserAndLogin('assessment-branch', ['admin', 'policy-owner', 'approver', 'branch-operator'], 'BR-GZ');
}, 120_000);
afterAll(() => app.close());

describe('elimination (Art. 22(2): three or more agencies of a kind, three included)', () => {
  const recovery: string[] = [];

  test('with two active recovery agencies no elimination is proposed, even for the worst', async () => {
    recovery.push(await admit('recovery-agency'), await admit('recovery-agency'));
    await rate(recovery[0]!, '2026-01', 95);
    await rate(recovery[1]!, '2026-01', 60);
    const run = await ok<{ assessed: number; proposed: number }>('/vendors/scorecards/run', { month: '2026-01' });
    expect([run.assessed, run.proposed]).toEqual([2, 0]);
    const worst = await scorecard(recovery[1]!, '2026-01');
    expect([worst.rank, worst.assessment.level, worst.assessment.measures, worst.assessment.proposalId]).toEqual([
      { rank: 2, activeOfKind: 2, worst: true },
      'C',
      ['reduce-placements'],
      null,
    ]);
    expect(await proposals()).toEqual([]);
  });

  test('with three the worst gets an elimination proposal, not a termination; vendor.assessed carries no personal data', async () => {
    recovery.push(await admit('recovery-agency'));
    await rate(recovery[0]!, '2026-02', 95);
    await rate(recovery[1]!, '2026-02', 80);
    await rate(recovery[2]!, '2026-02', 60);
    const run = await ok<{ assessed: number; proposed: number }>('/vendors/scorecards/run', { month: '2026-02' });
    expect([run.assessed, run.proposed]).toEqual([3, 1]);
    const worst = await scorecard(recovery[2]!, '2026-02');
    expect([worst.rank, worst.assessment.measures]).toEqual([{ rank: 3, activeOfKind: 3, worst: true }, ['reduce-placements', 'terminate']]);
    const listed = await proposals();
    expect(listed.map((proposal) => [proposal.agencyId, proposal.state, proposal.proposalId])).toEqual([
      [recovery[2], 'proposed', worst.assessment.proposalId],
    ]);
    expect((await agency(recovery[2]!)).agency.status).toBe('admitted');
    for (const other of [recovery[0]!, recovery[1]!]) expect((await scorecard(other, '2026-02')).assessment.measures).not.toContain('terminate');
    const event = sink.ofType('vendor.assessed').find((candidate) => candidate.data.agencyId === recovery[2] && candidate.data.month === '2026-02')!;
    expect(event.data).toMatchObject({ level: 'C', measures: ['reduce-placements', 'terminate'], proposalId: worst.assessment.proposalId });
    expect(JSON.stringify(event.data)).not.toMatch(/李四|110101199001011234|legalRepresentative/);
  });

  test('complaints are unknown: reported as missing, never as 0', async () => {
    const card = await scorecard(recovery[0]!, '2026-02');
    // No case placed with it: the complaints are counted (none) but the rate has no base.
    expect(card.complaints).toEqual({ status: 'unknown', score: null, complaintsPerThousandCases: null, complaints: 0, placedCases: 0 });
    expect(card.missing).toEqual(expect.arrayContaining(['complaints', 'recovery']));
    expect(card.assessment.facts).not.toHaveProperty('complaintsPerThousandCases');
    expect(card.assessment.facts).not.toHaveProperty('complaintsScore');
    expect(card.assessment.missingFacts).toContain('complaintsPerThousandCases');
    expect(card.score).toBe(95);
  });

  test('the proposal approved by its maker is refused (403 maker_checker); another approver approves it and the agency is terminated', async () => {
    const [proposal] = await proposals();
    expect(proposal!.proposedBy).toBe('assessment-maker');
    const own = await post<Proposal>(`/vendors/eliminations/${proposal!.proposalId}/approve`, { revision: proposal!.revision }, as.maker);
    expect([own.status, own.body.error.code]).toEqual([403, 'maker_checker']);
    expect((await agency(proposal!.agencyId)).agency.status).toBe('admitted');
    const approved = await ok<Proposal>(`/vendors/eliminations/${proposal!.proposalId}/approve`, { revision: proposal!.revision }, as.checker);
    expect(approved.state).toBe('approved');
    const terminated = await agency(proposal!.agencyId);
    expect([terminated.agency.status, terminated.history.at(-1)!.action]).toEqual(['terminated', 'terminated']);
  });

  test('the monthly job is idempotent per month: a rerun writes nothing, proposes nothing and publishes nothing', async () => {
    const before = sink.ofType('vendor.assessed').length;
    const job = await runJob(app, 'vendor-scorecards', { month: '2026-02' });
    expect((job as unknown as { counts: Record<string, number> }).counts).toMatchObject({ assessed: 0, unchanged: 3, proposed: 0, suspended: 0 });
    const again = await ok<{ assessed: number; unchanged: number }>('/vendors/scorecards/run', { month: '2026-02' });
    expect([again.assessed, again.unchanged]).toEqual([0, 3]);
    expect(sink.ofType('vendor.assessed').length).toBe(before);
    expect((await scorecard(recovery[0]!, '2026-02')).revision).toBe(1);
    expect(await proposals()).toHaveLength(1);
  });

  test('an agency’s scorecards over the months, newest first; branches read, only HQ runs', async () => {
    const history = await app.request<{ items: Scorecard[] }>('GET', `/api/v1/vendors/${recovery[0]}/scorecards`);
    expect(history.body.items.map((card) => card.month)).toEqual(['2026-02', '2026-01']);
    const month = await app.request<{ items: Scorecard[] }>('GET', '/api/v1/vendors/scorecards?month=2026-02', { as: as.branch });
    expect([month.status, month.body.items.length]).toEqual([200, 3]);
    const run = await post('/vendors/scorecards/run', { month: '2026-02' }, as.branch);
    expect([run.status, run.body.error.code]).toEqual([403, 'out_of_scope']);
    const rated = await app.request<ErrorBody>('PUT', `/api/v1/vendors/${recovery[0]}/scorecards/2026-02/cooperation`, {
      as: as.maker,
      body: { averageResponseHours: -1, dataCompleteness: 2, rating: null },
    });
    expect([rated.status, rated.body.error.details?.map((detail) => detail.path).sort()]).toEqual([
      400,
      ['/body/averageResponseHours', '/body/dataCompleteness'],
    ]);
  });
});

describe('violations (Art. 22(3))', () => {
  test('a confirmed high finding against an agency suspends it; the rectification closes through the register', async () => {
    const agencyId = await admit('collection-agency');
    const findingId = `qa:${agencyId}`;
    await raiseFinding(findingId, agencyId, 'high', today);
    await ok(`/collection/findings/${encodeURIComponent(findingId)}/confirm`, { revision: 1 });
    const suspended = await agency(agencyId);
    expect([suspended.agency.status, suspended.history.at(-1)!.action]).toEqual(['suspended', 'suspended']);
    expect(suspended.history.at(-1)!.note).toMatch(/high finding .* confirmed/);
    expect(sink.ofType('vendor.suspended').some((event) => event.data.agencyId === agencyId)).toBe(true);
    const closed = await ok<Detail>(`/vendors/${agencyId}/rectification/close`, {
      revision: suspended.agency.revision,
      decision: 'reinstate',
      evidence: { note: 'agent retrained', references: ['TR-1'] },
    });
    expect(closed.agency.status).toBe('admitted');
  });
});

describe('compliance (Art. 11-13): read from counters and the findings index', () => {
  test('activities of the agency’s agents, its gate checks and blocks, and its findings of the month make the compliance component', async () => {
    await seedObligors(app, ['OB-SC-2']);
    const agencyId = await admit('law-firm');
    const actor = { type: 'agency', agencyId, agentId: 'AG-1' };
    const recorded = await record(
      app,
      [1, 2, 3, 4].map(() => activity('OB-SC-2', { actor })),
    );
    expect(recorded.recordedCount).toBe(4);
    // Another agency's and the insurer's own activities do not count.
    await record(app, [activity('OB-SC-2'), activity('OB-SC-2', { actor: { type: 'agency', agencyId: 'OTHER', agentId: 'X' } })]);
    expect((await check(app, { obligorId: 'OB-SC-2', at: at('10:30'), actor })).outcome).not.toBe('block');
    expect((await check(app, { obligorId: 'OB-SC-2', at: at('23:30'), actor })).outcome).toBe('block');
    const month = DAY.slice(0, 7);
    // The gate counts beside its answer: wait (bounded) until both checks are in.
    await waitUntil(
      async () => ((await app.connection.db!.collection('vendor_agency_counters').findOne({ _id: `${agencyId}|${month}` as never }))?.gateChecks ?? 0) >= 2,
      10_000,
      'the agency’s gate checks counted',
    );
    await raiseFinding(`qa:${agencyId}:1`, agencyId, 'medium', DAY);
    await raiseFinding(`qa:${agencyId}:old`, agencyId, 'medium', '2026-10-31');
    await ok('/vendors/scorecards/run', { month });
    const card = (
      await app.request<Scorecard & { inputs: Record<string, unknown>; compliance: Record<string, unknown> }>(
        'GET',
        `/api/v1/vendors/${agencyId}/scorecards/${month}`,
      )
    ).body;
    expect(card.inputs).toMatchObject({ activities: 4, findings: 1, highSeverityFindings: 0, gateChecks: 2, gateBlocks: 1 });
    expect(card.compliance).toMatchObject({ status: 'known', findingsPerThousandActivities: 250, gateBlocksPerThousandChecks: 500 });
    expect(card.assessment.measures).toContain('reduce-placements');
  });
});

describe('the suspend measure', () => {
  test('a level D scorecard suspends the agency through the register; a rerun of the month suspends nothing more', async () => {
    const agencyId = await admit('collection-agency');
    await rate(agencyId, '2026-03', 30);
    const run = await ok<{ suspended: number }>('/vendors/scorecards/run', { month: '2026-03' });
    expect(run.suspended).toBe(1);
    const card = await scorecard(agencyId, '2026-03');
    expect([card.assessment.level, card.assessment.measures]).toEqual(['D', ['suspend']]);
    const suspended = await agency(agencyId);
    expect([suspended.agency.status, suspended.history.at(-1)!.note]).toEqual(['suspended', expect.stringContaining('assessment 2026-03: level D')]);
    const again = await ok<{ suspended: number; assessed: number }>('/vendors/scorecards/run', { month: '2026-03' });
    expect([again.suspended, again.assessed]).toEqual([0, 0]);
  });
});
