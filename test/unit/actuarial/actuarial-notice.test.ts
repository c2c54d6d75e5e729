import path from 'node:path';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { noticeFacts, noticeFigures, warningLevels } from '../../../server/actuarial/actuarial-facts';
import { segmentSubjects } from '../../../server/monitoring/portfolio-monitoring.service';
import type { AlertRecord } from '../../../server/monitoring/alert.model';
import { standardRules } from '../families/standard-pack';

/** actuarial.notice: the pure facts builder and the standard pack between the month's figures and the notices. */
const schemas = new SchemaRegistry(path.resolve(__dirname, '../../../schemas'));
const evaluate = standardRules('actuarial.notice');

const metrics = (overdueRate: number | null, annualizedLossRate: number | null) =>
  ({ overdueRate, annualizedLossRate, remainingPrincipal: 1_000_000, loanCount: 10 }) as never;
const unit = (month: string, overdueRate: number | null, lossRate: number | null) =>
  segmentSubjects(month, { segments: [{ segment: { orgUnit: 'BR-SH' }, metrics: metrics(overdueRate, lossRate) }] } as never, [])[0]!;

describe('noticeFacts', () => {
  it('gives both months of each rate and the change in percentage points, and fits the fact schema', () => {
    const facts = noticeFacts(unit('2025-08', 0.05, 0.045), unit('2025-07', 0.03, 0.03), { level: 'none', changed: false });
    expect(facts).toEqual({
      month: '2025-08',
      orgUnit: 'BR-SH',
      warningLevel: 'none',
      warningLevelChanged: false,
      lossRate: 0.045,
      lossRatePrevious: 0.03,
      lossRateChangePoints: 1.5,
      overdueRate: 0.05,
      overdueRatePrevious: 0.03,
      overdueRateChangePoints: 2,
      remainingPrincipal: 1_000_000,
    });
    expect(schemas.check('rulesets/facts/actuarial-notice-facts', facts, '/facts')).toEqual([]);
    expect(noticeFigures(facts)).toMatchObject({ lossRateChangePoints: 1.5, overdueRateChangePoints: 2, warningLevel: 'none' });
  });

  it('leaves a change out when either month has no figure', () => {
    const facts = noticeFacts(unit('2025-08', 0.05, null), undefined, { level: 'red', changed: true });
    expect(facts).not.toHaveProperty('lossRate');
    expect(facts).not.toHaveProperty('overdueRateChangePoints');
    expect(noticeFigures(facts)).toMatchObject({ lossRate: null, overdueRate: 0.05, overdueRatePrevious: null, overdueRateChangePoints: null });
  });
});

describe('warningLevels', () => {
  const alert = (subjectKey: string, level: string, changedOn: string, raisedOn = '2025-06-30') => ({ subjectKey, level, changedOn, raisedOn }) as AlertRecord;

  it('takes the highest open level of a segment at the month end, changed when the month end moved it', () => {
    const levels = warningLevels(
      [alert('orgUnit=BR-SH', 'orange', '2025-07-31'), alert('orgUnit=BR-SH', 'red', '2025-08-31'), alert('orgUnit=BR-BJ', 'red', '2025-07-31')],
      '2025-08-31',
    );
    expect(levels.get('orgUnit=BR-SH')).toEqual({ level: 'red', changed: true });
    expect(levels.get('orgUnit=BR-BJ')).toEqual({ level: 'red', changed: false });
  });

  it('ignores alerts raised after the month end', () => {
    expect(warningLevels([alert('orgUnit=BR-SH', 'red', '2025-09-30', '2025-09-30')], '2025-08-31').size).toBe(0);
  });
});

describe('the standard pack', () => {
  const run = async (current: ReturnType<typeof unit>, previous: ReturnType<typeof unit>) =>
    (await evaluate(noticeFacts(current, previous, { level: 'none', changed: false }))).map((event) => event.params?.cause);

  it('a loss-rate rise above the parameter (1 point) notifies, below it does not', async () => {
    expect(await run(unit('2025-08', 0.03, 0.042), unit('2025-07', 0.03, 0.03))).toEqual(['loss-rate-change']);
    expect(await run(unit('2025-08', 0.03, 0.038), unit('2025-07', 0.03, 0.03))).toEqual([]);
    // A fall is not a rise.
    expect(await run(unit('2025-08', 0.03, 0.01), unit('2025-07', 0.03, 0.03))).toEqual([]);
  });

  it('an overdue-rate rise above its parameter notifies with its own cause', async () => {
    expect(await run(unit('2025-08', 0.045, 0.03), unit('2025-07', 0.03, 0.03))).toEqual(['overdue-rate-change']);
  });

  it('a segment turned red notifies; a red that persists does not', async () => {
    const current = unit('2025-08', 0.03, 0.03);
    expect((await evaluate(noticeFacts(current, current, { level: 'red', changed: true }))).map((event) => event.params?.cause)).toEqual(['red-warning']);
    expect(await evaluate(noticeFacts(current, current, { level: 'red', changed: false }))).toEqual([]);
  });
});
