import { runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { agency, TEMPLATE_CONTENT, today } from '../vendors/placement-helpers';

/**
 * The vendor scorecard's recovery component counts what was recovered on recovery cases placed
 * with a recovery agency (Arts 21-22): a paid claim's case placed with the agency today and a
 * recovery booked on it today give the agency a known recovery component above zero.
 */
let app: TestApp;
const as: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' });
  await app.platform.startJobs();
  as.maker = await app.createUserAndLogin('vendor-maker', ['policy-owner'], 'HQ');
  as.checker = await app.createUserAndLogin('vendor-checker', ['approver'], 'HQ');
  as.operator = await app.createUserAndLogin('hq-operator', ['branch-operator'], 'HQ');
}, 120_000);
afterAll(() => app.close());

test('an agency with a placed recovery case and a booking in the month gets a recovery component above zero', async () => {
  const recoveryAgency = await agency(app, { maker: as.maker!, checker: as.checker! }, { workKinds: ['recovery'] });
  const template = await app.request('POST', '/api/v1/agreement-templates', {
    as: as.maker,
    body: { templateId: 'recovery-std', title: '委外追偿标准协议', content: TEMPLATE_CONTENT },
  });
  expect([template.status, template.text]).toEqual([201, expect.any(String)]);
  const signed = await app.request('POST', `/api/v1/vendors/${recoveryAgency.agencyId}/agreements`, {
    as: as.maker,
    body: { orgUnit: 'HQ', templateId: 'recovery-std', templateVersion: 1, signedOn: today, validFrom: today, capacity: 5 },
  });
  expect([signed.status, signed.text]).toEqual([201, expect.any(String)]);
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [
        {
          loanId: 'L-R1',
          obligorId: 'OB-R1',
          policyId: 'P-R1',
          orgUnit: 'HQ',
          product: 'consumer',
          channel: 'bank-branch',
          customerTier: 'prime',
          principal: 12000,
          disbursedAt: '2025-01-01',
          installments: [{ seq: 1, dueDate: '2025-06-01', principal: 12000, interest: 0 }],
        },
      ],
      claims: [{ claimId: 'C-R1', loanId: 'L-R1', status: 'paid', approvedAt: today, paidAt: today, amount: 8000 }],
    },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
  await runJob(app, 'recovery-cases', { asOf: today });
  const placed = await app.request('POST', '/api/v1/placements', {
    as: as.operator,
    body: { caseKind: 'recovery', caseId: 'rec:C-R1', agencyId: recoveryAgency.agencyId },
  });
  expect([placed.status, placed.text]).toEqual([201, expect.any(String)]);
  const current = await app.request<{ case: { revision: number } }>('GET', '/api/v1/recovery/cases/rec%3AC-R1', { as: as.operator });
  const booked = await app.request('POST', '/api/v1/recovery/cases/rec%3AC-R1/recoveries', {
    as: as.operator,
    body: { revision: current.body.case.revision, receivedOn: today, amounts: { indemnity: 2000 } },
  });
  expect([booked.status, booked.text]).toEqual([200, expect.any(String)]);
  const month = today.slice(0, 7);
  const run = await app.request('POST', '/api/v1/vendors/scorecards/run', { as: as.maker, body: { month } });
  expect([run.status, run.text]).toEqual([200, expect.any(String)]);
  const card = await app.request<{
    recovery: { status: string; recoveryRate: number | null; byStage: { stage: string; placedBalance: number; recovered: number }[] };
  }>('GET', `/api/v1/vendors/${recoveryAgency.agencyId}/scorecards/${month}`);
  expect(card.body.recovery.byStage).toEqual([{ stage: 'recovery', placedBalance: 8000, recovered: 2000, recoveryRate: 0.25 }]);
  expect([card.status, card.body.recovery.status]).toEqual([200, 'known']);
  expect(card.body.recovery.recoveryRate).toBeGreaterThan(0);
}, 120_000);
