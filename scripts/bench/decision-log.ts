/**
 * npm run bench:decision-log — what one logged decision costs the database, by batch size:
 * writes the decisions an evaluation of synthetic obligors produces through the DecisionStore
 * into a fresh local FerretDB with the decision log's indexes, and prints the database's and this
 * process's CPU time per decision and how long each batch takes to write. For comparison, the
 * same decisions stored with facts and events as nested documents (the earlier format), written
 * straight through the driver. Flags: --count=20000, --batches=100,500,2000.
 *
 * Then the spool (docs/rulesets.md#the-decision-log): the same decisions recorded as evaluations
 * record them (DecisionStore.record, --concurrency=64 at a time, each waiting for its decision to
 * be safe) with the spool off, written but not synced, and synced (the default), printing
 * decisions/s, this process's CPU per decision, decisions per fdatasync (the group commit) and
 * record()'s latency, and the synced rate against a target: --target=2000 decisions/s, the
 * evaluation API's target per process (docs/compiled-evaluation.md). Flags: --spool-only skips the first table.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompiledEvaluator } from '../../server/engine/compiled-evaluator';
import { decisionModel, type DecisionRecord } from '../../server/decisions/decision.model';
import { DEFAULT_DECISION_LOG_OPTIONS, DecisionStore } from '../../server/decisions/decision.store';
import { maskPersonalFields } from '../../server/privacy/masking';
import { createLogger } from '../../server/logger';
import { connectDatabase } from '../../server/store/connection';
import { startLocalDatabase, type LocalDatabase } from '../../server/store/local-database';
import { syntheticObligorFacts } from './obligor-facts';
import { processCpuMs } from './process-cpu';

const ROOT = path.resolve(__dirname, '../..');
const flag = (name: string) => process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
const count = Number(flag('count') ?? 20_000);
const batchSizes = (flag('batches') ?? '100,500,2000').split(',').map(Number);
const concurrency = Number(flag('concurrency') ?? 64);
const target = Number(flag('target') ?? 2000);
const spoolOnly = process.argv.includes('--spool-only');

function decisions(total: number): DecisionRecord[] {
  const content = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', 'warning.obligor.json'), 'utf8'));
  const evaluator = new CompiledEvaluator();
  const prepared = evaluator.prepare({ key: content.key, version: 1, hash: `sha256:${'0'.repeat(64)}`, content });
  return syntheticObligorFacts(total, 5).map((facts) => {
    const events = evaluator.evaluateNow(prepared, facts);
    return {
      decisionId: randomUUID(),
      ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
      caller: 'bench',
      facts: maskPersonalFields(facts) as Record<string, unknown>,
      events,
      eventTypes: [...new Set(events.map((event) => event.type))],
      at: new Date(),
      durationMs: 0.012,
    };
  });
}

interface Figures {
  databaseCpuMs: number;
  clientCpuMs: number;
  batchMs: number[];
  elapsedMs: number;
}

async function measure(databasePid: number, records: DecisionRecord[], batchSize: number, write: (batch: DecisionRecord[]) => Promise<void>): Promise<Figures> {
  const batchMs: number[] = [];
  const databaseBefore = processCpuMs(databasePid)!;
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  for (let offset = 0; offset < records.length; offset += batchSize) {
    const batchStarted = performance.now();
    await write(records.slice(offset, offset + batchSize));
    batchMs.push(performance.now() - batchStarted);
  }
  const elapsedMs = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  return {
    databaseCpuMs: processCpuMs(databasePid)! - databaseBefore,
    clientCpuMs: (client.user + client.system) / 1000,
    batchMs: batchMs.sort((a, b) => a - b),
    elapsedMs,
  };
}

function print(label: string, batchSize: number, figures: Figures): void {
  const perDecision = (ms: number) => ((ms * 1000) / count).toFixed(0);
  const median = figures.batchMs[Math.floor(figures.batchMs.length / 2)]!;
  console.log(
    `${label.padEnd(20)} ${String(batchSize).padStart(6)}   ${perDecision(figures.databaseCpuMs).padStart(18)}   ${perDecision(figures.clientCpuMs).padStart(22)}   ` +
      `${`${median.toFixed(1)} / ${figures.batchMs[figures.batchMs.length - 1]!.toFixed(1)}`.padStart(20)}   ${Math.round((count / figures.elapsedMs) * 1000)
        .toLocaleString('en-US')
        .padStart(11)}`,
  );
}

async function main(): Promise<void> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-decisions-'));
  const database = await startLocalDatabase({ projectRoot: ROOT, dataDirectory, logger: createLogger('warn') });
  const logger = createLogger('warn');
  try {
    if (!spoolOnly) await batchTable(database);
    await spoolTable(database, logger);
  } finally {
    await database.stop();
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  }
}

async function spoolTable(database: LocalDatabase, logger: ReturnType<typeof createLogger>): Promise<void> {
  console.log(
    `\ndecision spool: ${count.toLocaleString('en-US')} decisions recorded ${concurrency} at a time, each waiting until it is safe (spool, then database)`,
  );
  console.log('spool     decisions/s   client cpu µs/decision   db cpu µs/decision   decisions/fdatasync   record ms (median / p99)');
  const rates: Record<string, number> = {};
  for (const mode of ['off', 'write', 'fsync'] as const) {
    const connection = await connectDatabase(database.uri, { databaseName: `bench_spool_${mode}` });
    const spoolDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-spool-'));
    try {
      await decisionModel(connection).init();
      const store = new DecisionStore(connection, logger, {
        ...DEFAULT_DECISION_LOG_OPTIONS,
        spool: mode,
        spoolDirectory,
        maxPending: Number.MAX_SAFE_INTEGER,
        spoolMaxDecisions: Number.MAX_SAFE_INTEGER,
      });
      await store.open();
      const records = decisions(count);
      const latencies: number[] = [];
      let next = 0;
      const databaseBefore = processCpuMs(database.pid)!;
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < records.length) {
            const record = records[next++]!;
            const recordStarted = performance.now();
            await store.record([record]);
            latencies.push(performance.now() - recordStarted);
          }
        }),
      );
      await store.flush();
      const elapsedMs = performance.now() - started;
      const client = process.cpuUsage(clientBefore);
      const databaseCpuMs = processCpuMs(database.pid)! - databaseBefore;
      const stats = store.spoolStats();
      await store.close();
      if ((await connection.collection('decisions').countDocuments()) !== count) throw new Error('not every decision was stored');
      latencies.sort((a, b) => a - b);
      const rate = (count / elapsedMs) * 1000;
      rates[mode] = rate;
      const perDecision = (ms: number) => ((ms * 1000) / count).toFixed(0);
      console.log(
        `${mode.padEnd(6)} ${Math.round(rate).toLocaleString('en-US').padStart(14)}   ${perDecision((client.user + client.system) / 1000).padStart(22)}   ${perDecision(databaseCpuMs).padStart(18)}   ` +
          `${(stats ? (stats.decisions / stats.groups).toFixed(1) : '-').padStart(19)}   ${`${latencies[Math.floor(latencies.length / 2)]!.toFixed(2)} / ${latencies[Math.floor(latencies.length * 0.99)]!.toFixed(2)}`.padStart(24)}`,
      );
    } finally {
      await connection.dropDatabase();
      await connection.close();
      fs.rmSync(spoolDirectory, { recursive: true, force: true });
    }
  }
  console.log(
    `synced spool: ${Math.round(rates.fsync!).toLocaleString('en-US')} decisions/s = ${(rates.fsync! / rates.off!).toFixed(2)} × without a spool; ` +
      `${(rates.fsync! / target).toFixed(2)} × the target of ${target.toLocaleString('en-US')} decisions/s`,
  );
}

async function batchTable(database: LocalDatabase): Promise<void> {
  const logger = createLogger('warn');
  console.log(`decision log writes: ${count.toLocaleString('en-US')} decisions of warning.obligor per row, into FerretDB with the log's indexes`);
  console.log('stored as             batch   db cpu µs/decision   client cpu µs/decision   batch ms (median / max)   decisions/s');
  for (const batchSize of batchSizes) {
    for (const format of ['JSON text', 'nested documents'] as const) {
      const connection = await connectDatabase(database.uri, { databaseName: `bench_${format === 'JSON text' ? 'text' : 'nested'}_${batchSize}` });
      try {
        const model = decisionModel(connection);
        await model.init();
        const records = decisions(count);
        let figures: Figures;
        if (format === 'JSON text') {
          const store = new DecisionStore(connection, logger, { flushMs: 3_600_000, flushSize: Number.MAX_SAFE_INTEGER, spool: 'off' });
          figures = await measure(database.pid, records, batchSize, (batch) => {
            for (const record of batch) store.add(record);
            return store.flush();
          });
        } else {
          figures = await measure(database.pid, records, batchSize, async (batch) => {
            await model.collection.insertMany(
              batch.map((record) => ({ ...record })),
              { ordered: false },
            );
          });
        }
        print(format, batchSize, figures);
        if ((await model.countDocuments()) !== count) throw new Error('not every decision was stored');
      } finally {
        await connection.dropDatabase();
        await connection.close();
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
