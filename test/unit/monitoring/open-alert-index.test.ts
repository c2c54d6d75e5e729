import { chunkOf, INDEX_CHUNKS, mergeChanges, type OpenAlertEntry } from '../../../server/monitoring/open-alert-index';

const entry = (id: string, level: OpenAlertEntry['level'] = 'yellow'): OpenAlertEntry => ({
  _id: id,
  subjectKey: id.split(':')[1]!,
  signal: 'dpd',
  level,
  revision: 1,
  reviewFrom: null,
});
const chunk = (...entries: OpenAlertEntry[]) => new Map(entries.map((item) => [item._id, item]));

test('a chunk follows raises, revisions and closings; the alert as re-read wins', () => {
  const { entries, consistent } = mergeChanges(chunk(entry('obligor:A:dpd:d1'), entry('obligor:B:dpd:d1')), [
    { kind: 'open', entry: entry('obligor:C:dpd:d2') },
    { kind: 'set', id: 'obligor:A:dpd:d1', revision: 3, set: { level: 'orange', reviewFrom: '2025-09-01' } },
    { kind: 'set', id: 'obligor:B:dpd:d1', revision: 2, set: { status: 'closed' } },
    { kind: 'stored', alert: { ...entry('obligor:C:dpd:d2'), status: 'closed' } },
  ]);
  expect(consistent).toBe(true);
  expect([...entries.values()]).toEqual([{ ...entry('obligor:A:dpd:d1', 'orange'), revision: 3, reviewFrom: '2025-09-01' }]);
});

test('a revision of an alert the chunk does not hold makes it inconsistent (the index is then rebuilt)', () => {
  expect(mergeChanges(chunk(), [{ kind: 'set', id: 'obligor:X:dpd:d1', revision: 2, set: { level: 'red' } }]).consistent).toBe(false);
});

test('an alert id always lands in the same chunk, and the chunks share the alerts', () => {
  expect(chunkOf('obligor:A:dpd:2025-08-10')).toBe(chunkOf('obligor:A:dpd:2025-08-10'));
  const counts = new Array<number>(INDEX_CHUNKS).fill(0);
  for (let index = 0; index < 16_000; index++) counts[chunkOf(`obligor:OB${String(index).padStart(8, '0')}:dpd:2026-10-30`)]!++;
  expect(Math.min(...counts)).toBeGreaterThan(180);
  expect(Math.max(...counts)).toBeLessThan(320);
});
