import { findingChange } from '../../../server/collections/findings/finding-transitions';
import { ConflictError } from '../../../server/http/errors';

const now = new Date('2026-03-02T03:00:00Z');

describe('finding transitions: open -> confirmed -> dismissed or remediated, the last two final', () => {
  test.each([
    ['open', 'confirm', 'confirmed'],
    ['open', 'dismiss', 'dismissed'],
    ['open', 'remediate', 'remediated'],
    ['confirmed', 'dismiss', 'dismissed'],
    ['confirmed', 'remediate', 'remediated'],
  ] as const)('%s + %s = %s', (status, action, next) => {
    const change = findingChange({ status }, action, { reason: 'not a breach', evidence: { note: 'moved back', references: ['T-1'] } }, 'op', now);
    expect(change.status).toBe(next);
    expect(change.set.status).toBe(next);
  });

  test.each([
    ['confirmed', 'confirm'],
    ['dismissed', 'confirm'],
    ['dismissed', 'remediate'],
    ['remediated', 'dismiss'],
    ['remediated', 'remediate'],
  ] as const)('%s refuses %s with 409 invalid_state', (status, action) => {
    expect(() => findingChange({ status }, action, { reason: 'x', evidence: { note: 'y' } }, 'op', now)).toThrow(ConflictError);
  });

  test('dismiss keeps the reason; remediate keeps the evidence, who and when', () => {
    expect(findingChange({ status: 'open' }, 'dismiss', { reason: 'cash at the bank counter' }, 'op', now).set).toEqual({
      status: 'dismissed',
      dismissReason: 'cash at the bank counter',
    });
    expect(findingChange({ status: 'open' }, 'remediate', { evidence: { note: 'returned' } }, 'op', now).set).toEqual({
      status: 'remediated',
      remediation: { note: 'returned', references: [], by: 'op', at: now },
    });
  });
});
