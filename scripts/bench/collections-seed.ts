import type { Db } from 'mongodb';
import { hashNumber } from '../../server/collections/activities/number-hash';

/** What the seed wrote and how long it took. */
export interface SeedFigures {
  activities: number;
  counters: number;
  seconds: number;
}

const BATCH = 1_000;
const DAYS = 180;

export const benchObligor = (index: number) => `BO-${String(index).padStart(6, '0')}`;
export const benchNumber = (index: number) => `139${String(index).padStart(8, '0')}`;

function dayOf(offset: number): string {
  return new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The collection log of `total` activities and their counters, written straight into the store
 * in bounded batches (the endpoint's rate is measured separately): activities spread over the
 * obligors and DAYS past days, five to a debtor-day, so the counters hold one document per
 * debtor-day and per number-day, as recording would have left them.
 */
export async function seedCollectionLog(db: Db, total: number, obligors: number, secret: string, progress: (text: string) => void): Promise<SeedFigures> {
  const started = Date.now();
  const activities = db.collection<{ _id: string }>('collection_activities');
  const counters = db.collection<{ _id: string }>('collection_counters');
  let counterCount = 0;
  const perDay = 5;
  for (let start = 0; start < total; start += BATCH) {
    const documents: ({ _id: string } & Record<string, unknown>)[] = [];
    const dayCounters = new Map<string, { _id: string } & Record<string, unknown>>();
    for (let index = start; index < Math.min(total, start + BATCH); index++) {
      const slot = Math.floor(index / perDay);
      const obligorIndex = slot % obligors;
      const day = dayOf(Math.floor(slot / obligors) % DAYS);
      const obligorId = benchObligor(obligorIndex);
      const number = hashNumber(benchNumber(obligorIndex), secret);
      const outcome = index % perDay === 4 ? 'effective' : 'no-answer';
      const moment = new Date(`${day}T0${1 + (index % perDay)}:00:00Z`);
      documents.push({
        _id: `seed-${index}`,
        obligorId,
        at: moment.toISOString(),
        moment,
        day,
        channel: 'call',
        actor: { type: 'agency', agencyId: `AG-${obligorIndex % 7}` },
        target: { type: 'obligor' },
        number,
        outcome,
        orgUnit: 'HQ',
        bodyHash: 'seed',
        recordedAt: moment,
        recordedBy: 'bench',
      });
      const dayKey = `d|${obligorId}|${day}`;
      const numberKey = `n|${number.hash}|${day}`;
      const dayCounter = dayCounters.get(dayKey) ?? { _id: dayKey, rev: 0, effectiveCalls: 0, attempts: 0, thirdPartyContacts: 0 };
      dayCounter.rev = (dayCounter.rev as number) + 1;
      if (outcome === 'effective') dayCounter.effectiveCalls = (dayCounter.effectiveCalls as number) + 1;
      dayCounters.set(dayKey, dayCounter);
      const numberCounter = dayCounters.get(numberKey) ?? { _id: numberKey, rev: 0, attempts: 0 };
      numberCounter.rev = (numberCounter.rev as number) + 1;
      numberCounter.attempts = (numberCounter.attempts as number) + 1;
      dayCounters.set(numberKey, numberCounter);
    }
    await activities.insertMany(documents, { ordered: false });
    // Batches end on a debtor-day boundary (BATCH is a multiple of perDay), so every counter is whole here.
    const counterDocuments = [...dayCounters.values()];
    for (let offset = 0; offset < counterDocuments.length; offset += BATCH)
      await counters.insertMany(counterDocuments.slice(offset, offset + BATCH), { ordered: false });
    counterCount += counterDocuments.length;
    if ((start / BATCH) % 100 === 0)
      progress(`  seeded ${start + documents.length} activities, ${counterCount} counters, ${Math.round((Date.now() - started) / 1000)} s`);
  }
  return { activities: total, counters: counterCount, seconds: (Date.now() - started) / 1000 };
}
