/**
 * Probe behind docs/metrics.md ("Reading the book"): what large binary page documents cost on
 * FerretDB (insert, full read by batch size, findOne/replaceOne by _id, $in, deleteMany).
 * npx tsx scripts/bench/page-probe.ts --pages 1024 --loans-per-page 1000 [--data /tmp/page-probe | --uri mongodb://...]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Binary, BSON, MongoClient } from 'mongodb';
import { createLogger } from '../../server/logger';
import { startLocalDatabase } from '../../server/store/local-database';

const root = path.resolve(__dirname, '..', '..');
const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '1024' },
    'loans-per-page': { type: 'string', default: '1000' },
    data: { type: 'string', default: '/tmp/page-probe' },
    uri: { type: 'string' },
  },
});
const pageCount = Number(values.pages);
const perPage = Number(values['loans-per-page']);

function cpuOf(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function page(number: number, variant: number) {
  const ids = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, k) => `${prefix}${String(number * perPage + k).padStart(8, '0')}`).join('\n');
  const bin = (bytes: number) => {
    const buffer = Buffer.alloc(bytes);
    for (let k = 0; k < bytes; k += 4) buffer.writeUInt32LE((k * 2654435761 + variant) >>> 0, k);
    return new Binary(buffer);
  };
  const installments = perPage * 12;
  const repayments = perPage * 8;
  return {
    _id: `p${String(number).padStart(5, '0')}`,
    loans: perPage,
    loanIds: ids('L', perPage),
    obligorIds: ids('OB', perPage),
    policyIds: ids('P', perPage),
    repaymentIds: ids('L', repayments),
    dimensions: { orgUnit: ['HQ', 'BR-SH'], product: ['consumer'], channel: ['a', 'b', 'c'], customerTier: ['prime', 'near', 'sub'] },
    loanColumns: bin(perPage * (4 * 4 + 8 + 4 + 8 + 4)),
    installmentColumns: bin(installments * (4 + 4 + 8 + 8)),
    repaymentColumns: bin(repayments * (4 + 4 + 8 + 1)),
  };
}

async function main(): Promise<void> {
  fs.mkdirSync(values.data, { recursive: true });
  const database = values.uri ? undefined : await startLocalDatabase({ projectRoot: root, dataDirectory: values.data, logger: createLogger('warn') });
  const uri = values.uri ?? database!.uri;
  const pid = database?.pid;
  const client = await MongoClient.connect(uri);
  const db = client.db(`pageprobe_${pageCount}_${perPage}`);
  const pages = db.collection<{ _id: string }>('pages');
  const measure = async (name: string, work: () => Promise<unknown>) => {
    const cpu0 = cpuOf(pid);
    const started = performance.now();
    const result = await work();
    const ms = performance.now() - started;
    console.log(
      `${name.padEnd(40)} ${(ms / 1000).toFixed(2).padStart(7)} s  ferret cpu ${((cpuOf(pid) - cpu0) / 1000).toFixed(1)} s ${result === undefined ? '' : JSON.stringify(result)}`,
    );
  };
  try {
    if ((await pages.estimatedDocumentCount()) === 0) {
      await measure(`insert ${pageCount} pages (batches of 16)`, async () => {
        let bytes = 0;
        for (let start = 0; start < pageCount; start += 16) {
          const batch = Array.from({ length: Math.min(16, pageCount - start) }, (_, k) => page(start + k, 0));
          await pages.insertMany(batch);
          bytes += batch.reduce(
            (sum, doc) =>
              sum +
              doc.loanColumns.length() +
              doc.installmentColumns.length() +
              doc.repaymentColumns.length() +
              doc.loanIds.length * 2 +
              doc.repaymentIds.length,
            0,
          );
        }
        return { mib: Math.round(bytes / 1048576) };
      });
    }
    for (const batchSize of [1, 4, 16]) {
      await measure(`read all pages raw bs${batchSize}`, async () => {
        let bytes = 0;
        let docs = 0;
        for await (const document of pages.find({}, { raw: true, batchSize })) {
          bytes += (document as unknown as Buffer).length;
          docs++;
        }
        return { docs, mib: Math.round(bytes / 1048576) };
      });
    }
    await measure('read all pages decoded bs4', async () => {
      let docs = 0;
      for await (const document of pages.find({}, { batchSize: 4 })) docs += document ? 1 : 0;
      return { docs };
    });
    await measure('findOne by _id', () => pages.findOne({ _id: 'p00007' }).then((found) => Boolean(found)));
    await measure('replaceOne by _id', () => pages.replaceOne({ _id: 'p00007' }, page(7, 1)).then((result) => result.modifiedCount));
    await measure(
      'find _id $in 10',
      async () => (await pages.find({ _id: { $in: Array.from({ length: 10 }, (_, k) => `p${String(k).padStart(5, '0')}`) } }).toArray()).length,
    );
    await measure('deleteMany _id $in 10', () =>
      pages.deleteMany({ _id: { $in: Array.from({ length: 10 }, (_, k) => `p${String(k).padStart(5, '0')}`) } }).then((result) => result.deletedCount),
    );
    await measure('insertMany 10', () => pages.insertMany(Array.from({ length: 10 }, (_, k) => page(k, 2))).then((result) => result.insertedCount));
    await measure('copy to a new collection (read+insert all)', async () => {
      const target = db.collection<{ _id: string }>(`pages_copy_${Date.now()}`);
      let batch: Buffer[] = [];
      for await (const document of pages.find({}, { raw: true, batchSize: 8 })) {
        batch.push(document as unknown as Buffer);
        if (batch.length === 16) {
          await target.insertMany(batch.map((raw) => ({ ...(BSON.deserialize(raw) as { _id: string }) })));
          batch = [];
        }
      }
      if (batch.length > 0) await target.insertMany(batch.map((raw) => BSON.deserialize(raw) as { _id: string }));
      await measure('drop a page collection', () => target.drop());
    });
  } finally {
    await client.close();
    await database?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
