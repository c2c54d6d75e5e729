import { MongoClient } from 'mongodb';
const c = await MongoClient.connect('mongodb://127.0.0.1:37663/');
const dbs = (await c.db().admin().listDatabases()).databases.map((d) => d.name).filter((n) => n.startsWith('bench_reads'));
const db = c.db(dbs[0]);
for (const r of await db.collection('job_runs').find({}, { projection: { job: 1, status: 1, startedAt: 1, finishedAt: 1, progress: 1, params: 1, durationMs: 1 } }).toArray()) console.log(JSON.stringify(r));
await c.close();
