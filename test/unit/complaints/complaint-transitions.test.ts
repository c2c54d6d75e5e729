import { actionChange } from '../../../server/complaints/complaint-actions';
import { maskedComplainant } from '../../../server/complaints/complainants';
import { complaintNumber } from '../../../server/complaints/complaint-numbers';
import {
  ACTION_ROLES,
  assertCanAct,
  COMPLAINT_ACTIONS,
  FROM,
  missingForClosure,
  reviewOutcome,
  statusAfter,
} from '../../../server/complaints/complaint-transitions';
import type { ComplaintRecord } from '../../../server/complaints/complaint.model';
import { COMPLAINT_STATUS_VALUES } from '../../../server/generated/schema-types';
import { AppError } from '../../../server/http/errors';

const at = new Date('2026-03-10T02:00:00Z');
const context = { actor: 'op', now: at, today: '2026-03-10', handlers: [] as string[] };

function complaint(overrides: Partial<ComplaintRecord> = {}): ComplaintRecord {
  return {
    _id: 'TS-BR-SH-202603-00001',
    orgUnit: 'BR-SH',
    status: 'received',
    channel: 'phone',
    receivedAt: at,
    receivedOn: '2026-03-10',
    receivedMonth: '2026-03',
    complainant: { nameMasked: 'Z*', contactMasked: [] },
    subject: { kind: 'agency', agencyId: 'AG-1' },
    summary: 's',
    complexity: 'simple',
    acceptance: null,
    rejection: null,
    acceptedOn: null,
    investigation: null,
    decision: null,
    decidedOn: null,
    extension: null,
    extendedUntil: null,
    mediation: null,
    feedback: null,
    callback: null,
    rootCause: null,
    review: null,
    closedOn: null,
    nextDeadline: null,
    deadlineOrder: '9999-12-31',
    revision: 1,
    createdBy: 'op',
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

test('every action starts only from its listed states (409 invalid_state elsewhere) and names roles', () => {
  for (const action of COMPLAINT_ACTIONS) {
    expect(ACTION_ROLES[action].length).toBeGreaterThan(0);
    for (const status of COMPLAINT_STATUS_VALUES)
      expect([action, status, codeOf(() => assertCanAct({ status }, action))]).toEqual([
        action,
        status,
        FROM[action].includes(status) ? undefined : 'invalid_state',
      ]);
  }
  // Nothing moves a closed complaint.
  expect(COMPLAINT_ACTIONS.filter((action) => FROM[action].includes('closed'))).toEqual([]);
});

test('the workflow moves intake, acceptance, decision, submission as the table says; recording steps keep the status', () => {
  expect(statusAfter('accept', 'received')).toBe('accepted');
  expect(statusAfter('reject', 'received')).toBe('rejected');
  expect(statusAfter('investigate', 'rework')).toBe('investigating');
  expect(statusAfter('decide', 'investigating')).toBe('decided');
  expect(statusAfter('submit', 'decided')).toBe('in-review');
  for (const action of ['extend', 'mediate', 'feedback', 'callback', 'root-cause'] as const) expect(statusAfter(action, 'rework')).toBe('rework');
});

test('acceptance and decision set the dates the deadline rules read; an extension must end after the day received', () => {
  expect(actionChange(complaint(), 'accept', { revision: 1, evidence: { note: 'n' } }, context).set).toMatchObject({
    status: 'accepted',
    acceptedOn: '2026-03-10',
  });
  const decided = actionChange(
    complaint({ status: 'investigating' }),
    'decide',
    { revision: 1, outcome: 'upheld', responsibility: [{ party: 'agency', partyId: 'AG-1', upheld: true }], note: 'n' },
    context,
  );
  expect(decided.set).toMatchObject({ status: 'decided', decidedOn: '2026-03-10' });
  expect(decided.event).toBe('complaint.decided');
  expect(codeOf(() => actionChange(complaint({ status: 'accepted' }), 'extend', { revision: 1, extendedUntil: '2026-03-10', reason: 'r' }, context))).toBe(
    'invalid_input',
  );
  expect(actionChange(complaint({ status: 'accepted' }), 'extend', { revision: 1, extendedUntil: '2026-04-30', reason: 'r' }, context).set).toMatchObject({
    extendedUntil: '2026-04-30',
  });
});

test('closure needs a complete record; otherwise the review sends it back with the missing items, its own listed after', () => {
  const accepted = complaint({ acceptance: { note: 'n', references: [], by: 'op', at } });
  expect(missingForClosure(accepted)).toEqual(['decision', 'feedback', 'callback', 'rootCause']);
  expect(missingForClosure(complaint({ rejection: { reasons: ['r'], by: 'op', at } }))).toEqual(['feedback']);
  const complete = complaint({
    acceptance: { note: 'n', references: [], by: 'op', at },
    decision: { outcome: 'upheld', responsibility: [{ party: 'agency', upheld: true }], note: 'n', by: 'op', at },
    feedback: { givenOn: '2026-03-11', channel: 'phone', note: null, by: 'op' },
    callback: { calledOn: '2026-03-12', result: 'satisfied', note: null, by: 'op' },
    rootCause: { code: 'agency-conduct', text: 't', by: 'op' },
    mediation: { mediator: 'Mediation centre', startedOn: '2026-03-11', result: null, note: null, by: 'op' },
  });
  expect(missingForClosure(complete)).toEqual(['mediation.result']);
  const settled = { ...complete, mediation: { ...complete.mediation!, result: 'settled' } };
  expect(reviewOutcome(settled, 'close', [])).toEqual({ status: 'closed', missing: [] });
  expect(reviewOutcome(settled, 'rework', ['evidence of the refund'])).toEqual({ status: 'rework', missing: ['evidence of the refund'] });
  expect(reviewOutcome(accepted, 'close', [])).toEqual({ status: 'rework', missing: ['decision', 'feedback', 'callback', 'rootCause'] });
});

test('a handler may not review (403 maker_checker); the reviewer words stay out of the event codes', () => {
  const inReview = complaint({ status: 'in-review', rejection: { reasons: ['r'], by: 'op', at } });
  expect(codeOf(() => actionChange(inReview, 'review', { revision: 1, outcome: 'close' }, { ...context, actor: 'op', handlers: ['op'] }))).toBe(
    'maker_checker',
  );
  const sentBack = actionChange(
    inReview,
    'review',
    { revision: 1, outcome: 'close', missing: ['call the complainant'] },
    { ...context, actor: 'checker', handlers: ['op'] },
  );
  expect(sentBack).toMatchObject({ event: 'complaint.reopened', missing: ['feedback', 'call the complainant'], missingCodes: ['feedback'] });
});

test('numbers and masks', () => {
  expect(complaintNumber('BR-SH', '2026-03', 7)).toBe('TS-BR-SH-202603-00007');
  expect(maskedComplainant({ name: '张伟强', phone: '+86 139-8765-4321', email: 'a.b@example.org', address: 'x' })).toEqual({
    nameMasked: '张**',
    contactMasked: ['phone ***4321', 'email ***@example.org', 'address ***'],
  });
});
