import { allocateImported, bookingProblems, outstanding, sum } from '../../../server/recovery/ledger-arithmetic';
import type { Components } from '../../../server/recovery/recovery-case.model';

/** A small deterministic generator (no library): the same sequence every run. */
function generator(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % (max + 1);
  };
}

test('over random bookings the receivable never exceeds what is due and never goes negative; a refused booking changes nothing', () => {
  const next = generator(7);
  for (let trial = 0; trial < 500; trial++) {
    const due: Components = { indemnityCents: next(1_000_000), penaltyCents: next(50_000), costsCents: next(20_000) };
    let recovered: Components = { indemnityCents: 0, penaltyCents: 0, costsCents: 0 };
    const writtenOff: Components = { indemnityCents: 0, penaltyCents: 0, costsCents: 0 };
    for (let step = 0; step < 12; step++) {
      const open = outstanding(due, recovered, writtenOff);
      const booking: Components = { indemnityCents: next(400_000), penaltyCents: next(30_000), costsCents: next(10_000) };
      const imported = step % 3 === 0;
      if (imported) {
        const allocation = allocateImported(sum(booking), open);
        expect(sum(allocation.components) + allocation.unallocatedCents).toBe(sum(booking));
        recovered = {
          indemnityCents: recovered.indemnityCents + allocation.components.indemnityCents,
          penaltyCents: recovered.penaltyCents + allocation.components.penaltyCents,
          costsCents: recovered.costsCents + allocation.components.costsCents,
        };
      } else if (bookingProblems(open, booking, '/amounts').length === 0) {
        recovered = {
          indemnityCents: recovered.indemnityCents + booking.indemnityCents,
          penaltyCents: recovered.penaltyCents + booking.penaltyCents,
          costsCents: recovered.costsCents + booking.costsCents,
        };
      }
      const after = outstanding(due, recovered, writtenOff);
      for (const key of ['indemnityCents', 'penaltyCents', 'costsCents'] as const) {
        expect(after[key]).toBeGreaterThanOrEqual(0);
        expect(after[key]).toBeLessThanOrEqual(due[key]);
        // Nothing is ever booked past what is due: the receivable is due less recovered, exactly.
        expect(after[key]).toBe(due[key] - recovered[key]);
      }
    }
  }
});

test('a booking above the outstanding is refused with a detail naming the component', () => {
  const open = { indemnityCents: 300_000, penaltyCents: 0, costsCents: 100 };
  expect(bookingProblems(open, { indemnityCents: 300_001, penaltyCents: 0, costsCents: 100 }, '/body/amounts')).toEqual([
    { path: '/body/amounts/indemnity', message: 'exceeds the indemnity outstanding (3000.00 yuan; booked 3000.01)' },
  ]);
});

test('an imported amount pays costs, then the penalty, then the indemnity; the excess stays unallocated', () => {
  expect(allocateImported(1_000, { indemnityCents: 5_000, penaltyCents: 300, costsCents: 200 })).toEqual({
    components: { costsCents: 200, penaltyCents: 300, indemnityCents: 500 },
    unallocatedCents: 0,
  });
  expect(allocateImported(6_000, { indemnityCents: 5_000, penaltyCents: 300, costsCents: 200 }).unallocatedCents).toBe(500);
});
