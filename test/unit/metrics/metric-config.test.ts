import { ConfigError, loadConfig } from '../../../server/config';
import { DEFAULT_METRIC_SETTINGS } from '../../../server/metrics/metric-settings';

test("metric settings default to domain.md's table of choices", () => {
  expect(loadConfig({ NODE_ENV: 'test' }).metricSettings).toEqual(DEFAULT_METRIC_SETTINGS);
});

test('each setting is read from the environment, and every bad value is reported at once', () => {
  const config = loadConfig({ NODE_ENV: 'test', METRIC_BUCKET_BASIS: 'worst', METRIC_CLAIMED_BY: 'claim-approved', METRIC_M3_UPPER_BOUND: 'uncapped' });
  expect(config.metricSettings).toMatchObject({ bucketBasis: 'worst', claimedBy: 'claim-approved', m3UpperBound: 'uncapped', lossClaims: 'gross' });
  let error: unknown;
  try {
    loadConfig({ NODE_ENV: 'test', METRIC_BUCKET_BASIS: 'weeks', METRIC_LOSS_CLAIMS: 'ceded' });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems).toEqual([
    'METRIC_BUCKET_BASIS must be one of days, installments, worst (got "weeks")',
    'METRIC_LOSS_CLAIMS must be one of gross, net (got "ceded")',
  ]);
});
