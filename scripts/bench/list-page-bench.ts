/**
 * Times one list page on the local database: the open alert queue, newest change first, 51 records
 * (`find({status: 'open'}).sort({updatedAt: -1, _id: -1}).limit(51)`), the first page and a page after
 * a (time, id) cursor, over a collection of N alert-like documents (a third of them open) with the
 * alert queue's indexes. Usage: `tsx scripts/bench/list-page-bench.ts [N] [ferretdb binary]`; the
 * binary defaults to the project's (.local/bin/ferretdb), so an older build can be compared.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { MongoClient, type Document } from 'mongodb';
import { freePort } from '../../server/store/local-database';
import { beforeCursor, BY_LATEST_CHANGE, cursorOf } from '../../server/store/keyset-page';

const size = Number(process.argv[2] ?? 5000);
const binary = process.argv[3] ?? path.resolve(__dirname, '..', '..', '.local', 'bin', 'ferretdb');
const RUNS = Number(process.env.RUNS ?? 20);

function alert(i: number): Document {
  return {
    _id: `ALT-${String(i).padStart(8, '0')}`,
    status: i % 3 === 0 ? 'open' : 'closed',
    orgUnit: `BR-${i % 12}`,
    level: ['watch', 'warning', 'critical'][i % 3],
    target: `OBL-${String(i % 5000).padStart(6, '0')}`,
    ruleId: `rule-${i % 40}`,
    message: `Indicator crossed its threshold on monitoring day ${i % 365}`,
    raisedOn: '2026-01-01',
    revision: 1 + (i % 4),
    updatedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 1000),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(label: string, read: () => Promise<unknown>): Promise<void> {
  const took: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await read();
    took.push(performance.now() - start);
  }
  took.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} median ${percentile(took, 50).toFixed(1).padStart(8)} ms   p95 ${percentile(took, 95).toFixed(1).padStart(8)} ms`);
}

async function main(): Promise<void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'list-page-bench-'));
  const port = await freePort();
  const child = spawn(binary, [
    '--handler=sqlite',
    `--sqlite-url=file:${directory}/`,
    `--state-dir=${directory}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--test-enable-nested-pushdown',
    '--log-level=WARN',
  ]);
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 30_000 });
  try {
    await client.connect();
    const alerts = client.db('bench').collection('alerts');
    await alerts.createIndexes([{ key: { status: 1, orgUnit: 1, updatedAt: -1, _id: -1 } }, { key: { status: 1, updatedAt: -1, _id: -1 } }]);
    for (let start = 0; start < size; start += 1000) {
      await alerts.insertMany(Array.from({ length: Math.min(1000, size - start) }, (_, i) => alert(start + i)));
    }
    const sort = { updatedAt: -1, _id: -1 } as const;
    const coldStart = performance.now();
    const first = await alerts.find({ status: 'open' }).sort(sort).limit(51).toArray();
    const cold = performance.now() - coldStart;
    const after = beforeCursor({ status: 'open' }, BY_LATEST_CHANGE, cursorOf(BY_LATEST_CHANGE, first[49]));
    const explained = await alerts.find({ status: 'open' }).sort(sort).limit(51).explain();
    console.log(`${size} documents, ${await alerts.countDocuments({ status: 'open' })} open; sortPushdown: ${String(explained.sortPushdown)}`);
    console.log(`${'open queue, first read after start'.padEnd(34)} ${cold.toFixed(1).padStart(15)} ms (runs the check once)`);
    await time('open queue, first page', () => alerts.find({ status: 'open' }).sort(sort).limit(51).toArray());
    await time('open queue, page after a cursor', () => alerts.find(after).sort(sort).limit(51).toArray());
    await time('one branch, first page', () => alerts.find({ status: 'open', orgUnit: 'BR-3' }).sort(sort).limit(51).toArray());
  } finally {
    await client.close();
    child.kill('SIGTERM');
    if (process.env.KEEP) console.log(`kept ${directory}`);
    else fs.rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
