import path from 'node:path';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { impairmentFacts, monthsBetween, type ImpairmentRecord } from '../../../server/recovery/impairment/impairment-facts';
import { carryingCents, readImpairment } from '../../../server/recovery/impairment/impairment-reader';
import { standardRules } from './standard-pack';

/** recovery.impairment: the pure facts builder, the pure reader, and the standard pack between them. */
const schemas = new SchemaRegistry(path.resolve(__dirname, '../../../schemas'));
const evaluate = standardRules('recovery.impairment');

const unsecured: ImpairmentRecord = {
  caseId: 'R-1',
  paidOn: '2026-01-31',
  dueCents: 1_000_000,
  recoveredCents: 0,
  hasCollateral: false,
  litigationStatus: 'none',
  handler: 'own',
};

describe('impairmentFacts', () => {
  it('counts whole months since payment, gives the recovered share of what is due, and fits the fact schema', () => {
    const facts = impairmentFacts({ ...unsecured, recoveredCents: 250_000 }, '2026-07-31');
    expect(facts).toEqual({
      caseId: 'R-1',
      asOf: '2026-07-31',
      monthsSincePayment: 6,
      hasCollateral: false,
      litigationStatus: 'none',
      recoveredShare: 0.25,
      handler: 'own',
    });
    expect(schemas.check('rulesets/facts/recovery-impairment-facts', facts, '/facts')).toEqual([]);
  });

  it('never gives a share above 1, and none when nothing is due', () => {
    expect(impairmentFacts({ ...unsecured, recoveredCents: 2_000_000 }, '2026-02-01').recoveredShare).toBe(1);
    expect(impairmentFacts({ ...unsecured, dueCents: 0 }, '2026-02-01')).not.toHaveProperty('recoveredShare');
    expect(impairmentFacts({ paidOn: '2026-01-31', dueCents: 5, recoveredCents: 0 }, '2026-02-01')).toEqual({
      asOf: '2026-02-01',
      monthsSincePayment: 0,
      recoveredShare: 0,
    });
  });

  it.each([
    ['2026-01-31', '2026-02-27', 0],
    ['2026-01-31', '2026-02-28', 1],
    ['2026-01-31', '2026-06-30', 5],
    ['2026-01-31', '2026-03-01', 1],
    ['2026-01-15', '2026-02-15', 1],
    ['2026-01-15', '2026-02-14', 0],
    ['2024-03-10', '2026-03-10', 24],
    ['2026-05-01', '2026-04-01', 0],
  ])('from %s to %s is %i whole months', (from, to, months) => {
    expect(monthsBetween(from, to)).toBe(months);
  });
});

describe('a recovery case through recovery.impairment, month by month', () => {
  const reading = async (record: ImpairmentRecord, day: string) => readImpairment(await evaluate(impairmentFacts(record, day)));

  it('moves an unsecured case from stage 1 to stage 2 at six months and to stage 3 with nothing expected at 24', async () => {
    expect(await reading(unsecured, '2026-07-30')).toEqual({ stage: 'stage-1', expectedRecoveryShare: 0.1 });
    expect(await reading({ ...unsecured, litigationStatus: 'filed', recoveredCents: 10_000 }, '2026-07-31')).toEqual({
      stage: 'stage-2',
      expectedRecoveryShare: 0.05,
    });
    expect(await reading({ ...unsecured, litigationStatus: 'judgment', recoveredCents: 10_000 }, '2028-01-31')).toEqual({
      stage: 'stage-3',
      expectedRecoveryShare: 0,
    });
  });

  it('writes down a case with nothing recovered and no legal action after 18 months, collateral or not', async () => {
    expect(await reading({ ...unsecured, hasCollateral: true }, '2027-07-30')).toEqual({ stage: 'stage-2', expectedRecoveryShare: 0.2 });
    expect(await reading({ ...unsecured, hasCollateral: true }, '2027-07-31')).toEqual({ stage: 'stage-3', expectedRecoveryShare: 0 });
  });
});

describe('readImpairment and carryingCents', () => {
  it('keeps the most prudent of several events: the highest stage, then the lowest share', () => {
    const event = (stage: string, expectedRecoveryShare: number) => ({ type: 'impairment', params: { stage, expectedRecoveryShare, basis: 'Art. 23' } });
    expect(readImpairment([event('stage-1', 0.4), event('stage-2', 0.2), event('stage-2', 0.05), { type: 'other', params: {} }])).toEqual({
      stage: 'stage-2',
      expectedRecoveryShare: 0.05,
    });
    expect(readImpairment([])).toBeNull();
  });

  it('carries the outstanding receivable at the expected share, rounded down to the cent, never above what is outstanding', () => {
    expect(carryingCents(1_000_001, 0.1)).toBe(100_000);
    expect(carryingCents(999, 0)).toBe(0);
    expect(carryingCents(100, 0.29)).toBe(29);
    expect(carryingCents(-5, 0.5)).toBe(0);
    expect(carryingCents(500, 1.5)).toBe(500);
  });
});
