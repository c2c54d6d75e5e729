/**
 * One measured run of the monitoring benchmark (see monitoring-bench.ts): the daily obligor run
 * twice (a first day on an empty alert store, then a later day), on the real app and database.
 * Prints one JSON line of figures.
 */
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { dayFromDate } from '../../server/ground/calendar';
import type { RatingInput } from '../../server/metrics/obligor-facts';
import { bookFromRecords } from '../../server/portfolio/synthetic/synthetic-book';
import { syntheticPortfolio, type SyntheticRecord } from '../../server/portfolio/synthetic/synthetic-portfolio';
import { connectDatabase, describeDatabase } from '../../server/store/connection';
import path from 'node:path';
import { processCpuMs } from './process-cpu';

const [loansText, databaseName, fromDatabase, mode, daysText] = process.argv.slice(2);
const loans = Number(loansText);
const DAYS = ['2026-10-15', '2026-10-31'].slice(0, Number(daysText ?? '2'));
const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;
const databasePid = Number(process.env.BENCH_DATABASE_PID) || undefined;
/** CPU ms so far: this process (user + system) and the local database's, when the benchmark started it. */
const cpuNow = () => {
  const usage = process.cpuUsage();
  return { node: (usage.user + usage.system) / 1000, database: databasePid ? processCpuMs(databasePid) : undefined };
};

async function main(): Promise<Record<string, unknown>> {
  const root = path.resolve(__dirname, '..', '..');
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      ADMIN_API_KEY: 'bench-admin-key-0123456789abcdef',
      PASSWORD_HASH_COST: '14',
      JOBS_ENABLED: 'false',
    },
    root,
  );
  const connection = await connectDatabase(process.env.MONGODB_URI!, { databaseName });
  const logger = createLogger('silent');
  const platform = await createApp({ config, connection, logger, projectRoot: root });
  await platform.bootstrap(() => undefined);
  const figures: Record<string, unknown> = { engine: (await describeDatabase(connection)).engine, loans };

  let inputs: { book?: ReturnType<typeof bookFromRecords>['book']; ratings?: Map<string, RatingInput[]> } = {};
  if (fromDatabase !== 'database') {
    const started = performance.now();
    const ratings = new Map<string, RatingInput[]>();
    const records = function* (): Iterable<SyntheticRecord> {
      for (const record of syntheticPortfolio({ loans, months: 24, seed: 11 })) {
        if (record.kind === 'ratings') {
          const input = {
            ratedDay: dayFromDate(record.ratedAt as string),
            score: record.score as number,
            grade: record.grade as string,
            baseline: record.baseline as boolean | undefined,
          };
          const list = ratings.get(record.obligorId as string);
          if (list) list.push(input);
          else ratings.set(record.obligorId as string, [input]);
        }
        yield record;
      }
    };
    inputs = { book: bookFromRecords(records()).book, ratings };
    figures.generateMs = Math.round(performance.now() - started);
  }

  for (const [position, asOf] of DAYS.entries()) {
    const started = performance.now();
    const cpuBefore = cpuNow();
    const outcome = await platform.services.obligorMonitoring.run(asOf, { actor: 'bench', logger, inputs, planOnly: mode === 'plan' });
    const cpuAfter = cpuNow();
    const cpuMs = {
      node: Math.round(cpuAfter.node - cpuBefore.node),
      database: cpuAfter.database === undefined || cpuBefore.database === undefined ? undefined : Math.round(cpuAfter.database - cpuBefore.database),
    };
    figures[`day${position + 1}`] = { asOf, wallMs: Math.round(performance.now() - started), counts: outcome.counts, phases: outcome.phases, cpuMs };
  }
  figures.maxRssBytes = maxRssBytes();
  await platform.close();
  await connection.dropDatabase();
  await connection.close();
  return figures;
}

main().then(
  (figures) => {
    console.log(JSON.stringify(figures));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
