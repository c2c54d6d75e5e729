import { CLAIM_SCHEDULE, claimLoan } from '../../support/claim-book';
import { waitUntil } from '../../support/polling';
import { standardContent } from '../rulesets/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

interface Measures {
  observations: number;
  bad: number;
  levels: { level: string; flaggedAtOrAbove: number; precision: number | null; recall: number | null; lift: number | null }[];
  auc: number | null;
  leadTime: { fromDays: number; toDays: number | null; count: number }[];
}
interface Backtest {
  backtestId: string;
  status: string;
  error?: string | null;
  orgUnit: string;
  versions: { role: string; key: string; version: number; hash: string }[];
  progress: { phase: string; done: number; total: number };
  result?: {
    observations: number;
    phases?: Record<string, number>;
    version: {
      version: number;
      hash: string;
      overall: Measures;
      segments: { dimension: string; value: string }[];
      missingFacts: { fact: string; evaluations: number }[];
    };
    against: { version: number; overall: Measures } | null;
    difference: { levels: { level: string; precision: number | null }[] } | null;
  };
}

// A small book with known outcomes: every loan of 12,000 in 12 instalments from February 2025, the first three paid on time.
// The good obligors pay every instalment; the bad ones stop after April, so they are current at the end of April and 91
// days past due (M3) at the end of July. Two in branch BR-A, two in branch BR-B.
const LOANS = [
  { loanId: 'A-GOOD', orgUnit: 'BR-A', bad: false },
  { loanId: 'A-BAD', orgUnit: 'BR-A', bad: true },
  { loanId: 'B-GOOD', orgUnit: 'BR-B', bad: false },
  { loanId: 'B-BAD', orgUnit: 'BR-B', bad: true },
  { loanId: 'B-GOOD2', orgUnit: 'BR-B', bad: false },
];
const repayments = LOANS.flatMap(({ loanId, bad }) =>
  CLAIM_SCHEDULE.slice(0, bad ? 3 : 12).map((installment) => ({
    repaymentId: `${loanId}-R${installment.seq}`,
    loanId,
    paidAt: installment.dueDate,
    amount: 1087.53,
  })),
);

describe('backtests', () => {
  let app: TestApp;
  let owner: string;
  let branchOwner: string;
  let draftVersion: number;

  beforeAll(async () => {
    app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' });
    await app.platform.startJobs();
    for (const id of ['BR-A', 'BR-B'])
      expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: `Unit ${id}`, parent: 'HQ' } })).status).toBe(201);
    const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
      body: { loans: LOANS.map(({ loanId, orgUnit }) => claimLoan(loanId, orgUnit)), repayments },
    });
    expect([imported.status, imported.body.rejected]).toEqual([200, []]);
    owner = await app.createUserAndLogin('bt-owner', ['policy-owner']);
    branchOwner = await app.createUserAndLogin('bt-branch', ['policy-owner'], 'BR-A');
    // A rule that flags exactly the obligors that later go bad: red for them by id, nothing else.
    const content = standardContent('warning.obligor');
    content.rules = [
      {
        name: 'known-bad',
        basis: '第七条 / Art. 7',
        conditions: { all: [{ fact: 'obligorId', operator: 'in', value: ['OB-A-BAD', 'OB-B-BAD'] }] },
        event: { type: 'warning', params: { level: 'red', signal: 'dpd', basis: '第七条 / Art. 7' } },
      },
    ] as unknown as typeof content.rules;
    content.tests = [];
    const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/warning.obligor/versions', {
      as: owner,
      body: { basedOnVersion: 1, ruleSet: content },
    });
    expect(draft.status).toBe(201);
    draftVersion = draft.body.version;
  }, 180000);
  afterAll(() => app.close());

  async function finished(backtestId: string, as: string): Promise<Backtest> {
    return waitUntil(
      async () => {
        const response = await app.request<Backtest>('GET', `/api/v1/backtests/${backtestId}`, { as });
        expect(response.status).toBe(200);
        return response.body.status === 'succeeded' || response.body.status === 'failed' ? response.body : undefined;
      },
      60000,
      `backtest ${backtestId} to finish`,
    );
  }

  it('gives precision and recall 1 when the rule flags exactly the obligors that go bad, and names the versions compared', async () => {
    const started = await app.request<Backtest>('POST', '/api/v1/backtests', {
      as: owner,
      body: { key: 'warning.obligor', version: draftVersion, to: '2025-04', months: 2, outcomeMonths: 6 },
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');
    const done = await finished(started.body.backtestId, owner);
    expect(done.status).toBe('succeeded');
    const result = done.result!;
    // Five obligors at two month-ends (March and April), none bad yet at either.
    expect(result.observations).toBe(10);
    // Where the time went, for the bench and the page: database reads, facts, evaluation, measures.
    expect(Object.keys(result.phases ?? {}).sort()).toEqual(['accumulateMs', 'bookReads', 'decodeMs', 'evaluationMs', 'factsMs', 'measuresMs', 'readMs']);
    const red = result.version.overall.levels.find((level) => level.level === 'red')!;
    expect(result.version.overall.bad).toBe(4);
    expect([red.flaggedAtOrAbove, red.precision, red.recall]).toEqual([4, 1, 1]);
    expect(result.version.overall.auc).toBe(1);
    // Warned from the end of March; M3 at the end of July: 122 days from March, 91 from April... the first warning counts.
    expect(result.version.overall.leadTime.reduce((sum, band) => sum + band.count, 0)).toBe(4);
    // The published version warns on dpd, which is 0 at both month-ends: it flags no one.
    expect(result.against?.version).toBe(1);
    expect(result.against?.overall.levels.find((level) => level.level === 'red')?.flaggedAtOrAbove).toBe(0);
    expect(result.difference?.levels.find((level) => level.level === 'red')?.precision).toBeNull();
    expect(done.versions.map(({ role, key, version }) => [role, key, version])).toEqual([
      ['version', 'warning.obligor', draftVersion],
      ['against', 'warning.obligor', 1],
    ]);
    expect(done.versions[0]!.hash).toBe(result.version.hash);
    expect(result.version.segments.filter((segment) => segment.dimension === 'orgUnit').map((segment) => segment.value)).toEqual(['BR-A', 'BR-B']);
    expect(result.version.segments.filter((segment) => segment.dimension === 'vintage').map((segment) => segment.value)).toEqual(['2025Q1']);
  }, 90000);

  it('a branch backtests and sees only its units: its obligors, its backtests', async () => {
    const started = await app.request<Backtest>('POST', '/api/v1/backtests', {
      as: branchOwner,
      body: { key: 'warning.obligor', version: draftVersion, to: '2025-04', months: 1, outcomeMonths: 6 },
    });
    expect(started.status).toBe(202);
    const done = await finished(started.body.backtestId, branchOwner);
    expect(done.orgUnit).toBe('BR-A');
    expect(done.result!.observations).toBe(2);
    expect(done.result!.version.segments.filter((segment) => segment.dimension === 'orgUnit').map((segment) => segment.value)).toEqual(['BR-A']);
    const hqList = await app.request<{ items: Backtest[] }>('GET', '/api/v1/backtests?key=warning.obligor', { as: owner });
    expect(hqList.body.items.map((item) => item.orgUnit).sort()).toEqual(['BR-A', 'HQ']);
    const branchList = await app.request<{ items: Backtest[] }>('GET', '/api/v1/backtests', { as: branchOwner });
    expect(branchList.body.items.map((item) => item.orgUnit)).toEqual(['BR-A']);
    const hqBacktest = hqList.body.items.find((item) => item.orgUnit === 'HQ')!;
    expect((await app.request('GET', `/api/v1/backtests/${hqBacktest.backtestId}`, { as: branchOwner })).status).toBe(404);
  }, 90000);

  it('backtests portfolio warnings per segment and month: the segment whose M3 share later passes the book’s is the one flagged', async () => {
    // Branch BR-A's M3 share passes the book's from July (its one bad loan of two against two bad of five in the book);
    // BR-B's stays below. A draft flags BR-A's segments red, nothing else.
    const content = standardContent('warning.portfolio');
    content.rules = [
      {
        name: 'branch-a',
        basis: '第七条 / Art. 7',
        conditions: { all: [{ fact: 'orgUnit', operator: 'equal', value: 'BR-A' }] },
        event: { type: 'warning', params: { level: 'red', signal: 'overdueRate', basis: '第七条 / Art. 7' } },
      },
    ] as unknown as typeof content.rules;
    content.tests = [];
    const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/warning.portfolio/versions', {
      as: owner,
      body: { basedOnVersion: 1, ruleSet: content },
    });
    expect(draft.status).toBe(201);
    const started = await app.request<Backtest>('POST', '/api/v1/backtests', {
      as: owner,
      body: { key: 'warning.portfolio', version: draft.body.version, to: '2025-04', months: 2, outcomeMonths: 6 },
    });
    expect(started.status).toBe(202);
    const done = await finished(started.body.backtestId, owner);
    expect([done.status, done.error]).toEqual(['succeeded', null]);
    const result = done.result!;
    // Two segments (org unit x tier x channel x vintage: one per branch here) at two month-ends.
    expect(result.observations).toBe(4);
    const red = result.version.overall.levels.find((level) => level.level === 'red')!;
    expect([result.version.overall.bad, red.flaggedAtOrAbove, red.precision, red.recall]).toEqual([2, 2, 1, 1]);
    expect(result.against?.version).toBe(1);
    expect(result.version.segments.filter((segment) => segment.dimension === 'orgUnit').map((segment) => segment.value)).toEqual(['BR-A', 'BR-B']);
  }, 90000);

  it('refuses rule sets that are not obligor or portfolio warnings', async () => {
    const response = await app.request<{ error: { code: string } }>('POST', '/api/v1/backtests', { as: owner, body: { key: 'claim.trigger', version: 1 } });
    expect([response.status, response.body.error.code]).toEqual([422, 'backtest_unsupported']);
  });
});
