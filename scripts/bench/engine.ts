/**
 * npm run bench:engine — evaluation speed of the standard warning rule set, side by side:
 * json-rules-engine, the compiled path and a hand-written function, in one process; a batch of
 * 1,000,000 obligors; then the evaluation API under load on loopback for each path.
 * Flags: --quick (smaller sizes), --skip-api.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { CompiledEvaluator } from '../../server/engine/compiled-evaluator';
import { evaluateWithEngine, type Facts } from '../../server/engine/evaluate';
import { createLogger } from '../../server/logger';
import { freePort, startLocalDatabase } from '../../server/store/local-database';
import { startServerProcess } from '../../test/support/server-process';
import { syntheticObligorFacts } from './obligor-facts';
import { handWrittenWarningObligor } from './warning-hand-written';

const ROOT = path.resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const format = (value: number) => value.toLocaleString('en-US');

async function inProcess(): Promise<void> {
  const content = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', 'warning.obligor.json'), 'utf8'));
  const evaluator = new CompiledEvaluator();
  const prepared = evaluator.prepare({ key: content.key, version: 1, hash: 'bench', content });
  const handWritten = handWrittenWarningObligor(prepared);
  const compiledRun = evaluator.runner(prepared);
  const facts = syntheticObligorFacts(quick ? 100_000 : 400_000, 7);

  // Same decisions first, or the timings mean nothing.
  let firing = 0;
  for (const item of facts) {
    const compiled = JSON.stringify(evaluator.evaluateNow(prepared, item));
    if (compiled !== JSON.stringify(handWritten(item))) throw new Error(`hand-written and compiled disagree on ${JSON.stringify(item)}`);
    if (compiled !== '[]') firing++;
  }
  const sample = facts.slice(0, quick ? 3_000 : 10_000);
  for (const item of sample.slice(0, 500)) {
    const reference = JSON.stringify((await evaluateWithEngine(prepared, item)).events);
    if (reference !== JSON.stringify(evaluator.evaluateNow(prepared, item))) throw new Error(`json-rules-engine and compiled disagree on ${JSON.stringify(item)}`);
  }

  const time = (run: () => void): number => {
    const started = performance.now();
    run();
    return performance.now() - started;
  };
  // json-rules-engine: a new Engine per evaluation, as the platform must (run state is per instance).
  let started = performance.now();
  for (const item of sample) await evaluateWithEngine(prepared, item);
  const engineRate = rate(sample.length, performance.now() - started);
  // Warm both plain paths, then take the best of three passes over the same facts.
  const passes = (run: (item: Facts) => unknown) => Math.min(...[0, 1, 2, 3].map(() => time(() => { for (const item of facts) run(item); }))).valueOf();
  const compiledMs = passes(compiledRun);
  const handMs = passes(handWritten);

  console.log(`\nstandard warning.obligor rule set: ${prepared.rules.length} rules, ${format(facts.length)} synthetic obligors (${((firing / facts.length) * 100).toFixed(1)}% raise a warning)`);
  console.log('path                      evaluations/s    vs json-rules-engine');
  console.log(`json-rules-engine          ${format(engineRate).padStart(12)}    1x   (new Engine per evaluation, ${format(sample.length)} evaluations)`);
  console.log(`compiled                   ${format(rate(facts.length, compiledMs)).padStart(12)}    ${format(Math.round(rate(facts.length, compiledMs) / engineRate))}x`);
  console.log(`hand-written               ${format(rate(facts.length, handMs)).padStart(12)}    ${format(Math.round(rate(facts.length, handMs) / engineRate))}x`);
  console.log(`compiled time / hand-written time: ${(compiledMs / handMs).toFixed(2)} (target: within 3)`);

  const million = syntheticObligorFacts(1_000_000, 11);
  started = performance.now();
  let raised = 0;
  for (const item of million) raised += compiledRun(item).length;
  const batchMs = performance.now() - started;
  console.log(`batch: 1,000,000 obligors evaluated in ${(batchMs / 1000).toFixed(2)} s of evaluation time (${format(raised)} warnings; target under 5 s)`);
}

async function api(): Promise<void> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-'));
  const logger = createLogger('warn');
  const database = await startLocalDatabase({ projectRoot: ROOT, dataDirectory, logger });
  const adminKey = 'bench-admin-key-0123456789abcdef';
  const bodies = syntheticObligorFacts(2000, 3).map((facts) => JSON.stringify({ facts }));
  console.log('\nevaluation API on loopback: 50 connections, 10 s, decision log on, one server process each');
  console.log('path          requests/s     p50 ms    p99 ms    errors');
  try {
    for (const evaluationPath of ['interpreted', 'compiled']) {
      const port = await freePort();
      const server = startServerProcess({
        PORT: String(port),
        MONGODB_URI: `${database.uri}bench_${evaluationPath}`,
        ADMIN_API_KEY: adminKey,
        SEED_DEMO: 'false',
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        EVALUATION_PATH: evaluationPath,
      });
      try {
        await server.waitForOutput(/listening on/, 120_000);
        let next = 0;
        const result = await autocannon({
          url: `http://127.0.0.1:${port}/api/v1/rulesets/warning.obligor/evaluate`,
          connections: 50,
          duration: quick ? 5 : 10,
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
        });
        const errors = result.errors + result.non2xx;
        console.log(`${evaluationPath.padEnd(12)} ${format(Math.round(result.requests.average)).padStart(11)} ${String(result.latency.p50).padStart(10)} ${String(result.latency.p99).padStart(9)} ${String(errors).padStart(9)}`);
        const logged = await fetch(`http://127.0.0.1:${port}/api/v1/decisions?limit=1`, { headers: { authorization: `Bearer ${adminKey}` } });
        if (!logged.ok) console.log(`  (decision log check failed: ${logged.status})`);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await database.stop();
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await inProcess();
  if (!process.argv.includes('--skip-api')) await api();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
