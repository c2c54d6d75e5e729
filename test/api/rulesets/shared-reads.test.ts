import { ApiKeyStore } from '../../../server/identity/api-key.store';
import { ActiveVersions, PUBLICATION_REFRESH_MS } from '../../../server/rulesets/active-versions';
import { RuleSetStore } from '../../../server/rulesets/ruleset.store';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createIntegrationKey } from './helpers';

/**
 * Under load, requests must not queue behind the database for what a process caches: concurrent
 * first uses share one read, and a publication list due for re-reading is still used while one
 * re-read runs. Counted with spies that call through to the real stores.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());
afterEach(() => jest.restoreAllMocks());

test('concurrent first evaluations of a key share one read of its publications and one of its version', async () => {
  const store = new RuleSetStore(app.connection);
  const publications = jest.spyOn(store, 'publications');
  const findVersion = jest.spyOn(store, 'findVersion');
  const active = new ActiveVersions(store, app.platform.services.evaluator);
  const prepared = await Promise.all(Array.from({ length: 25 }, () => active.prepared('claim.trigger')));
  expect(new Set(prepared.map((item) => item.prepared)).size).toBe(1);
  expect(publications).toHaveBeenCalledTimes(1);
  expect(findVersion).toHaveBeenCalledTimes(1);
});

test('a list due for re-reading is used while one re-read runs; the re-read then applies', async () => {
  let now = Date.now();
  const store = new RuleSetStore(app.connection);
  const active = new ActiveVersions(store, app.platform.services.evaluator, () => now);
  await active.prepared('claim.trigger');
  const publications = jest.spyOn(store, 'publications');
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  publications.mockImplementation(async (key) => {
    await held;
    return RuleSetStore.prototype.publications.call(store, key);
  });
  now += PUBLICATION_REFRESH_MS + 1;
  // The re-read is held back, yet evaluations go on with the list they have.
  const during = await Promise.all(Array.from({ length: 10 }, () => active.prepared('claim.trigger')));
  expect(during.every((item) => item.prepared.version === 1)).toBe(true);
  expect(publications).toHaveBeenCalledTimes(1);
  release();
  // The explicit tick: the held re-read's answer is in, and the list it made was stored before this resumes.
  await publications.mock.results[0]!.value;
  await active.prepared('claim.trigger');
  expect(publications).toHaveBeenCalledTimes(1);
  now += PUBLICATION_REFRESH_MS + 1;
  await active.prepared('claim.trigger');
  expect(publications).toHaveBeenCalledTimes(2);
});

test('forget() wins over a read that was under way', async () => {
  const store = new RuleSetStore(app.connection);
  const active = new ActiveVersions(store, app.platform.services.evaluator);
  const real = store.publications.bind(store);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const publications = jest.spyOn(store, 'publications').mockImplementationOnce(async (key) => {
    const answer = await real(key);
    await held;
    return answer.map((publication) => ({ ...publication, version: 99 }));
  });
  const stale = active.prepared('claim.trigger').catch((error: Error) => error);
  await waitUntil(() => publications.mock.calls.length === 1, 10_000, 'the read to be under way');
  active.forget('claim.trigger');
  const fresh = await active.prepared('claim.trigger');
  expect(fresh.prepared.version).toBe(1);
  release();
  await stale;
  // The held read answered version 99, but it started before forget(): its list is not kept.
  expect((await active.prepared('claim.trigger')).prepared.version).toBe(1);
  expect(publications).toHaveBeenCalledTimes(2);
});

test('concurrent requests with a credential not yet cached share one lookup', async () => {
  const secret = await createIntegrationKey(app, 'shared-lookup', {});
  const lookups = jest.spyOn(ApiKeyStore.prototype, 'findBySecretHash');
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => app.request('POST', '/api/v1/rulesets/claim.trigger/evaluate', { body: { facts: { dpd: 1 } }, as: secret })),
  );
  expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 200));
  expect(lookups).toHaveBeenCalledTimes(1);
});

test('a lookup under way when credentials are forgotten does not put them back in the cache', async () => {
  const secret = await createIntegrationKey(app, 'forgotten-lookup', {});
  const authentication = app.platform.services.authentication;
  const lookups = jest.spyOn(ApiKeyStore.prototype, 'findBySecretHash');
  const headers = { authorization: `Bearer ${secret}` };
  const first = authentication.authenticate({ headers });
  authentication.forgetCachedCredentials();
  await first;
  await authentication.authenticate({ headers });
  expect(lookups).toHaveBeenCalledTimes(2);
  await authentication.authenticate({ headers });
  expect(lookups).toHaveBeenCalledTimes(2);
});
