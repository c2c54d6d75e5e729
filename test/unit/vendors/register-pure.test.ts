import path from 'node:path';
import { JsonRulesEngineEvaluator } from '../../../server/engine/evaluator';
import { ruleSetHash } from '../../../server/engine/hash';
import { prepareRuleSet } from '../../../server/engine/prepare';
import { readStandardPack } from '../../../server/rulesets/ruleset.seed';
import { addMonths, wholeMonthsBetween } from '../../../server/vendors/agency-calendar';
import { admissionFacts, checksDueOn, checksInForce } from '../../../server/vendors/admission-facts';
import { admissionOutcome } from '../../../server/vendors/admission-decision';
import type { AgencyCheckRecord, AgencyRecord } from '../../../server/vendors/agency.model';
import { creditCodeProblem } from '../../../server/vendors/credit-code';

/** The register's pure parts: the credit code check, calendar months, and the one mapping to vendor.admission's facts. */
const CODE = '91350100M000100Y43';
const ASOF = '2026-12-02';

const check = (
  subject: AgencyCheckRecord['subject'],
  kind: AgencyCheckRecord['kind'],
  result: AgencyCheckRecord['result'],
  checkedOn = '2026-11-01',
): AgencyCheckRecord => ({
  subject,
  kind,
  result,
  checkedOn,
  expiresOn: addMonths(checkedOn, 12),
  source: '信用中国',
  evidenceRef: `EV-${subject}-${kind}`,
  recordedBy: 'maker',
  recordedAt: new Date(`${checkedOn}T08:00:00Z`),
});
const allClear = (checkedOn?: string): AgencyCheckRecord[] =>
  (['agency', 'legal-representative'] as const).flatMap((subject) =>
    (['illegal-or-criminal', 'blacklist', 'other-adverse'] as const).map((kind) => check(subject, kind, 'clear', checkedOn)),
  );

function agency(overrides: Partial<AgencyRecord> = {}): AgencyRecord {
  return {
    _id: CODE,
    agencyName: '福州清源催收服务有限公司',
    kind: 'collection-agency',
    workKinds: ['collection'],
    foundedOn: '2020-01-15',
    bankExperienceMonths: 36,
    phoneTeamSize: 40,
    systems: { ownSystems: true, securityEvidence: ['MLPS-3 certificate 2026-001'] },
    legalRepresentative: { name: '张三', idNumber: '110101199001011234' },
    status: 'applied',
    checks: allClear(),
    checksDueOn: null,
    admission: null,
    admittedOn: null,
    rectification: null,
    revision: 1,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

const content = readStandardPack(path.resolve(__dirname, '../../../rules')).find((candidate) => candidate.key === 'vendor.admission')!;
const evaluator = new JsonRulesEngineEvaluator();
const prepared = prepareRuleSet({ key: content.key, version: 1, hash: ruleSetHash(content), content });
const decide = async (record: AgencyRecord) => admissionOutcome((await evaluator.evaluate(prepared, admissionFacts(record, ASOF).facts)).events);

describe('unified social credit code (GB 32100)', () => {
  test('a code with the right check character passes', () => expect(creditCodeProblem(CODE)).toBeUndefined());
  test('a wrong check character, a wrong length and a letter the alphabet lacks are refused, saying why', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check character is 4, GB 32100 calls for 3');
    expect(creditCodeProblem('91350100M000100Y4')).toBe('must be 18 characters (got 17)');
    expect(creditCodeProblem('91350100M00010OY43')).toMatch(/"O" is not allowed/);
  });
});

describe('months in business as of the decision day', () => {
  test.each([
    ['2024-12-02', 24],
    ['2024-12-03', 23],
    ['2025-01-02', 23],
    ['2026-12-02', 0],
    ['2027-01-01', 0],
  ])('founded %s: %i whole months on 2026-12-02', (foundedOn, months) => expect(wholeMonthsBetween(foundedOn, ASOF)).toBe(months));
  test('a day the month lacks falls on its last day', () => {
    expect(wholeMonthsBetween('2025-12-31', '2026-02-28')).toBe(2);
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
});

describe('the facts the register gives vendor.admission', () => {
  test('one mapping: kind, credit code, systems, months from the founding date, and the six checks in force', () => {
    expect(admissionFacts(agency({ foundedOn: '2024-12-02' }), ASOF).facts).toEqual({
      vendorId: CODE,
      isLawFirm: false,
      businessRegistered: true,
      ownSecureSystem: true,
      phoneTeamSize: 40,
      monthsInBusiness: 24,
      bankCollectionExperienceMonths: 36,
      illegalOrCriminalRecord: false,
      legalRepresentativeIllegalOrCriminalRecord: false,
      blacklisted: false,
      legalRepresentativeBlacklisted: false,
      otherAdverseRecord: false,
      legalRepresentativeOtherAdverseRecord: false,
    });
  });
  test('systems without security evidence do not count; a code registered elsewhere than the market regulator is not registered', () => {
    const facts = admissionFacts(agency({ _id: '31350000MD0187960E', systems: { ownSystems: true, securityEvidence: [] } }), ASOF).facts;
    expect([facts.ownSecureSystem, facts.businessRegistered]).toEqual([false, false]);
  });
  test('the latest check of a subject and kind wins; an expired or future one is not in force', () => {
    const checks = [
      ...allClear('2026-01-10'),
      check('legal-representative', 'blacklist', 'found', '2026-06-01'),
      check('agency', 'blacklist', 'found', '2026-12-03'),
    ];
    const facts = admissionFacts(agency({ checks }), ASOF).facts;
    expect([facts.legalRepresentativeBlacklisted, facts.blacklisted]).toEqual([true, false]);
    expect(checksInForce(allClear('2025-12-02'), ASOF)).toEqual([]);
    expect(checksInForce(allClear('2025-12-03'), ASOF)).toHaveLength(6);
  });
  test('checks fall due on the earliest expiry, or at once when one of the six is missing', () => {
    expect(checksDueOn([], ASOF)).toBeNull();
    expect(checksDueOn([...allClear('2026-11-01'), check('agency', 'blacklist', 'clear', '2026-03-05')], ASOF)).toBe('2027-11-01');
    expect(checksDueOn(allClear('2026-11-01').slice(1), ASOF)).toBe(ASOF);
  });
});

describe('the standard pack on the register facts', () => {
  test('founded exactly 24 months ago: admitted; 23 months: rejected for months in business', async () => {
    expect(await decide(agency({ foundedOn: '2024-12-02' }))).toEqual({ decision: 'admit', reasons: [] });
    expect(await decide(agency({ foundedOn: '2024-12-03' }))).toEqual({ decision: 'reject', reasons: ['months-in-business'] });
  });
  test('a law firm at 23 months is admitted (exempt), but not with a blacklisted legal representative', async () => {
    const lawFirm = { kind: 'law-firm' as const, foundedOn: '2025-01-02', phoneTeamSize: 0, bankExperienceMonths: 0 };
    expect(await decide(agency(lawFirm))).toEqual({ decision: 'admit', reasons: [] });
    const checks = [...allClear(), check('legal-representative', 'blacklist', 'found', '2026-11-20')];
    expect(await decide(agency({ ...lawFirm, checks }))).toEqual({ decision: 'reject', reasons: ['blacklisted'] });
  });
  test('no check evidence rejects (fail closed), as do expired checks', async () => {
    expect((await decide(agency({ checks: [] }))).reasons).toEqual(['check-evidence-missing']);
    expect((await decide(agency({ checks: allClear('2025-11-01') }))).reasons).toEqual(['check-evidence-missing']);
  });
  test('no event at all rejects', () => expect(admissionOutcome([])).toEqual({ decision: 'reject', reasons: ['no-decision'] }));
});
