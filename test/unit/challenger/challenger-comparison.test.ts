import { compareArms, lastDayOfEachMonth, severer, type DayObservation } from '../../../server/challenger/challenger-comparison';

const row = (
  obligorId: string,
  arm: DayObservation['arm'],
  championLevel: DayObservation['championLevel'],
  challengerLevel: DayObservation['challengerLevel'],
  bad = false,
): DayObservation => ({
  obligorId,
  arm,
  championLevel,
  challengerLevel,
  bad,
});

test('each arm is measured on its own version, the other version kept as the shadow, outcomes from later days', () => {
  const days = [
    {
      asOf: '2025-01-31',
      rows: [
        // Champion arm: the champion misses A (goes bad), the challenger (shadow) would have flagged it.
        row('A', 'champion', null, 'red'),
        row('B', 'champion', null, null),
        // Challenger arm: the challenger flags C, which goes bad, and not D.
        row('C', 'challenger', null, 'orange'),
        row('D', 'challenger', 'yellow', null),
        // Already bad: left out.
        row('E', 'challenger', 'red', 'red', true),
      ],
    },
    { asOf: '2025-02-15', rows: [row('A', 'champion', 'red', 'red', true), row('C', 'challenger', 'red', 'red', true)] },
    { asOf: '2025-02-28', rows: [row('A', 'champion', 'red', 'red', true), row('C', 'challenger', 'red', 'red', true)] },
  ];
  const { overall, periods } = compareArms(days);
  expect(periods.map((period) => period.asOf)).toEqual(['2025-01-31', '2025-02-28']);
  const [champion, challenger] = overall;
  expect(champion).toMatchObject({ arm: 'champion', observations: 2 });
  expect(champion!.acted.levels[0]).toMatchObject({ level: 'red', flaggedAtOrAbove: 0, recall: 0 });
  expect(champion!.shadow.levels[0]).toMatchObject({ level: 'red', flaggedAtOrAbove: 1, precision: 1, recall: 1 });
  expect(champion!.shadow.leadDays).toEqual([15]);
  expect(challenger).toMatchObject({ arm: 'challenger', observations: 2 });
  expect(challenger!.acted.levels[1]).toMatchObject({ level: 'orange', flaggedAtOrAbove: 1, precision: 1, recall: 1 });
  expect(challenger!.acted.auc).toBe(1);
  expect(challenger!.shadow.levels[2]).toMatchObject({ level: 'yellow', flaggedAtOrAbove: 1, precision: 0, recall: 0 });
});

test('going bad counts only within the outcome window', () => {
  const days = [
    { asOf: '2025-01-31', rows: [row('A', 'champion', 'red', null), row('B', 'champion', null, null)] },
    { asOf: '2025-03-31', rows: [row('A', 'champion', 'red', null, true), row('B', 'champion', null, null)] },
  ];
  expect(compareArms(days, 30).overall[0]!.acted.bad).toBe(0);
  expect(compareArms(days, 60).overall[0]!.acted.bad).toBe(1);
});

test('month-ends are the last observed day of each month; the severer level wins', () => {
  expect([...lastDayOfEachMonth(['2025-01-05', '2025-01-30', '2025-02-01'])].sort()).toEqual(['2025-01-30', '2025-02-01']);
  expect(severer('yellow', 'red')).toBe('red');
  expect(severer(null, 'orange')).toBe('orange');
  expect(severer('orange', null)).toBe('orange');
});
