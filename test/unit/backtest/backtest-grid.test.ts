import { BacktestGrid, SubjectState } from '../../../server/backtest/backtest-grid';

const segment = () => ({ customerTier: 'prime', channel: 'bank-branch', vintage: '2025Q1', orgUnit: 'BR-A' });

describe('BacktestGrid', () => {
  it('counts lead time from the first consecutive warning, leaves out the already bad, and reads outcomes only within the window', () => {
    // Month-ends 0..3 (days 0, 30, 60, 90): months 0-1 evaluated, two outcome months.
    const grid = new BacktestGrid([0, 30, 60, 90], 2, 1, 2);
    const states: Record<string, SubjectState[]> = {
      warned: [SubjectState.Open, SubjectState.Open, SubjectState.Bad, SubjectState.Bad],
      late: [SubjectState.Open, SubjectState.Open, SubjectState.Open, SubjectState.Open],
      gone: [SubjectState.Bad, SubjectState.Bad, SubjectState.Bad, SubjectState.Bad],
    };
    for (let month = 0; month < 4; month++) {
      grid.beginMonth(month, 3);
      Object.entries(states).forEach(([key, list], local) => {
        grid.subject(month, local, key, list[month]!, segment);
        if (month < 2 && list[month] === SubjectState.Open) grid.level(month, 0, local, key === 'warned' ? 'red' : null);
      });
    }
    const measured = grid.measure();
    expect(measured.excluded).toEqual({ alreadyBad: 2, settled: 0 });
    expect(measured.observations).toBe(4);
    const overall = measured.versions[0]!.overall;
    expect(overall.bad).toBe(2);
    // Warned at 0 and 1, bad first at 60: 60 days from the first warning for both observations.
    expect(overall.leadDays).toEqual([60, 60]);
    expect(overall.levels[0]).toMatchObject({ level: 'red', precision: 1, recall: 1 });
  });
});
