import { alertTransitions, type OpenAlertState } from '../../../server/monitoring/alert-transitions';
import { signalsFromEvents, signalValue, type Signal } from '../../../server/monitoring/signals';

const signal = (name: string, level: Signal['level'], value: number | null = null): Signal => ({
  signal: name,
  level,
  basis: 'Art. 7',
  threshold: null,
  notify: [],
  value,
});
const open = (signalName: string, level: OpenAlertState['level'], revision = 1): OpenAlertState => ({
  alertId: `a-${signalName}`,
  signal: signalName,
  level,
  revision,
});

describe('alert transitions: one open alert per subject and signal', () => {
  test.each([
    ['a new signal raises an alert', [], [signal('dpd', 'yellow')], [['raise', 'dpd', 'yellow']]],
    ['the same level changes nothing', [open('dpd', 'yellow')], [signal('dpd', 'yellow')], []],
    ['a higher level escalates', [open('dpd', 'yellow')], [signal('dpd', 'orange')], [['escalate', 'dpd', 'orange']]],
    ['red to orange de-escalates', [open('dpd', 'red', 3)], [signal('dpd', 'orange')], [['de-escalate', 'dpd', 'orange']]],
    ['a signal that stops firing closes its alert', [open('dpd', 'orange')], [], [['close', 'dpd', undefined]]],
    [
      'signals are independent of each other',
      [open('dpd', 'orange'), open('scoreDrop', 'yellow')],
      [signal('scoreDrop', 'orange'), signal('grade', 'yellow')],
      [
        ['close', 'dpd', undefined],
        ['escalate', 'scoreDrop', 'orange'],
        ['raise', 'grade', 'yellow'],
      ],
    ],
    ['no signals and no alerts: nothing', [], [], []],
  ] as const)('%s', (_name, alerts, signals, expected) => {
    const transitions = alertTransitions(alerts as unknown as OpenAlertState[], signals as unknown as Signal[]).map((transition) => [
      transition.kind,
      'signal' in transition ? transition.signal.signal : transition.alert.signal,
      'signal' in transition ? transition.signal.level : undefined,
    ]);
    expect(transitions).toEqual(expected);
  });

  test('a change names the alert and the revision it moves from', () => {
    const [transition] = alertTransitions([open('dpd', 'yellow', 4)], [signal('dpd', 'red')]);
    expect(transition).toMatchObject({ kind: 'escalate', alert: { alertId: 'a-dpd', revision: 4 } });
  });
});

describe('signals from warning events', () => {
  test('one signal per name at its worst level, with notify merged and the fact value behind it', () => {
    const signals = signalsFromEvents(
      [
        { type: 'warning', params: { level: 'yellow', signal: 'scoreDrop', basis: 'Art. 9(4)', notify: 'risk-staff', threshold: 50 } },
        { type: 'warning', params: { level: 'orange', signal: 'scoreDrop', basis: 'Art. 9(4)', threshold: 100 } },
        { type: 'warning', params: { level: 'orange', signal: 'earlyPaymentDefault', basis: 'Art. 7' } },
        { type: 'measure', params: { action: 'watch' } },
      ],
      { scoreDrop: 120, dpd: 20 },
    );
    expect(signals).toEqual([
      { signal: 'scoreDrop', level: 'orange', basis: 'Art. 9(4)', threshold: 100, notify: ['risk-staff'], value: 120 },
      { signal: 'earlyPaymentDefault', level: 'orange', basis: 'Art. 7', threshold: null, notify: [], value: 20 },
    ]);
  });

  test('events with an unknown level are ignored; grade is measured by the downgrade', () => {
    expect(signalsFromEvents([{ type: 'warning', params: { level: 'purple', signal: 'dpd' } }], {})).toEqual([]);
    expect(signalValue('grade', { gradeDowngrade: 2, grade: 'D' })).toBe(2);
    expect(signalValue('overdueRate', { overdueRate: null })).toBeNull();
  });
});
