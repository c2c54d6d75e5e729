/**
 * Set-up of `npm run bench:reads` (reads-bench.ts), all through the API as a user would do it:
 * users, the book's completeness, a webhook subscription (so deliveries exist), the monitoring
 * days, and what the reads need (an obligor of the branch with alerts, a one-threshold draft).
 */

export interface Answer {
  status: number;
  body: unknown;
  text: string;
}

export interface DayFigures {
  asOf: string;
  wallMs: number;
  durationMs: number;
  obligors: number;
  phases: Record<string, number>;
}

import { DEMO_ORG_UNITS } from '../../server/authority/demo-authority';

const PASSWORD = 'bench reads correct horse battery';
const BRANCH = 'BR-SH';

/** HTTP against the running app; `token` is a bearer token (a session token or the admin key). */
export class ReadsClient {
  constructor(
    private readonly base: string,
    readonly adminKey: string,
  ) {}

  async call(method: string, path: string, token: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, text };
  }

  /** A call that must succeed; its body. */
  async must<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
    const answer = await this.call(method, path, token, body);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
    return answer.body as T;
  }

  async login(username: string, roles: string[], orgUnit: string): Promise<string> {
    await this.must('POST', '/users', this.adminKey, { username, password: PASSWORD, roles, orgUnit });
    return (await this.must<{ token: string }>('POST', '/auth/login', '', { username, password: PASSWORD })).token;
  }

  /** An obligor of the branch with an open alert, and a draft of warning.obligor with one threshold changed. */
  async benchContext(hq: string, month: string): Promise<{ obligorId: string; draftVersion: number }> {
    const alerts = await this.must<{ items: { obligorId: string | null }[] }>('GET', `/alerts?status=open&target=obligor&orgUnit=${BRANCH}&limit=1`, hq);
    const obligorId = alerts.items[0]?.obligorId;
    if (!obligorId) throw new Error(`no open obligor alert in ${BRANCH} after the monitoring days of ${month}`);
    const published = await this.must<{ ruleSet: { parameters: Record<string, { value: unknown }> } & Record<string, unknown> }>(
      'GET',
      '/rulesets/warning.obligor/versions/1',
      hq,
    );
    const ruleSet = structuredClone(published.ruleSet);
    ruleSet.parameters.orangeDpd!.value = 31;
    // A reused database already holds the drafts of earlier runs: a new draft must name the latest version.
    const detail = await this.must<{ summary: { latestVersion: number } }>('GET', '/rulesets/warning.obligor', hq);
    const draft = await this.must<{ version: number }>('POST', '/rulesets/warning.obligor/versions', hq, {
      basedOnVersion: detail.summary.latestVersion,
      reason: 'bench: one threshold changed',
      ruleSet,
    });
    return { obligorId, draftVersion: draft.version };
  }
}

/** The org tree of the generated book (its branches), users (HQ and branch), the book complete through the month, a webhook subscription; the tokens of the two users. */
export async function prepareBook(client: ReadsClient, month: string): Promise<{ hq: string; branch: string }> {
  for (const unit of DEMO_ORG_UNITS) await client.must('POST', '/org-units', client.adminKey, { ...unit });
  const hq = await client.login('bench-hq', ['admin', 'auditor', 'policy-owner'], 'HQ');
  const branch = await client.login('bench-branch', ['branch-operator', 'policy-owner', 'auditor'], BRANCH);
  await client.must('PUT', '/portfolio/completeness', client.adminKey, { completeThrough: `${month}-31`, reason: 'bench: the generated book ends here' });
  const types = await client.must<{ items: string[] }>('GET', '/webhooks/event-types', hq);
  // Nothing listens there: deliveries fail and wait for their retry, as a receiver that is down leaves them.
  // One for HQ (every event) and one for the branch (its subtree's), so both delivery logs have rows.
  for (const orgUnit of ['HQ', BRANCH])
    await client.must('POST', '/webhooks/subscriptions', hq, { orgUnit, url: `http://127.0.0.1:9/${orgUnit}`, eventTypes: types.items });
  return { hq, branch };
}

interface RunView {
  runId: string;
  status: string;
  durationMs: number | null;
  counts: Record<string, number>;
  phases: Record<string, number>;
  errors?: { message: string }[];
}

// The server answers within 240 s (still running: polled below), under fetch's 300 s wait for headers, which a loaded machine passed.
export async function runJob(client: ReadsClient, job: string, params: Record<string, string>): Promise<RunView & { wallMs: number }> {
  const started = performance.now();
  let run = await client.must<RunView>('POST', `/jobs/${job}/run`, client.adminKey, { ...params, waitSeconds: 240 });
  while (run.status === 'queued' || run.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run = await client.must<RunView>('GET', `/jobs/runs/${encodeURIComponent(run.runId)}`, client.adminKey);
  }
  if (run.status !== 'succeeded') throw new Error(`${job} ${JSON.stringify(params)} ended ${run.status}: ${JSON.stringify(run.errors)}`);
  return { ...run, wallMs: performance.now() - started };
}

/** The daily obligor monitoring on each day (timed), then claim triggers and the month's portfolio monitoring (so every list has rows). */
export async function runMonitoringDays(client: ReadsClient, days: readonly string[], month: string): Promise<DayFigures[]> {
  const figures: DayFigures[] = [];
  for (const asOf of days) {
    const run = await runJob(client, 'obligor-monitoring', { asOf });
    figures.push({ asOf, wallMs: run.wallMs, durationMs: run.durationMs ?? 0, obligors: run.counts.obligors ?? 0, phases: run.phases });
  }
  await runJob(client, 'claim-triggers', { asOf: days.at(-1)! });
  await runJob(client, 'portfolio-monitoring', { month });
  return figures;
}

/**
 * Waits until the monthly-reports runs the monitoring runs queued (the month's stored reports rebuilt in the background)
 * have ended, so the reads are timed on a settled system; the last run's duration, or undefined when none was queued.
 */
export async function reportsRebuilt(client: ReadsClient, timeoutMs = 1_800_000): Promise<number | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const list = await client.must<{ runs: RunView[] }>('GET', '/jobs?job=monthly-reports&limit=10', client.adminKey);
    if (!list.runs.some((run) => run.status === 'queued' || run.status === 'running')) return list.runs[0]?.durationMs ?? undefined;
    if (performance.now() > deadline) throw new Error('the monthly-reports runs did not end in time');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
