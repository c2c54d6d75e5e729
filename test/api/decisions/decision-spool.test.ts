import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toStoredDecision, type DecisionRecord } from '../../../server/decisions/decision.model';
import { connectDatabase } from '../../../server/store/connection';
import { startTestApp } from '../../support/test-app';

const record = (decisionId: string, dpd: number): DecisionRecord => ({
  decisionId,
  ruleSet: { key: 'warning.obligor', version: 1, hash: 'sha256:spooled' },
  caller: 'killed-process',
  facts: { dpd },
  events: [],
  eventTypes: [],
  at: new Date('2026-01-02T03:04:05Z'),
  durationMs: 0.1,
});

/** A pid that no process holds any more: one that ran and exited. */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
}

test('a start replays the spool a killed process left: new decisions stored, stored ones counted once, a torn last line skipped', async () => {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-spool-'));
  const databaseName = `t_spool_${randomBytes(4).toString('hex')}`;
  const [pending, alreadyStored, torn, samePid] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const orphan = path.join(dataDirectory, 'decision-spool', databaseName, `${deadPid()}-0badc0de`);
  fs.mkdirSync(orphan, { recursive: true });
  const lines = [record(pending, 95), record(alreadyStored, 10)].map((item) => `${JSON.stringify(toStoredDecision(item))}\n`).join('');
  fs.writeFileSync(path.join(orphan, 'segment-000001.ndjson'), `${lines}${JSON.stringify(toStoredDecision(record(torn, 1))).slice(0, 40)}`);
  // A container's server has the same pid (1) at every start: a folder with this pid that this process did not open is a previous run's.
  const previousRun = path.join(dataDirectory, 'decision-spool', databaseName, `${process.pid}-feedbeef`);
  fs.mkdirSync(previousRun);
  fs.writeFileSync(path.join(previousRun, 'segment-000001.ndjson'), `${JSON.stringify(toStoredDecision(record(samePid, 7)))}\n`);
  // The killed process had stored one of them before it died.
  const setup = await connectDatabase(process.env.MONGODB_URI!, { databaseName });
  await setup.collection('decisions').insertOne(toStoredDecision(record(alreadyStored, 10)) as never);
  await setup.close();

  const app = await startTestApp({ DATA_DIR: dataDirectory }, { databaseName });
  try {
    const replayed = await app.request<{ facts: Record<string, unknown>; at: string; caller: string }>('GET', `/api/v1/decisions/${pending}`);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ facts: { dpd: 95 }, at: '2026-01-02T03:04:05.000Z', caller: 'killed-process' });
    expect((await app.request('GET', `/api/v1/decisions/${alreadyStored}`)).status).toBe(200);
    expect((await app.request('GET', `/api/v1/decisions/${torn}`)).status).toBe(404);
    expect((await app.request('GET', `/api/v1/decisions/${samePid}`)).status).toBe(200);
    expect(fs.existsSync(previousRun)).toBe(false);
    expect(await app.connection.collection('decisions').countDocuments({ _id: { $in: [pending, alreadyStored] } } as never)).toBe(2);
    expect(fs.existsSync(orphan)).toBe(false);

    // An answered decision is already in this process's spool file.
    const evaluated = await app.request<{ decisionId: string }>('POST', '/api/v1/rulesets/warning.obligor/evaluate', { body: { facts: { dpd: 3 } } });
    expect(evaluated.status).toBe(200);
    const own = fs.readdirSync(path.join(dataDirectory, 'decision-spool', databaseName)).filter((name) => name.startsWith(`${process.pid}-`));
    expect(own).toHaveLength(1);
    const spooled = fs
      .readdirSync(path.join(dataDirectory, 'decision-spool', databaseName, own[0]!))
      .map((name) => fs.readFileSync(path.join(dataDirectory, 'decision-spool', databaseName, own[0]!, name), 'utf8'))
      .join('');
    expect(spooled).toContain(evaluated.body.decisionId);
  } finally {
    await app.close();
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  }
});

test('a graceful stop with every decision stored leaves no spool files behind', async () => {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-spool-'));
  const app = await startTestApp({ DATA_DIR: dataDirectory });
  try {
    expect((await app.request('POST', '/api/v1/rulesets/warning.obligor/evaluate', { body: { facts: { dpd: 3 } } })).status).toBe(200);
  } finally {
    await app.close();
  }
  const spool = path.join(dataDirectory, 'decision-spool');
  // The database's folder goes too (removed without waiting: poll briefly).
  const deadline = Date.now() + 2000;
  while (fs.readdirSync(spool).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(fs.readdirSync(spool)).toEqual([]);
  fs.rmSync(dataDirectory, { recursive: true, force: true });
});
