import { dateOfMoment } from '../../../server/ground/calendar';
import { addMonths } from '../../../server/vendors/agency-calendar';
import { creditCodeCheckCharacter } from '../../../server/vendors/credit-code';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The read the approvers' inbox needs (studio/src/pages/InboxPage.tsx): the agencies whose admission
 * request waits for a checker, `GET /vendors?awaiting=admission`, and nothing else (not an agency
 * that never asked, not one already admitted, not one whose request was rejected, not one terminated while it waited).
 */
let app: TestApp;
const as: Record<string, string> = {};
const today = dateOfMoment(new Date());
let serial = 0;

function creditCode(): string {
  serial += 1;
  const first17 = `91350100P${String(serial).padStart(8, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}

interface Detail {
  agency: { agencyId: string; revision: number; status: string; admission: { state: string } | null };
}

async function post(agencyId: string, action: string, body: Record<string, unknown>, token = as.maker): Promise<Detail> {
  const response = await app.request<Detail>('POST', `/api/v1/vendors/${agencyId}/${action}`, { as: token, body });
  expect([action, response.status, response.status === 200 ? '' : response.text]).toEqual([action, 200, '']);
  return response.body;
}

async function applied(name: string): Promise<Detail> {
  const body = {
    creditCode: creditCode(),
    agencyName: name,
    kind: 'collection-agency',
    workKinds: ['collection'],
    foundedOn: addMonths(today, -60),
    bankExperienceMonths: 36,
    phoneTeamSize: 40,
    systems: { ownSystems: true, securityEvidence: ['等保三级证书 2026-001'] },
    legalRepresentative: { name: '李四', idNumber: '110101199001011234' },
  };
  const created = await app.request<Detail>('POST', '/api/v1/vendors', { as: as.maker, body });
  expect([created.status, created.status === 201 ? '' : created.text]).toEqual([201, '']);
  return created.body;
}

async function requested(name: string): Promise<Detail> {
  let current = await applied(name);
  for (const subject of ['agency', 'legal-representative'])
    for (const kind of ['illegal-or-criminal', 'blacklist', 'other-adverse'])
      current = await post(current.agency.agencyId, 'checks', {
        revision: current.agency.revision,
        subject,
        kind,
        result: 'clear',
        checkedOn: today,
        source: '信用中国',
        evidenceRef: `EV-${subject}-${kind}`,
      });
  return post(current.agency.agencyId, 'admission/request', { revision: current.agency.revision, note: `please admit ${name}` });
}

beforeAll(async () => {
  app = await startTestApp();
  as.maker = await app.createUserAndLogin('pending-maker', ['policy-owner'], 'HQ');
  as.checker = await app.createUserAndLogin('pending-checker', ['approver'], 'HQ');
  as.auditor = await app.createUserAndLogin('pending-auditor', ['auditor'], 'HQ');
}, 120_000);
afterAll(() => app.close());

test('only agencies whose admission request waits for a checker are listed, newest first', async () => {
  await applied('never asked');
  const first = await requested('waiting one');
  const admitted = await requested('admitted');
  await post(admitted.agency.agencyId, 'admission/approve', { revision: admitted.agency.revision }, as.checker);
  const refused = await requested('refused');
  await post(refused.agency.agencyId, 'admission/reject', { revision: refused.agency.revision, reason: 'no' }, as.checker);
  const dropped = await requested('dropped while waiting');
  await post(dropped.agency.agencyId, 'terminate', { revision: dropped.agency.revision, reason: 'withdrew its application' });
  const second = await requested('waiting two');

  const list = await app.request<{ items: { agencyId: string; admission: { state: string } }[] }>('GET', '/api/v1/vendors?awaiting=admission', {
    as: as.auditor,
  });
  expect([list.status, list.status === 200 ? '' : list.text]).toEqual([200, '']);
  expect(list.body.items.map((item) => [item.agencyId, item.admission.state])).toEqual([
    [second.agency.agencyId, 'requested'],
    [first.agency.agencyId, 'requested'],
  ]);
});

test('an admission state outside the schema is refused with the field named', async () => {
  const list = await app.request<{ error: { code: string; details: { path: string }[] } }>('GET', '/api/v1/vendors?awaiting=approval', { as: as.auditor });
  expect(list.status).toBe(400);
  expect(list.body.error.details.map((detail) => detail.path)).toContain('/query/awaiting');
});
