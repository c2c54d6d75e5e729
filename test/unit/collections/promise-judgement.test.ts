import { judgePromise, judgeOnOf } from '../../../server/collections/promises/promise-judgement';

/** A promise made on 2026-11-02 to pay 1,000.00 by 2026-11-10; three days of grace unless a test says otherwise. */
const promise = { madeOn: '2026-11-02', dueOn: '2026-11-10', amountCents: 100_000 };
const paid = (repaymentId: string, paidAt: string, amountCents: number) => ({ repaymentId, paidAt, amountCents });

describe('promise-to-pay judgement', () => {
  test('kept: paid in full by the promised date', () => {
    expect(judgePromise(promise, [paid('R1', '2026-11-09', 100_000)], 3)).toEqual({ status: 'kept', paidCents: 100_000, repaymentIds: ['R1'] });
  });

  test('several repayments between the promise and the deadline add up', () => {
    const judged = judgePromise(promise, [paid('R1', '2026-11-03', 40_000), paid('R2', '2026-11-08', 30_000), paid('R3', '2026-11-12', 30_000)], 3);
    expect(judged).toEqual({ status: 'kept', paidCents: 100_000, repaymentIds: ['R1', 'R2', 'R3'] });
  });

  test('partly kept: something paid by the deadline, less than promised', () => {
    expect(judgePromise(promise, [paid('R1', '2026-11-05', 60_000)], 3)).toEqual({ status: 'partly-kept', paidCents: 60_000, repaymentIds: ['R1'] });
  });

  test('broken: nothing paid by the promised date plus the grace', () => {
    expect(judgePromise(promise, [], 3)).toEqual({ status: 'broken', paidCents: 0, repaymentIds: [] });
  });

  test('the grace counts: a payment within it keeps the promise, one after it does not', () => {
    expect(judgePromise(promise, [paid('R1', '2026-11-13', 100_000)], 3).status).toBe('kept');
    expect(judgePromise(promise, [paid('R1', '2026-11-14', 100_000)], 3).status).toBe('broken');
    expect(judgePromise(promise, [paid('R1', '2026-11-11', 100_000)], 0).status).toBe('broken');
  });

  test('a repayment made before the promise does not keep it; one on the day of the promise does', () => {
    expect(judgePromise(promise, [paid('R0', '2026-11-01', 100_000)], 3)).toEqual({ status: 'broken', paidCents: 0, repaymentIds: [] });
    expect(judgePromise(promise, [paid('R0', '2026-11-01', 100_000), paid('R1', '2026-11-02T15:00:00+08:00', 100_000)], 3).status).toBe('kept');
  });

  test('the day a promise is judged: its date plus the grace, across a month end', () => {
    expect(judgeOnOf('2026-11-29', 3)).toBe('2026-12-02');
    expect(judgeOnOf('2026-11-10', 0)).toBe('2026-11-10');
  });
});
