import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits, type ErrorBody } from '../authority/helpers';

/**
 * The standard pack's vendor admission (Art. 21) and third-party contact (Art. 13(7), industry
 * practice) over the evaluation API: what an integrator checking a vendor or a planned contact
 * gets back from the published version 1.
 */
interface Evaluation {
  events: { type: string; params: { decision: string; reasons?: string[]; reason?: string }; rule?: string }[];
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
}, 60_000);
afterAll(() => app.close());

/** A vendor that meets the four admission conditions, with every exclusion checked and clear. */
const clearVendor = {
  isLawFirm: false,
  businessRegistered: true,
  ownSecureSystem: true,
  phoneTeamSize: 40,
  monthsInBusiness: 60,
  bankCollectionExperienceMonths: 36,
  illegalOrCriminalRecord: false,
  legalRepresentativeIllegalOrCriminalRecord: false,
  blacklisted: false,
  legalRepresentativeBlacklisted: false,
  otherAdverseRecord: false,
  legalRepresentativeOtherAdverseRecord: false,
};

async function admission(facts: Record<string, unknown>): Promise<{ decisions: string[]; reasons: string[] }> {
  const response = await app.request<Evaluation>('POST', '/api/v1/rulesets/vendor.admission/evaluate', { body: { facts } });
  expect(response.status).toBe(200);
  return {
    decisions: [...new Set(response.body.events.map((event) => event.params.decision))],
    reasons: response.body.events.flatMap((event) => event.params.reasons ?? []),
  };
}

test('a vendor with every check clear is admitted', async () => {
  expect(await admission(clearVendor)).toEqual({ decisions: ['admit'], reasons: [] });
});

test("the legal representative's other adverse record rejects (Art. 21, exclusion (3) names the representative too)", async () => {
  expect(await admission({ ...clearVendor, legalRepresentativeOtherAdverseRecord: true })).toEqual({ decisions: ['reject'], reasons: ['adverse-record'] });
});

test('an illegal act that is not a crime (an administrative penalty) rejects, for the vendor and for its legal representative (违法犯罪)', async () => {
  expect(await admission({ ...clearVendor, illegalOrCriminalRecord: true })).toEqual({ decisions: ['reject'], reasons: ['illegal-or-criminal-record'] });
  expect(await admission({ ...clearVendor, legalRepresentativeIllegalOrCriminalRecord: true })).toEqual({
    decisions: ['reject'],
    reasons: ['illegal-or-criminal-record'],
  });
});

test('absent check evidence rejects: a vendor whose exclusion checks were not sent is never admitted (fail closed)', async () => {
  const { illegalOrCriminalRecord: _checked, ...withoutOneCheck } = clearVendor;
  expect(await admission(withoutOneCheck)).toEqual({ decisions: ['reject'], reasons: ['check-evidence-missing'] });
  const admissionOnly = {
    isLawFirm: false,
    businessRegistered: true,
    ownSecureSystem: true,
    phoneTeamSize: 40,
    monthsInBusiness: 60,
    bankCollectionExperienceMonths: 36,
  };
  expect(await admission(admissionOnly)).toEqual({ decisions: ['reject'], reasons: ['check-evidence-missing'] });
  expect(await admission({ isLawFirm: true })).toEqual({ decisions: ['reject'], reasons: ['check-evidence-missing'] });
});

test("the 24-month and 12-month floors of Art. 21(4) are the parameters' minimums, so no version or branch can go below them", async () => {
  const published = await app.request<{ ruleSet: { parameters: Record<string, { value: number; min?: number }> } }>(
    'GET',
    '/api/v1/rulesets/vendor.admission/versions/1',
  );
  expect(published.status).toBe(200);
  const { minMonthsInBusiness, minBankExperienceMonths } = published.body.ruleSet.parameters;
  expect([minMonthsInBusiness!.value, minMonthsInBusiness!.min, minBankExperienceMonths!.value, minBankExperienceMonths!.min]).toEqual([24, 24, 12, 12]);
  expect((await admission({ ...clearVendor, monthsInBusiness: 23 })).reasons).toEqual(['months-in-business']);
  expect((await admission({ ...clearVendor, monthsInBusiness: 24, bankCollectionExperienceMonths: 11 })).reasons).toEqual(['bank-experience']);
  expect(await admission({ ...clearVendor, monthsInBusiness: 24, bankCollectionExperienceMonths: 12 })).toEqual({ decisions: ['admit'], reasons: [] });

  // HQ cannot delegate a lower floor to a branch: the grant's range must stay within the parameter's own bounds.
  await createOrgUnits(app, [['BR-V', 'HQ']]);
  const owner = await app.createUserAndLogin('vendor-policy-owner', ['policy-owner'], 'HQ');
  const grant = await app.request<ErrorBody>('POST', '/api/v1/authority/grants/BR-V/vendor.admission/versions', {
    body: {
      basedOnVersion: 0,
      grant: { inheritToSubBranches: false, parameters: { minMonthsInBusiness: { min: 12, max: 60 }, minBankExperienceMonths: { min: 6, max: 24 } } },
    },
    as: owner,
  });
  expect(grant.status).toBe(422);
  expect(grant.body.error.details.map((detail) => detail.path).sort()).toEqual([
    '/body/grant/parameters/minBankExperienceMonths/min',
    '/body/grant/parameters/minMonthsInBusiness/min',
  ]);
});

describe('third parties are contacted only once the debtor is unreachable: 3 consecutive failed attempts by default', () => {
  const thirdPartyCall = {
    channel: 'call',
    target: 'third-party',
    localTime: '10:00',
    debtorConsent: false,
    disclosesDebt: false,
    payeeAccountType: 'company',
    contentFlags: [],
    vendorStatus: 'active',
  };
  async function decide(facts: Record<string, unknown>): Promise<string[]> {
    const response = await app.request<Evaluation>('POST', '/api/v1/rulesets/collection.action/evaluate', { body: { facts } });
    expect(response.status).toBe(200);
    return response.body.events.map((event) => `${event.params.decision}:${event.params.reason}`);
  }

  test('after two failed attempts a third-party call is blocked, even when the caller calls the debtor unreachable', async () => {
    expect(await decide({ ...thirdPartyCall, consecutiveFailedAttempts: 2 })).toEqual(['block:third-party-while-debtor-reachable']);
    expect(await decide({ ...thirdPartyCall, consecutiveFailedAttempts: 2, debtorReachable: false })).toEqual(['block:third-party-while-debtor-reachable']);
    expect(await decide({ ...thirdPartyCall, debtorReachable: false })).toEqual(['block:third-party-while-debtor-reachable']);
  });

  test('after three failed attempts a message to a third party is allowed, never one that discloses the debt', async () => {
    expect(await decide({ ...thirdPartyCall, consecutiveFailedAttempts: 3 })).toEqual(['allow:no-restriction']);
    expect(await decide({ ...thirdPartyCall, consecutiveFailedAttempts: 3, disclosesDebt: true })).toEqual(['block:third-party-disclosure']);
    expect(await decide({ ...thirdPartyCall, consecutiveFailedAttempts: 5, debtorReachable: true })).toEqual(['block:third-party-while-debtor-reachable']);
  });
});
