import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DecisionSpool } from '../../../server/decisions/decision.spool';
import type { StoredDecision } from '../../../server/decisions/decision.model';
import { createLogger } from '../../../server/logger';

/**
 * The spool's durability per append: in `fsync` mode an append is synced before it resolves,
 * unless its caller asks only for the write (the underwriting check: in the file before the
 * answer, so a killed process loses none; not synced, so a power cut may lose the last few).
 */
const logger = createLogger('error');
let directory: string;
let spool: DecisionSpool;

beforeEach(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-durability-'));
  spool = new DecisionSpool({ directory, mode: 'fsync', maxBytes: 1024 * 1024 }, logger);
  await spool.open();
});
afterEach(async () => {
  await spool.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

const decision = (id: string) => ({ _id: id, at: new Date('2026-01-01T00:00:00Z') }) as unknown as StoredDecision;
const lines = () =>
  fs
    .readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ndjson'))
    .flatMap((name) => fs.readFileSync(path.join(directory, name), 'utf8').split('\n').filter(Boolean));

test('an append that asks for the write only is in the file when it resolves, without a sync; the default still syncs', async () => {
  await spool.append([decision('quick')], { sync: false });
  expect(lines()).toEqual([expect.stringContaining('"quick"')]);
  expect(spool.stats.syncs).toBe(0);

  await spool.append([decision('durable')]);
  expect(spool.stats.syncs).toBe(1);
  expect(lines()).toHaveLength(2);
});

test('in one group, the synced appends wait for the sync and the others do not; all are in the file', async () => {
  const answered = await Promise.all([spool.append([decision('a')]), spool.append([decision('b')], { sync: false }), spool.append([decision('c')])]);
  expect(answered.every((segment) => segment.outstanding === 3)).toBe(true);
  expect(spool.stats.decisions).toBe(3);
  expect(spool.stats.syncs).toBeLessThanOrEqual(2);
  expect(lines()).toHaveLength(3);
});
