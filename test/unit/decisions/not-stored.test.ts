import type { StoredDecision } from '../../../server/decisions/decision.model';
import { notStored } from '../../../server/decisions/decision.store';

const batch = ['a', 'b', 'c'].map((id) => ({ _id: id, decisionId: id }) as unknown as StoredDecision);

test('a failed batch with an empty list of per-document errors stored nothing we know of: all of it is retried', () => {
  // What the driver throws when the connection drops under an unordered insertMany.
  const error = Object.assign(new Error('connection reset'), { name: 'MongoBulkWriteError', writeErrors: [] });
  expect(notStored(error, batch).failed).toEqual(batch);
  expect(notStored(new Error('no server'), batch).failed).toEqual(batch);
});

test('an unreachable database is retried whole even when the error lists documents', () => {
  const error = Object.assign(new Error('pool cleared'), { name: 'MongoNetworkError', writeErrors: [{ index: 1, code: 91 }] });
  expect(notStored(error, batch)).toEqual({ failed: batch, refusedByDocument: false });
});

test('per-document errors name what failed; duplicates count as stored', () => {
  const error = Object.assign(new Error('write errors'), {
    name: 'MongoBulkWriteError',
    writeErrors: [
      { index: 0, code: 11000 },
      { index: 2, code: 2 },
    ],
  });
  expect(notStored(error, batch)).toEqual({ failed: [batch[2]], refusedByDocument: true });
  const single = Object.assign(new Error('one'), { name: 'MongoBulkWriteError', writeErrors: { index: 1, code: 11000 } });
  expect(notStored(single, batch).failed).toEqual([]);
});
