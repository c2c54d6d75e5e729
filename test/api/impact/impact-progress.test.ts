import { importSyntheticBook } from '../../support/synthetic-import';
import { waitUntil } from '../../support/polling';
import { standardContent } from '../rulesets/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The impact preview streams its progress: asked for `application/x-ndjson`, it answers one
 * JSON line per progress report (facts, then the published set, then the candidate) and ends with
 * the result, the same as the plain JSON answer. What it refuses it refuses before streaming, with
 * the same status and envelope; a client that goes away stops the work.
 */
type Progress = { progress: { phase: 'facts' | 'published' | 'candidate'; done: number; total: number } };
type Line = Progress | { result: { obligors: number; evaluated: number } } | { error: { code: string } };

const NDJSON = { accept: 'application/x-ndjson' };

describe('impact preview progress', () => {
  let app: TestApp;
  let owner: string;
  let version = 0;
  const impactPath = () => `/api/v1/rulesets/warning.obligor/versions/${version}/impact`;

  beforeAll(async () => {
    app = await startTestApp();
    await importSyntheticBook(app, { loans: 300, months: 18, seed: 7 });
    owner = await app.createUserAndLogin('olivia', ['policy-owner']);
    const content = standardContent('warning.obligor');
    content.parameters.orangeDpd!.value = 40;
    const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/warning.obligor/versions', {
      as: owner,
      body: { basedOnVersion: 1, ruleSet: content },
    });
    version = draft.body.version;
  }, 180000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => app.close());

  it('streams progress lines whose done never decreases and reaches total, then the same result as the plain answer', async () => {
    const body = { sample: 20000 };
    const streamed = await app.request<string>('POST', impactPath(), { as: owner, body, headers: NDJSON });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = streamed.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Line);
    const last = lines.pop()!;
    expect(Object.keys(last)).toEqual(['result']);
    const progress = lines.map((line) => (line as Progress).progress);
    expect(progress.every((line) => line !== undefined)).toBe(true);
    // The phases in order, each from its first report to done = total, never going back.
    expect([...new Set(progress.map((line) => line.phase))]).toEqual(['facts', 'published', 'candidate']);
    for (const phase of ['facts', 'published', 'candidate']) {
      const reports = progress.filter((line) => line.phase === phase);
      for (let i = 1; i < reports.length; i++) expect(reports[i]!.done).toBeGreaterThanOrEqual(reports[i - 1]!.done);
      expect(reports.at(-1)!.done).toBe(reports.at(-1)!.total);
      expect(reports.every((line) => line.total === reports[0]!.total)).toBe(true);
    }
    const evaluated = (last as { result: { evaluated: number } }).result.evaluated;
    expect(progress.find((line) => line.phase === 'candidate')!.total).toBe(evaluated);
    // Reports come in chunks, never one line per obligor.
    expect(progress.length).toBeLessThan(evaluated / 10);

    const plain = await app.request('POST', impactPath(), { as: owner, body });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    expect((last as { result: unknown }).result).toEqual(plain.body);
  }, 120000);

  it('refuses before streaming: the same status and envelope as the plain JSON answer', async () => {
    for (const url of ['/api/v1/rulesets/claim.trigger/versions/1/impact', '/api/v1/rulesets/warning.obligor/versions/99/impact']) {
      const streamed = await app.request<{ error: { code: string; message: string } }>('POST', url, { as: owner, body: {}, headers: NDJSON });
      const plain = await app.request<{ error: { code: string; message: string } }>('POST', url, { as: owner, body: {} });
      expect(streamed.status).toBeGreaterThanOrEqual(400);
      expect(streamed.status).toBe(plain.status);
      expect(streamed.headers.get('content-type')).toMatch(/^application\/json/);
      expect({ ...streamed.body.error, requestId: undefined }).toEqual({ ...plain.body.error, requestId: undefined });
    }
    const bad = await app.request<{ error: { code: string } }>('POST', impactPath(), { as: owner, body: { sample: 0 }, headers: NDJSON });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('stops the work when the client closes the connection', async () => {
    const monitoring = app.platform.services.obligorMonitoring;
    const facts = monitoring.facts.bind(monitoring);
    const reads: Promise<unknown>[] = [];
    // The facts read starts only once the server has seen the client go, so the work has to notice the abort to stop.
    jest.spyOn(monitoring, 'facts').mockImplementation(async (asOf, inputs) => {
      const read = (async () => {
        await waitUntil(() => inputs?.signal?.aborted, 20000, 'the server to see the client close the connection');
        return facts(asOf, inputs);
      })();
      reads.push(read);
      return read;
    });
    const decide = jest.spyOn(monitoring, 'decide');
    const client = new AbortController();
    const response = await fetch(app.url + impactPath(), {
      method: 'POST',
      headers: { ...NDJSON, authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sample: 20000 }),
      signal: client.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(JSON.parse(first.split('\n')[0]!)).toEqual({ progress: { phase: 'facts', done: 0, total: expect.any(Number) } });
    client.abort();
    await waitUntil(() => reads.length > 0, 20000, 'the facts read to start');
    await expect(reads[0]).rejects.toMatchObject({ name: 'AbortError' });
    expect(decide).not.toHaveBeenCalled();
  }, 60000);
});
