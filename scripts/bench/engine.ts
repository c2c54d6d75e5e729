/**
 * npm run bench:engine — evaluation speed of the standard warning rule set, side by side:
 * json-rules-engine, the compiled path and a hand-written function, in one process; a batch of
 * 1,000,000 obligors; then the evaluation API under load on loopback for each path.
 * Flags: --quick (smaller sizes), --skip-api, --api-only, --servers=compiled (comma-separated:
 * interpreted, compiled-express, compiled), --duration=10 and --warmup=2 (seconds),
 * --node-flags='...' and --server-env=NAME=value,... (the server process's), --baseline=DIR (also
 * measure the servers of another checkout, e.g. an earlier commit, in the same run), --rate=N
 * (send N requests/s in all instead of as many as the 50 connections manage).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompiledEvaluator } from '../../server/engine/compiled-evaluator';
import { evaluateWithEngine, type Facts } from '../../server/engine/evaluate';
import { measureEvaluationApi } from './api-load';
import { syntheticObligorFacts } from './obligor-facts';
import { handWrittenWarningObligor } from './warning-hand-written';

const ROOT = path.resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const format = (value: number) => value.toLocaleString('en-US');
/** `--name=value` from the command line. */
const flag = (name: string) => process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);

async function inProcess(): Promise<void> {
  const content = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', 'warning.obligor.json'), 'utf8'));
  const evaluator = new CompiledEvaluator();
  const prepared = evaluator.prepare({ key: content.key, version: 1, hash: 'bench', content });
  const handWritten = handWrittenWarningObligor(prepared);
  const compiledRun = evaluator.compiledRunner(prepared);
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
    if (reference !== JSON.stringify(evaluator.evaluateNow(prepared, item)))
      throw new Error(`json-rules-engine and compiled disagree on ${JSON.stringify(item)}`);
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
  const passes = (run: (item: Facts) => unknown) =>
    Math.min(
      ...[0, 1, 2, 3].map(() =>
        time(() => {
          for (const item of facts) run(item);
        }),
      ),
    ).valueOf();
  const compiledMs = passes(compiledRun);
  const handMs = passes(handWritten);

  console.log(
    `\nstandard warning.obligor rule set: ${prepared.rules.length} rules, ${format(facts.length)} synthetic obligors (${((firing / facts.length) * 100).toFixed(1)}% raise a warning)`,
  );
  console.log('path                      evaluations/s    vs json-rules-engine');
  console.log(`json-rules-engine          ${format(engineRate).padStart(12)}    1x   (new Engine per evaluation, ${format(sample.length)} evaluations)`);
  console.log(
    `compiled                   ${format(rate(facts.length, compiledMs)).padStart(12)}    ${format(Math.round(rate(facts.length, compiledMs) / engineRate))}x`,
  );
  console.log(
    `hand-written               ${format(rate(facts.length, handMs)).padStart(12)}    ${format(Math.round(rate(facts.length, handMs) / engineRate))}x`,
  );
  console.log(`compiled time / hand-written time: ${(compiledMs / handMs).toFixed(2)} (target: within 3)`);

  const million = syntheticObligorFacts(1_000_000, 11);
  started = performance.now();
  let raised = 0;
  for (const item of million) raised += compiledRun(item).length;
  const batchMs = performance.now() - started;
  console.log(`batch: 1,000,000 obligors evaluated in ${(batchMs / 1000).toFixed(2)} s of evaluation time (${format(raised)} warnings; target under 5 s)`);
}

async function main(): Promise<void> {
  if (!process.argv.includes('--api-only')) await inProcess();
  if (!process.argv.includes('--skip-api')) {
    await measureEvaluationApi({
      root: ROOT,
      paths: (flag('servers') ?? 'interpreted,compiled-express,compiled').split(','),
      durationSeconds: Number(flag('duration') ?? (quick ? 5 : 10)),
      warmupSeconds: Number(flag('warmup') ?? 2),
      nodeFlags: flag('node-flags')?.split(' ').filter(Boolean),
      baselineRoot: flag('baseline'),
      rate: flag('rate') ? Number(flag('rate')) : undefined,
      serverEnvironment: flag('server-env')
        ? Object.fromEntries(
            flag('server-env')!
              .split(',')
              .map((pair) => pair.split('=') as [string, string]),
          )
        : undefined,
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
