import { packRows, unpackRows, type Row } from '../../../server/monitoring/facts-snapshot.codec';

/** The facts snapshot gives back exactly the rows it packed: same keys, same values, absent keys absent. */
test('rows come back exactly, with absent keys, nulls, booleans and a column of mixed types', () => {
  const rows: Row[] = [
    { obligorId: 'OB-1', dpd: 0, overdueAmount: 0.1 + 0.2, bucket: 'current', claimed: false, nextDueDate: '2025-09-01' },
    { obligorId: 'OB-2', dpd: 45, overdueAmount: -0, bucket: 'M2', claimed: true, score: 610, grade: null },
    { obligorId: 'OB-3', dpd: 1e-9, mixed: 'text', overdueAmount: Number.MAX_SAFE_INTEGER },
    { obligorId: 'OB-4', mixed: 7, claimed: false },
  ];
  const packed = unpackRows(packRows(rows));
  expect(packed.size).toBe(rows.length);
  rows.forEach((row, index) => expect(packed.row(index)).toStrictEqual(row));
  expect(Object.is(packed.row(1).overdueAmount, -0)).toBe(true);
});

test('an empty part and a value that is not a scalar', () => {
  expect(unpackRows(packRows([])).size).toBe(0);
  expect(() => packRows([{ nested: { a: 1 } as never }])).toThrow('nested is not a scalar');
});
