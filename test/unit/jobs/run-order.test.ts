import { runOrderRefusal } from '../../../server/jobs/run-order';

describe('runOrderRefusal: a dated job runs forward in time', () => {
  test.each([
    ['asOf', { asOf: '2025-08-10' }, '2025-08-20', { parameter: 'asOf', requested: '2025-08-10', lastRunDate: '2025-08-20' }],
    ['asOf', { asOf: '2025-08-20' }, '2025-08-20', undefined],
    ['asOf', { asOf: '2025-08-21' }, '2025-08-20', undefined],
    ['asOf', { asOf: '2025-08-10' }, undefined, undefined],
    ['month', { month: '2025-07' }, '2025-08', { parameter: 'month', requested: '2025-07', lastRunDate: '2025-08' }],
    ['month', { month: '2025-10' }, '2025-09', undefined],
    ['none', { hour: '2025-08-10T01' }, '2025-08-20', undefined],
  ] as const)('%s %j after a run for %s', (parameter, params, last, expected) => {
    expect(runOrderRefusal(parameter, params, last)).toEqual(expected);
  });
});
