import { randomBytes } from 'node:crypto';
import { MongoJobRepository } from '@agendajs/mongo-backend';
import type { Connection } from 'mongoose';
import { ClaimedJobRepository, JOBS_COLLECTION } from '../../../server/jobs/claimed-job-repository';
import type { JobDefinition } from '../../../server/jobs/job-definition';
import { JobRunStore } from '../../../server/jobs/job-run.store';
import { JobService } from '../../../server/jobs/job.service';
import { createLogger } from '../../../server/logger';
import { connectDatabase, describeDatabase } from '../../../server/store/connection';
import { sleep, waitUntil } from '../../support/polling';

const databaseName = `t_${randomBytes(6).toString('hex')}`;
let first: Connection;
let second: Connection;

beforeAll(async () => {
  first = await connectDatabase(process.env.MONGODB_URI!, { databaseName });
  second = await connectDatabase(process.env.MONGODB_URI!, { databaseName });
});

afterAll(async () => {
  await first.dropDatabase().catch(() => undefined);
  await Promise.all([first.close(), second.close()]);
});

async function seedJobs(connection: Connection, name: string, count: number): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  await connection
    .collection(JOBS_COLLECTION)
    .insertMany(Array.from({ length: count }, () => ({ name, type: 'normal', priority: 0, nextRunAt: past, lockedAt: null, data: {} })));
}

/** Two repositories on two connections take jobs at the same time until none is left. */
async function race(repositories: [MongoJobRepository, MongoJobRepository], name: string): Promise<string[]> {
  const taken: string[] = [];
  const drain = async (repository: MongoJobRepository) => {
    for (;;) {
      const job = await repository.getNextJobToRun(name, new Date(Date.now() + 1000), new Date(Date.now() - 600_000), undefined, undefined);
      if (!job) return;
      taken.push(String(job._id));
    }
  };
  await Promise.all(repositories.map(drain));
  return taken;
}

test('Agenda locks hold when two workers race: every job is taken exactly once', async () => {
  const repositories: [ClaimedJobRepository, ClaimedJobRepository] = [new ClaimedJobRepository(first.db!), new ClaimedJobRepository(second.db!)];
  await Promise.all(repositories.map((repository) => repository.connect()));
  await seedJobs(first, 'claimed', 60);
  const taken = await race(repositories, 'claimed');
  expect(taken).toHaveLength(60);
  expect(new Set(taken).size).toBe(60);
});

test("on FerretDB, Agenda's own findOneAndUpdate lock lets two workers take the same job (why the claims exist)", async () => {
  const engine = await describeDatabase(first);
  if (engine.engine !== 'FerretDB') return; // MongoDB's findAndModify is atomic; nothing to show there
  const repositories: [MongoJobRepository, MongoJobRepository] = [
    new MongoJobRepository({ mongo: first.db!, db: { collection: JOBS_COLLECTION } }),
    new MongoJobRepository({ mongo: second.db!, db: { collection: JOBS_COLLECTION } }),
  ];
  await Promise.all(repositories.map((repository) => repository.connect()));
  await seedJobs(first, 'plain', 60);
  const taken = await race(repositories, 'plain');
  expect(taken.length).toBeGreaterThan(new Set(taken).size);
});

test('two job services on one database run each requested run once and a scheduled period once', async () => {
  const executions: string[] = [];
  const definition: JobDefinition = {
    name: 'count',
    description: 'counts',
    parameter: 'asOf',
    scheduledParams: () => ({ asOf: '2026-01-31' }),
    async run(context) {
      executions.push(`${context.params.asOf}:${context.runId}`);
      await sleep(20);
      return { counts: { one: 1 } };
    },
  };
  const logger = createLogger('silent');
  const settings = { enabled: true, processEveryMs: 100, schedules: { count: 'off' } };
  const services = [first, second].map((connection) => {
    const service = new JobService(connection, new JobRunStore(connection), settings, logger);
    service.register(definition);
    return service;
  });
  await Promise.all(services.map((service) => service.start()));
  try {
    // Both workers fire the same schedule tick: one period, one run.
    const scheduled = await Promise.all(services.map((service) => service.runScheduled('count')));
    expect(scheduled.filter(Boolean)).toHaveLength(1);
    expect(executions.filter((entry) => entry.startsWith('2026-01-31'))).toHaveLength(1);

    // Runs on demand, queued through either service, taken by whichever polls first.
    for (let day = 1; day <= 8; day++) await services[day % 2]!.request('count', { asOf: `2026-02-0${day}` }, 'test');
    await waitUntil(() => executions.length >= 9, 120_000, 'nine executions');
    // The positive marker before "no run executed twice": Agenda holds no 'count' job any more, neither
    // waiting (nextRunAt) nor taken (lockedAt), so nothing is left that either service could still run.
    const jobsLeft = () =>
      first.collection(JOBS_COLLECTION).countDocuments({ name: 'count', $or: [{ nextRunAt: { $ne: null } }, { lockedAt: { $ne: null } }] });
    await waitUntil(async () => (await jobsLeft()) === 0, 30_000, 'Agenda to hold no count job waiting or taken');
    expect(executions).toHaveLength(9);
    expect(new Set(executions).size).toBe(9);
    const runs = await services[0]!.runsMatching({ job: 'count', limit: 100 });
    expect(runs.filter((run) => run.status === 'succeeded')).toHaveLength(9);
  } finally {
    await Promise.all(services.map((service) => service.stop()));
  }
}, 180_000);

test('lock and run-start claims are transition claims named by kind, and the lock sweep removes only lock claims', async () => {
  const claims = first.collection('transition_claims');
  const countKind = (prefix: string) => claims.countDocuments({ _id: { $gte: prefix, $lt: `${prefix}\uffff` } as never });
  const repository = new ClaimedJobRepository(first.db!);
  await repository.connect();
  await seedJobs(first, 'kinds', 3);
  const taken = await race([repository, repository], 'kinds');
  expect(taken).toHaveLength(3);
  expect(await countKind('agenda-lock:')).toBeGreaterThanOrEqual(3);

  const runs = new JobRunStore(first);
  expect(await runs.claimStart('kinds-run', 'worker-a', new Date())).toBe(true);
  expect(await runs.claimStart('kinds-run', 'worker-b', new Date())).toBe(false);
  expect(await claims.findOne({ _id: 'job-run-start:kinds-run' as never })).toMatchObject({ by: 'worker-a' });

  const removed = await repository.deleteClaimsBefore(new Date(Date.now() + 60_000));
  expect(removed).toBeGreaterThanOrEqual(3);
  expect(await countKind('agenda-lock:')).toBe(0);
  expect(await claims.countDocuments({ _id: 'job-run-start:kinds-run' as never })).toBe(1);
});
