/**
 * npm run bench:monitoring                 # 100,000 loans (about as many obligors), book generated in memory
 * npm run bench:monitoring -- --million    # also 1,000,000 (minutes, and several GB of RAM)
 * npm run bench:monitoring -- --loans 20000 --end-to-end   # import into the database first, then read the book pages
 * npm run bench:monitoring -- --loans 1000000 --plan-only  # facts and evaluation only: what would change, nothing written
 * npm run bench:monitoring -- --loans 1000000 --days 1     # only the first day (every warning new: the most writes)
 *
 * The daily obligor run (server/monitoring) on the real app and database: a first day on an
 * empty alert store (every warning is new: the most writes), then a later day (alerts move,
 * deadlines pass). Each size runs in a fresh child process so its peak RSS is its own. The run's
 * own phase timings say where the time goes: facts (reading the book, or the handed-over book,
 * and the open alerts), evaluation (the compiled rule function per obligor, and deciding what
 * changes) and writes (alerts, history, dispositions, tasks, decisions, events).
 */
import { runBenchmark, withBenchDatabase } from './bench-database';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, 'monitoring-bench-child.ts');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

interface DayFigures {
  asOf: string;
  wallMs: number;
  counts: Record<string, number>;
  phases: Record<string, number>;
  /** CPU milliseconds of the run's process (node) and of the local database over the day, when it is local. */
  cpuMs: { node: number; database?: number };
}

function runChild(args: string[], uri: string, databasePid: number | undefined): Record<string, unknown> {
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=6144', CHILD, ...args], {
    cwd: root,
    env: { ...process.env, MONGODB_URI: uri, BENCH_DATABASE_PID: databasePid ? String(databasePid) : '' },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 10 * 1024 * 1024,
  });
  return JSON.parse(output.toString().trim().split('\n').at(-1)!) as Record<string, unknown>;
}

async function importBook(uri: string, databaseName: string, loans: number): Promise<number> {
  const started = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'metrics-bench-child.ts'), 'import', String(loans), '12'], {
    cwd: root,
    env: { ...process.env, MONGODB_URI: uri, BENCH_DATABASE: databaseName },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      loans: { type: 'string', default: '100000' },
      million: { type: 'boolean', default: false },
      'end-to-end': { type: 'boolean', default: false },
      'plan-only': { type: 'boolean', default: false },
      days: { type: 'string', default: '2' },
    },
  });
  const sizes = [Number(values.loans), ...(values.million ? [1_000_000] : [])];
  console.log(`Monitoring benchmark: ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, Node ${process.version}\n`);
  await withBenchDatabase('monitoring-bench', async (uri, databasePid) => {
    for (const loans of sizes) {
      const databaseName = `bench_monitoring_${loans}_${Date.now()}`;
      if (values['end-to-end'])
        console.log(
          `import      ${loans.toLocaleString('en')} loans into the database in ${seconds(await importBook(uri, databaseName, loans))} (setup, not part of the run)`,
        );
      const figures = runChild(
        [String(loans), databaseName, values['end-to-end'] ? 'database' : 'memory', values['plan-only'] ? 'plan' : 'write', values.days],
        uri,
        databasePid,
      );
      console.log(
        `${loans.toLocaleString('en').padStart(9)} loans [${figures.engine}]${figures.generateMs ? `, book generated in memory in ${seconds(Number(figures.generateMs))}` : ', book read from the database pages'}; peak RSS ${mib(Number(figures.maxRssBytes))}`,
      );
      for (const name of ['day1', 'day2']) {
        const day = figures[name] as DayFigures | undefined;
        if (!day) continue;
        const obligors = day.counts.obligors!;
        const { facts = 0, openAlerts = 0, evaluation = 0, writes = 0 } = day.phases;
        const share = (ms: number) => `${Math.round((ms / day.wallMs) * 100)}%`;
        console.log(
          `  ${day.asOf}: ${seconds(day.wallMs)} for ${obligors.toLocaleString('en')} obligors = ${Math.round(obligors / (day.wallMs / 1000)).toLocaleString('en')} obligors/s`,
        );
        console.log(
          `    facts ${seconds(facts)} (${share(facts)}), open alerts read ${seconds(openAlerts)} (${share(openAlerts)}), evaluation ${seconds(evaluation)} (${share(evaluation)}, ${Math.round((obligors / Math.max(evaluation, 1)) * 1000).toLocaleString('en')} obligors/s), writes ${seconds(writes)} (${share(writes)})`,
        );
        const parts = Object.entries(day.phases)
          .filter(([name]) => /^writes[A-Z]/.test(name))
          .map(([name, ms]) => `${name.slice(6).toLowerCase()} ${seconds(ms)}`);
        if (parts.length > 0) console.log(`    writes: ${parts.join(', ')}`);
        const { node, database } = day.cpuMs;
        console.log(
          `    CPU: node ${seconds(node)}${database === undefined ? '' : `, database ${seconds(database)}`} (wall ${seconds(day.wallMs)}, 2 cores shared)`,
        );
        const c = day.counts;
        if (values['plan-only']) {
          console.log(`    plan only: ${c.changing} obligors would change, ${c.signals} alert transitions; nothing written`);
          continue;
        }
        console.log(
          `    warned ${c.warned}, changing ${c.changing}: raised ${c.alertsRaised}, escalated ${c.alertsEscalated}, de-escalated ${c.alertsDeEscalated}, closed ${c.alertsClosed}, reviews ${c.deadlineReviews}, tasks ${c.tasksCreated} created / ${c.tasksCancelled} cancelled, events ${c.eventsPublished}`,
        );
      }
      console.log('');
    }
  });
}

runBenchmark(main);
