import { dateOfMoment } from '../../../server/ground/calendar';
import { addDays, addMonths } from '../../../server/vendors/agency-calendar';
import { creditCodeCheckCharacter } from '../../../server/vendors/credit-code';
import { createOrgUnits, type ErrorBody } from '../authority/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/** Training records of an agency (Art. 22(5)): who, what, when, the test result; HQ records them, every unit reads them. */
let app: TestApp;
const as: Record<string, string> = {};
const today = dateOfMoment(new Date());
let agencyId = '';

interface Training {
  trainingId: string;
  agencyId: string;
  trainee: { type: string; id: string };
  course: string;
  courseKind: string;
  trainedOn: string;
  result: { passed: boolean; score?: number };
  recordedBy: string;
}

const record = (overrides: Record<string, unknown> = {}) => ({
  trainee: { type: 'agency-agent', id: 'AG-001' },
  course: '催收合规培训(第十三条)',
  courseKind: 'compliance',
  trainedOn: today,
  result: { passed: true, score: 92 },
  ...overrides,
});

beforeAll(async () => {
  app = await startTestApp();
  await createOrgUnits(app, [['BR-SH', 'HQ']]);
  as.maker = await app.createUserAndLogin('training-maker', ['policy-owner'], 'HQ');
  as.branch = await app.createUserAndLogin('training-branch', ['admin', 'policy-owner', 'branch-operator'], 'BR-SH');
  const first17 = '91350100T00000001';
  const created = await app.request<{ agency: { agencyId: string } }>('POST', '/api/v1/vendors', {
    as: as.maker,
    body: {
      creditCode: `${first17}${creditCodeCheckCharacter(first17)}`,
      agencyName: '培训测试机构',
      kind: 'collection-agency',
      workKinds: ['collection'],
      foundedOn: addMonths(today, -60),
      bankExperienceMonths: 36,
      phoneTeamSize: 40,
      systems: { ownSystems: true, securityEvidence: ['等保三级证书'] },
      legalRepresentative: { name: '王五', idNumber: '110101199001011234' },
    },
  });
  expect(created.status).toBe(201);
  agencyId = created.body.agency.agencyId;
}, 120_000);
afterAll(() => app.close());

test('HQ records a training (who, what, when, result); the agency’s list shows it, newest first; a branch reads it', async () => {
  const first = await app.request<Training>('POST', `/api/v1/vendors/${agencyId}/training`, { as: as.maker, body: record({ trainedOn: addDays(today, -30) }) });
  expect([first.status, first.status === 201 ? '' : first.text]).toEqual([201, '']);
  expect(first.body).toMatchObject({
    agencyId,
    trainee: { type: 'agency-agent', id: 'AG-001' },
    courseKind: 'compliance',
    result: { passed: true, score: 92 },
    recordedBy: 'training-maker',
  });
  const second = await app.request<Training>('POST', `/api/v1/vendors/${agencyId}/training`, {
    as: as.maker,
    body: record({ trainee: { type: 'staff', id: 'ST-9' }, course: '业务技能培训', courseKind: 'skills', result: { passed: false } }),
  });
  expect(second.status).toBe(201);
  const list = await app.request<{ items: Training[] }>('GET', `/api/v1/vendors/${agencyId}/training`, { as: as.branch });
  expect([list.status, list.body.items.map((item) => item.trainingId)]).toEqual([200, [second.body.trainingId, first.body.trainingId]]);
});

test('a branch cannot record (403 out_of_scope); bad input is 400 with field details; an unknown agency is 404', async () => {
  const branch = await app.request<ErrorBody>('POST', `/api/v1/vendors/${agencyId}/training`, { as: as.branch, body: record() });
  expect([branch.status, branch.body.error.code]).toEqual([403, 'out_of_scope']);
  const future = await app.request<ErrorBody>('POST', `/api/v1/vendors/${agencyId}/training`, { as: as.maker, body: record({ trainedOn: addDays(today, 1) }) });
  expect([future.status, future.body.error.details?.map((detail) => detail.path)]).toEqual([400, ['/body/trainedOn']]);
  const noResult = await app.request<ErrorBody>('POST', `/api/v1/vendors/${agencyId}/training`, { as: as.maker, body: { ...record(), result: undefined } });
  expect([noResult.status, noResult.body.error.code]).toEqual([400, 'invalid_input']);
  const unknown = await app.request<ErrorBody>('GET', '/api/v1/vendors/913501000000000000/training', { as: as.maker });
  expect(unknown.status).toBe(404);
});
