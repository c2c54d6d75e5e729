import { CHANGE_LIST_LIMIT, evenSample, impactTables, worstLevel, type ObligorOutcome } from '../../../server/impact/impact.table';

const outcome = (obligorId: string, customerTier: string, from: ObligorOutcome['from'], to: ObligorOutcome['to'], dpd = 30): ObligorOutcome => ({
  obligorId,
  orgUnit: 'BR-SH',
  customerTier,
  channel: 'bank-branch',
  dpd,
  from,
  to,
  facts: {},
});

describe('impact tables', () => {
  it('takes the most severe warning level among the events', () => {
    expect(worstLevel([])).toBe('none');
    expect(
      worstLevel([
        { type: 'warning', params: { level: 'yellow' } },
        { type: 'warning', params: { level: 'red' } },
        { type: 'warning', params: { level: 'orange' } },
      ]),
    ).toBe('red');
    expect(worstLevel([{ type: 'measure', params: { level: 'red' } }])).toBe('none');
  });

  it('counts transitions overall and per segment, and lists the changes most severe first', () => {
    const tables = impactTables([
      outcome('a', 'prime', 'orange', 'yellow', 35),
      outcome('b', 'prime', 'orange', 'orange', 45),
      outcome('c', 'subprime', 'none', 'red', 90),
      outcome('d', 'prime', 'orange', 'yellow', 38),
    ]);
    expect(tables.totals).toEqual([
      { from: 'orange', to: 'orange', count: 1 },
      { from: 'orange', to: 'yellow', count: 2 },
      { from: 'none', to: 'red', count: 1 },
    ]);
    expect(tables.segments).toEqual([
      {
        customerTier: 'prime',
        channel: 'bank-branch',
        obligors: 3,
        transitions: [
          { from: 'orange', to: 'orange', count: 1 },
          { from: 'orange', to: 'yellow', count: 2 },
        ],
      },
      { customerTier: 'subprime', channel: 'bank-branch', obligors: 1, transitions: [{ from: 'none', to: 'red', count: 1 }] },
    ]);
    expect(tables.changes.map((change) => change.obligorId)).toEqual(['c', 'd', 'a']);
    expect(tables.changesTruncated).toBe(false);
  });

  it('samples evenly and deterministically', () => {
    expect(evenSample(3, 10)).toEqual([0, 1, 2]);
    expect(evenSample(10, 4)).toEqual([0, 2, 5, 7]);
  });
  it('ignores a warning with a level it does not know, and keeps the worst of the rest', () => {
    expect(
      worstLevel([
        { type: 'warning', params: { level: 'purple' } },
        { type: 'warning', params: {} },
      ]),
    ).toBe('none');
    expect(
      worstLevel([
        { type: 'warning', params: { level: 'purple' } },
        { type: 'warning', params: { level: 'yellow' } },
      ]),
    ).toBe('yellow');
  });

  it('orders the changes by destination, then the deepest overdue, then the obligor id; unchanged obligors are not listed', () => {
    const tables = impactTables([
      outcome('b', 'prime', 'none', 'yellow', 10),
      outcome('a', 'prime', 'none', 'yellow', 10),
      outcome('z', 'prime', 'yellow', 'orange', 5),
      outcome('y', 'prime', 'none', 'yellow', 60),
      outcome('x', 'prime', 'red', 'none', 200),
      outcome('w', 'prime', 'red', 'red', 300),
    ]);
    // orange (z), then the yellows by dpd 60 (y) and 10 (a before b), then none (x); w did not change.
    expect(tables.changes.map((change) => change.obligorId)).toEqual(['z', 'y', 'a', 'b', 'x']);
  });

  it('lists segments by customer tier, then channel', () => {
    const on = (obligorId: string, customerTier: string, channel: string): ObligorOutcome => ({ ...outcome(obligorId, customerTier, 'none', 'none'), channel });
    const tables = impactTables([on('1', 'subprime', 'internet'), on('2', 'prime', 'internet'), on('3', 'prime', 'bank-branch'), on('4', 'prime', 'internet')]);
    expect(tables.segments.map((segment) => [segment.customerTier, segment.channel, segment.obligors])).toEqual([
      ['prime', 'bank-branch', 1],
      ['prime', 'internet', 2],
      ['subprime', 'internet', 1],
    ]);
    expect(tables.totals).toEqual([{ from: 'none', to: 'none', count: 4 }]);
  });

  it('keeps the first 500 changes and says when there were more', () => {
    const changed = (count: number) =>
      Array.from({ length: count }, (_value, index) => outcome(`o${String(index).padStart(4, '0')}`, 'prime', 'none', 'yellow'));
    expect(CHANGE_LIST_LIMIT).toBe(500);
    const exactly = impactTables(changed(500));
    expect([exactly.changes.length, exactly.changesTruncated]).toEqual([500, false]);
    const over = impactTables(changed(501));
    expect([over.changes.length, over.changesTruncated]).toEqual([500, true]);
    // Same level and dpd: by id, so o0500 is the one left off.
    expect(over.changes.at(-1)!.obligorId).toBe('o0499');
    expect(over.totals).toEqual([{ from: 'none', to: 'yellow', count: 501 }]);
  });

  it('samples the whole book when it fits, and starts every sample at the first obligor', () => {
    expect(evenSample(4, 4)).toEqual([0, 1, 2, 3]);
    expect(evenSample(0, 4)).toEqual([]);
    // 9 / 3 = 3: every third.
    expect(evenSample(9, 3)).toEqual([0, 3, 6]);
    // 7 / 2 = 3.5: 0 and floor(3.5).
    expect(evenSample(7, 2)).toEqual([0, 3]);
  });
});
