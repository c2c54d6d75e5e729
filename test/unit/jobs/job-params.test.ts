import { jobParams } from '../../../server/jobs/job-params';

test("a dated job's parameters always hold its day or month, typed so a job reads them without assertions", () => {
  const day = jobParams('asOf', { asOf: '2026-03-31' });
  const asOf: string = day.asOf;
  expect(asOf).toBe('2026-03-31');
  expect(jobParams('month', { month: '2026-03' }).month).toBe('2026-03');
  expect(jobParams('none', { hour: '2026-03-31T10' })).toEqual({ hour: '2026-03-31T10' });
});

test('a run record without its day or month, or with one of the wrong shape, is refused before the job sees it', () => {
  expect(() => jobParams('asOf', {})).toThrow('needs asOf, a day (YYYY-MM-DD); got none');
  expect(() => jobParams('asOf', { month: '2026-03' })).toThrow('needs asOf');
  expect(() => jobParams('month', { month: '2026-03-31' })).toThrow('needs month, a month (YYYY-MM); got "2026-03-31"');
});
