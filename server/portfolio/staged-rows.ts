import zlib from 'node:zlib';
import { Binary, type Collection, type Db } from 'mongodb';
import type { ImportKind } from './import-rows';

/**
 * The rows an import writes aside until it commits (import-journal.ts), as deflated chunks:
 * `{ _id, batch, data }` with one chunk per kind per written batch. On FerretDB a document's cost
 * follows its number of values, and a chunk is one value however many rows it holds, so staging
 * and reading back cost little next to writing the records themselves (staging the rows as
 * documents made an import five times slower). Readers look into the chunks only while a
 * committed batch is being applied.
 */
const STAGED = 'portfolio_import_staged';

export interface StagedRow {
  kind: ImportKind;
  /** The record's business id (its _id in the records). */
  id: string;
  document: Record<string, unknown>;
}

interface ChunkDocument {
  _id: string;
  batch: string;
  rows: number;
  data: Binary;
}

export class StagedRows {
  private readonly chunks: Collection<ChunkDocument>;
  private readonly written = new Map<string, number>();

  constructor(db: Db) {
    this.chunks = db.collection<ChunkDocument>(STAGED);
  }

  async stage(batch: string, rows: readonly StagedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const sequence = (this.written.get(batch) ?? 0) + 1;
    this.written.set(batch, sequence);
    const data = zlib.deflateRawSync(Buffer.from(JSON.stringify(rows.map((row) => [row.kind, row.id, row.document]))), { level: 1 });
    await this.chunks.insertOne({ _id: `${batch}/${sequence}`, batch, rows: rows.length, data: new Binary(data) });
  }

  /** Every staged row of these batches, chunk by chunk, in no particular order. */
  async *rowsOf(batches: readonly string[]): AsyncIterable<StagedRow & { batch: string }> {
    if (batches.length === 0) return;
    for await (const chunk of this.chunks.find(batches.length === 1 ? { batch: batches[0]! } : { batch: { $in: [...batches] } }, { batchSize: 8 })) {
      const rows = JSON.parse(zlib.inflateRawSync(Buffer.from(chunk.data.buffer)).toString('utf8')) as [ImportKind, string, Record<string, unknown>][];
      for (const [kind, id, document] of rows) yield { batch: chunk.batch, kind, id, document };
    }
  }

  async count(batch: string): Promise<number> {
    let rows = 0;
    for (const chunk of await this.chunks.find({ batch }, { projection: { rows: 1 } }).toArray()) rows += chunk.rows;
    return rows;
  }

  async discard(batch: string): Promise<void> {
    await this.chunks.deleteMany({ batch });
    this.written.delete(batch);
  }
}

/**
 * Whether a staged document matches a reader's filter, for the few operators the readers use
 * (equality, $in, $nin, $regex, $exists, $ne, $and, $or, $nor). The records are filtered by the
 * database; staged rows are few and only read while a batch is being applied.
 */
export function matchesFilter(document: Record<string, unknown>, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Record<string, unknown>[]).every((part) => matchesFilter(document, part));
    if (key === '$or') return (condition as Record<string, unknown>[]).some((part) => matchesFilter(document, part));
    if (key === '$nor') return !(condition as Record<string, unknown>[]).some((part) => matchesFilter(document, part));
    return matchesCondition(document[key], condition);
  });
}

function matchesCondition(value: unknown, condition: unknown): boolean {
  if (condition instanceof RegExp) return typeof value === 'string' && condition.test(value);
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition) || !Object.keys(condition).some((key) => key.startsWith('$')))
    return value === condition;
  return Object.entries(condition).every(([operator, operand]) => {
    switch (operator) {
      case '$in':
        return (operand as unknown[]).includes(value);
      case '$nin':
        return !(operand as unknown[]).includes(value);
      case '$ne':
        return value !== operand;
      case '$exists':
        return (value !== undefined) === Boolean(operand);
      case '$regex':
        return typeof value === 'string' && new RegExp(operand as string).test(value);
      case '$not':
        return !matchesCondition(value, operand);
      default:
        throw new Error(`staged rows cannot be matched on ${operator}`);
    }
  });
}
