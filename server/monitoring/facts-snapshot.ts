import { randomBytes } from 'node:crypto';
import { Binary, type Collection, type Db } from 'mongodb';
import type { Facts } from '../engine/evaluate';
import type { LineOfBusiness } from '../authority/responsibility';
import { findByIds } from '../store/find-by-ids';
import { packRows, unpackRows, type Row } from './facts-snapshot.codec';
import type { ObligorFactsBatch, ObligorSubject } from './obligor-facts-batch';

export const FACTS_SNAPSHOTS = 'monitoring_facts_snapshots';
/** Subjects per part document: a part of 20,000 obligors' facts is about a megabyte deflated. */
const PART_SIZE = 20_000;
/** As-of days kept: the newest runs' (the preview asks for today, or a recent day). */
const DAYS_KEPT = 3;

/**
 * What the facts were built from: the book pages' generation (every committed import publishes one, ratings included)
 * and the settings the builder takes (metric settings, internet channels, grade scale). A snapshot is valid only for
 * the same version.
 */
export interface FactsVersion {
  generation: number;
  settings: string;
}

interface HeadDocument {
  _id: string;
  kind: 'head';
  asOf: string;
  writeId: string;
  generation: number;
  settings: string;
  size: number;
  parts: number;
  writtenAt: Date;
}

interface PartDocument {
  _id: string;
  kind: 'part';
  asOf: string;
  subjects: Binary;
  facts: Binary;
}

const headId = (asOf: string) => `head|${asOf}`;
const partId = (asOf: string, writeId: string, part: number) => `part|${asOf}|${writeId}|${part}`;

/**
 * The warning.obligor facts of the whole book as of a day, as the daily run built them (obligor-facts-batch.ts), kept as
 * a read model for the impact preview: a few part documents read by `_id` instead of every book page and every rating.
 * The run writes it; the preview reads it when its version is the book's and settings' of now, and otherwise builds the
 * facts from the book pages as before. A head document per day names the parts of its latest write, so a reader never
 * mixes two writes (parts of a replaced write are deleted after the head moved; a reader that misses one falls back).
 */
export class FactsSnapshots {
  private readonly collection: Collection<HeadDocument | PartDocument>;

  /**
   * The last snapshot read, decoded, by its write: previews of one day read the same write again and again (a policy
   * owner tuning a threshold), and decoding a million subjects' parts is seconds each time. One write only, so memory
   * holds one day's facts at most; the head is still read every time, so a new write (or another version) is seen.
   */
  private last?: { write: string; batch: ObligorFactsBatch };

  constructor(db: Db) {
    this.collection = db.collection<HeadDocument | PartDocument>(FACTS_SNAPSHOTS);
  }

  /** The facts as of `asOf` if a snapshot of this version exists; undefined otherwise. */
  async read(asOf: string, version: FactsVersion): Promise<ObligorFactsBatch | undefined> {
    const head = (await this.collection.findOne({ _id: headId(asOf) })) as HeadDocument | null;
    if (!head || head.generation !== version.generation || head.settings !== version.settings) return undefined;
    const write = `${asOf}|${head.writeId}`;
    if (this.last?.write === write) return this.last.batch;
    const batch = await this.decode(asOf, head);
    if (batch) this.last = { write, batch };
    return batch;
  }

  private async decode(asOf: string, head: HeadDocument): Promise<ObligorFactsBatch | undefined> {
    const ids = Array.from({ length: head.parts }, (_, part) => partId(asOf, head.writeId, part));
    const byId = new Map(((await findByIds(this.collection, ids)) as PartDocument[]).map((part) => [part._id, part]));
    if (byId.size !== ids.length) return undefined;
    const parts = ids.map((id) => {
      const part = byId.get(id)!;
      return { subjects: unpackRows(Buffer.from(part.subjects.buffer)), facts: unpackRows(Buffer.from(part.facts.buffer)) };
    });
    const locate = (index: number) => ({ part: parts[Math.floor(index / PART_SIZE)]!, at: index % PART_SIZE });
    return {
      asOf,
      size: head.size,
      subject: (index) => {
        const { part, at } = locate(index);
        return subjectOf(part.subjects.row(at));
      },
      facts: (index) => {
        const { part, at } = locate(index);
        return part.facts.row(at) as Facts;
      },
    };
  }

  /** Stores the batch as the snapshot of its day for `version`, replacing an earlier one of that day, and drops old days. */
  async write(batch: ObligorFactsBatch, version: FactsVersion): Promise<void> {
    const writeId = randomBytes(6).toString('hex');
    const parts = Math.ceil(batch.size / PART_SIZE);
    for (let part = 0; part < parts; part++) {
      const subjects: Row[] = [];
      const facts: Row[] = [];
      for (let index = part * PART_SIZE; index < Math.min(batch.size, (part + 1) * PART_SIZE); index++) {
        subjects.push(subjectRow(batch.subject(index)));
        facts.push(batch.facts(index) as Row);
      }
      await this.collection.insertOne({
        _id: partId(batch.asOf, writeId, part),
        kind: 'part',
        asOf: batch.asOf,
        subjects: new Binary(packRows(subjects)),
        facts: new Binary(packRows(facts)),
      });
    }
    const previous = (await this.collection.findOne({ _id: headId(batch.asOf) })) as HeadDocument | null;
    const head: HeadDocument = {
      _id: headId(batch.asOf),
      kind: 'head',
      asOf: batch.asOf,
      writeId,
      generation: version.generation,
      settings: version.settings,
      size: batch.size,
      parts,
      writtenAt: new Date(),
    };
    await this.collection.replaceOne({ _id: head._id }, head, { upsert: true });
    if (previous) await this.dropParts(previous);
    const heads = (await this.collection.find({ kind: 'head' }).toArray()) as HeadDocument[];
    for (const old of heads.sort((a, b) => (a.asOf < b.asOf ? 1 : -1)).slice(DAYS_KEPT)) {
      await this.collection.deleteOne({ _id: old._id });
      // Every part of the day, also those of a write that died before its head (a few documents: the scan is small).
      await this.collection.deleteMany({ kind: 'part', asOf: old.asOf });
    }
  }

  private async dropParts(head: HeadDocument): Promise<void> {
    for (let part = 0; part < head.parts; part++) await this.collection.deleteOne({ _id: partId(head.asOf, head.writeId, part) });
  }
}

function subjectRow(subject: ObligorSubject): Row {
  const { segment } = subject;
  return {
    subjectKey: subject.subjectKey,
    obligorId: subject.obligorId,
    line: subject.line,
    orgUnit: subject.orgUnit,
    segmentOrgUnit: segment.orgUnit,
    product: segment.product,
    channel: segment.channel,
    customerTier: segment.customerTier,
  };
}

function subjectOf(row: Row): ObligorSubject {
  return {
    subjectKey: row.subjectKey as string,
    obligorId: row.obligorId as string,
    line: row.line as LineOfBusiness,
    orgUnit: row.orgUnit as string,
    segment: {
      orgUnit: row.segmentOrgUnit as string,
      product: row.product as string,
      channel: row.channel as string,
      customerTier: row.customerTier as string,
    },
  };
}
