import { measureOutcomes, reachedOutcome, type OutcomeObservation } from '../../../server/backtest/outcome-measures';

describe('measureOutcomes', () => {
  it('gives precision, recall and AUC of 1 when the rule flags exactly the obligors that go bad', () => {
    const observations: OutcomeObservation[] = [
      { level: 'red', wentBad: true, leadDays: 40 },
      { level: 'red', wentBad: true, leadDays: 90 },
      { level: 'red', wentBad: true, leadDays: 60 },
      ...Array.from({ length: 7 }, () => ({ level: null, wentBad: false })),
    ];
    const measures = measureOutcomes(observations);
    const [red] = measures.levels;
    expect(measures.baseRate).toBeCloseTo(0.3, 12);
    expect(red).toMatchObject({ level: 'red', flagged: 3, flaggedBad: 3, precision: 1, recall: 1 });
    expect(red?.lift).toBeCloseTo(1 / 0.3, 12);
    expect(measures.auc).toBe(1);
    expect(measures.ks).toBe(1);
    expect(measures.leadDays).toEqual([40, 60, 90]);
    expect(measures.leadDaysMedian).toBe(60);
  });

  it('counts levels cumulatively from red down and computes the worked example by hand', () => {
    // red: 2 (1 bad), orange: 2 (1 bad), yellow: 2 (0 bad), none: 4 (1 bad); 3 bad, 7 good.
    const observations: OutcomeObservation[] = [
      { level: 'red', wentBad: true },
      { level: 'red', wentBad: false },
      { level: 'orange', wentBad: true },
      { level: 'orange', wentBad: false },
      { level: 'yellow', wentBad: false },
      { level: 'yellow', wentBad: false },
      { level: null, wentBad: true },
      { level: null, wentBad: false },
      { level: null, wentBad: false },
      { level: null, wentBad: false },
    ];
    const measures = measureOutcomes(observations);
    expect(measures.levels.map((level) => [level.flaggedAtOrAbove, level.flaggedBadAtOrAbove])).toEqual([
      [2, 1],
      [4, 2],
      [6, 2],
    ]);
    expect(measures.levels[1]?.precision).toBe(0.5);
    expect(measures.levels[1]?.recall).toBeCloseTo(2 / 3, 12);
    // Pairs (bad, good) = 21. Bad red beats 6 goods below, ties 1 → 6.5; bad orange beats 5, ties 1 → 5.5;
    // bad none ties 3 → 1.5. AUC = 13.5 / 21.
    expect(measures.auc).toBeCloseTo(13.5 / 21, 12);
    // Cumulative bad share vs good share from red down: 1/3-1/7, 2/3-2/7, 2/3-4/7, 1-1 → max 8/21.
    expect(measures.ks).toBeCloseTo(8 / 21, 12);
  });

  it('gives an AUC near 0.5 for a rule that flags at random', () => {
    // mulberry32: a small generator whose consecutive draws are independent enough for this test.
    let seed = 7;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const levels: OutcomeObservation['level'][] = ['red', 'orange', 'yellow', null];
    const observations = Array.from({ length: 100_000 }, () => ({ level: levels[Math.floor(random() * 4)] ?? null, wentBad: random() < 0.05 }));
    const measures = measureOutcomes(observations);
    expect(Math.abs((measures.auc ?? 0) - 0.5)).toBeLessThan(0.02);
    expect(Math.abs((measures.levels[2]?.lift ?? 0) - 1)).toBeLessThan(0.1);
  });

  it('reports undefined ratios as null instead of dividing by zero', () => {
    const measures = measureOutcomes([{ level: null, wentBad: false }]);
    expect(measures).toMatchObject({ bad: 0, baseRate: 0, ks: null, auc: null, leadDaysMedian: null });
    expect(measures.levels[0]).toMatchObject({ precision: null, recall: null, lift: null });
    expect(measureOutcomes([]).baseRate).toBeNull();
  });
});

describe('reachedOutcome', () => {
  it('calls an obligor bad from 90 days past due or a claim, and not before', () => {
    expect(reachedOutcome({ dpd: 89, claimed: false })).toBeNull();
    expect(reachedOutcome({ dpd: 90, claimed: false })).toBe('m3');
    expect(reachedOutcome({ dpd: 12, claimed: true })).toBe('claim');
    expect(reachedOutcome({})).toBeNull();
  });
});
