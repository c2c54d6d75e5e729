import { evenSample, impactTables, worstLevel, type ObligorOutcome } from '../../../server/impact/impact.table';

const outcome = (obligorId: string, customerTier: string, from: ObligorOutcome['from'], to: ObligorOutcome['to'], dpd = 30): ObligorOutcome => ({ obligorId, orgUnit: 'BR-SH', customerTier, channel: 'bank-branch', dpd, from, to, facts: {} });

describe('impact tables', () => {
  it('takes the most severe warning level among the events', () => {
    expect(worstLevel([])).toBe('none');
    expect(worstLevel([{ type: 'warning', params: { level: 'yellow' } }, { type: 'warning', params: { level: 'red' } }, { type: 'warning', params: { level: 'orange' } }])).toBe('red');
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
      { customerTier: 'prime', channel: 'bank-branch', obligors: 3, transitions: [{ from: 'orange', to: 'orange', count: 1 }, { from: 'orange', to: 'yellow', count: 2 }] },
      { customerTier: 'subprime', channel: 'bank-branch', obligors: 1, transitions: [{ from: 'none', to: 'red', count: 1 }] },
    ]);
    expect(tables.changes.map((change) => change.obligorId)).toEqual(['c', 'd', 'a']);
    expect(tables.changesTruncated).toBe(false);
  });

  it('samples evenly and deterministically', () => {
    expect(evenSample(3, 10)).toEqual([0, 1, 2]);
    expect(evenSample(10, 4)).toEqual([0, 2, 5, 7]);
  });
});
