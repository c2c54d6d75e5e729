import { startTestApp, type TestApp } from '../../support/test-app';
import { standardContent, type ErrorBody, type VersionView } from './helpers';

/**
 * A parameter's value outside its own min and max is refused when the draft is saved
 * (created or updated) and when it is submitted, with 422 out_of_bounds naming the
 * parameter, the value and the bounds at the value's path.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const outOfBounds = (path: string, parameter: string, value: unknown, min: number, max: number) => ({
  path,
  message: expect.stringMatching(new RegExp(`${parameter}.*${String(value)}.*\\[${min}, ${max}\\]`)),
  parameter,
  value,
  min,
  max,
});

test('a draft whose parameter value lies outside its own min and max is refused at save with 422 naming parameter, value and bounds', async () => {
  const content = standardContent('warning.obligor');
  content.parameters.redDpd!.value = 10; // min 30, max 180
  const created = await app.request<ErrorBody>('POST', '/api/v1/rulesets/warning.obligor/versions', { body: { basedOnVersion: 1, ruleSet: content } });
  expect(created.status).toBe(422);
  expect(created.body.error.code).toBe('out_of_bounds');
  expect(created.body.error.details).toEqual([outOfBounds('/body/ruleSet/parameters/redDpd/value', 'redDpd', 10, 30, 180)]);

  // Within its bounds it saves; an edit that moves it (or a list item of another) outside is refused the same way.
  content.parameters.redDpd!.value = 45;
  const saved = await app.request<VersionView>('POST', '/api/v1/rulesets/warning.obligor/versions', { body: { basedOnVersion: 1, ruleSet: content } });
  expect(saved.status).toBe(201);
  content.parameters.redDpd!.value = 200;
  content.parameters.orangeDpd!.value = 'abc';
  const edited = await app.request<ErrorBody>('PUT', `/api/v1/rulesets/warning.obligor/versions/${saved.body.version}`, {
    body: { revision: saved.body.revision, ruleSet: content },
  });
  expect([edited.status, edited.body.error.code]).toEqual([422, 'out_of_bounds']);
  expect(edited.body.error.details).toEqual([
    outOfBounds('/body/ruleSet/parameters/redDpd/value', 'redDpd', 200, 30, 180),
    {
      path: '/body/ruleSet/parameters/orangeDpd/value',
      message: expect.stringMatching(/orangeDpd.*abc.*number/),
      parameter: 'orangeDpd',
      value: 'abc',
      min: 8,
      max: 90,
    },
  ]);
  const unchanged = await app.request<VersionView>('GET', `/api/v1/rulesets/warning.obligor/versions/${saved.body.version}`);
  expect([unchanged.body.revision, unchanged.body.ruleSet.parameters.redDpd!.value]).toEqual([saved.body.revision, 45]);
});

test('a draft stored out of bounds before this check (or written around the API) is refused at submit the same way', async () => {
  const content = standardContent('warning.obligor');
  const detail = await app.request<{ summary: { latestVersion: number } }>('GET', '/api/v1/rulesets/warning.obligor');
  const saved = await app.request<VersionView>('POST', '/api/v1/rulesets/warning.obligor/versions', {
    body: { basedOnVersion: detail.body.summary.latestVersion, ruleSet: content },
  });
  expect(saved.status).toBe(201);
  await app.connection
    .collection('ruleset_versions')
    .updateOne({ key: 'warning.obligor', version: saved.body.version }, { $set: { 'content.parameters.yellowDpd.value': 0 } });
  const submitted = await app.request<ErrorBody>('POST', `/api/v1/rulesets/warning.obligor/versions/${saved.body.version}/submit`, { body: { reason: 'try' } });
  expect([submitted.status, submitted.body.error.code]).toEqual([422, 'out_of_bounds']);
  expect(submitted.body.error.details).toEqual([outOfBounds('/ruleSet/parameters/yellowDpd/value', 'yellowDpd', 0, 1, 30)]);
});
