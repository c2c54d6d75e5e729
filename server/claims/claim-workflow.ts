import type { Role } from '../identity/principal';

/**
 * The claim workflow (Arts 2(4), 14-18) as data: every step a user takes on a claim case, from
 * which statuses, to which, by which role, and what must hold first. Pure: the service reads it to
 * refuse or apply an action; the unit tests read it without a database.
 *
 * The claim-trigger job's own moves (open, advise-withdrawal, suspended, reopen) stay in
 * claim-transitions.ts; they join this workflow through `resumeTo` (a suspended case resumes
 * where it was) and `withdraw` (the insured withdraws an advised or pending claim).
 */
export type ClaimCaseStatus =
  | 'open'
  | 'advise-withdrawal'
  | 'suspended'
  | 'early-requested'
  | 'early-approved'
  | 'reported'
  | 'registered'
  | 'rejected'
  | 'adjusted'
  | 'approved'
  | 'paid'
  | 'subrogated'
  | 'archived'
  | 'withdrawn';

export type ClaimAction =
  | 'request-early-payment'
  | 'approve-early-payment'
  | 'report'
  | 'reconcile'
  | 'register'
  | 'reject'
  | 'adjust'
  | 'approve'
  | 'pay'
  | 'subrogate'
  | 'archive'
  | 'withdraw'
  | 'documents';

/** The documents Art. 18 requires on file before a case is archived. */
export const ARCHIVE_CHECKLIST = ['policy', 'loan-contract', 'repayment-records', 'assignment-confirmation'] as const;
export type ClaimDocumentKind = (typeof ARCHIVE_CHECKLIST)[number];

/** What a guard reads of the case and the request: plain values, so the table is testable without a store. */
export interface GuardInput {
  actor: string;
  actorOrgUnit: string;
  headOffice: string;
  /** Differences between the insured's and the platform's figures not yet reconciled. */
  unreconciled: readonly string[];
  estimatedLossCents: number | null | undefined;
  documents: readonly string[];
  adjustedBy: string | null;
  earlyRequestedBy: string | null;
}

/** Why a guard refuses: `forbidden` (403, the wrong person) or `incomplete` (422, something missing), with the items named. */
export interface GuardRefusal {
  kind: 'forbidden' | 'incomplete';
  /** The error code of a 403: dual control, or a step reserved to head office. */
  code?: 'maker_checker' | 'out_of_scope';
  message: string;
  details: { path: string; message: string }[];
}

export interface WorkflowStep {
  action: ClaimAction;
  from: readonly ClaimCaseStatus[];
  /** `same`: the case keeps its status (a reconciliation, a document, an amended report). */
  to: ClaimCaseStatus | 'same';
  role: Role;
  guard?: (input: GuardInput) => GuardRefusal | undefined;
}

/** Before approval: where the insured may still withdraw and the trigger may still suspend. */
export const BEFORE_APPROVAL: readonly ClaimCaseStatus[] = [
  'open',
  'advise-withdrawal',
  'suspended',
  'early-requested',
  'early-approved',
  'reported',
  'registered',
  'adjusted',
];
/** The statuses a user's workflow moved the case into: the claim-trigger job never moves these backwards. */
export const IN_WORKFLOW: readonly ClaimCaseStatus[] = ['early-requested', 'early-approved', 'reported', 'registered', 'adjusted'];
/** Done: nothing moves a case out of these (the trigger skips them). */
export const SETTLED: readonly ClaimCaseStatus[] = ['rejected', 'paid', 'subrogated', 'archived', 'withdrawn'];

export const WORKFLOW: readonly WorkflowStep[] = [
  // Art. 2(4): early payment before the claim point, on a loan without a case, approved at HQ by someone else.
  { action: 'request-early-payment', from: [], to: 'early-requested', role: 'branch-operator' },
  {
    action: 'approve-early-payment',
    from: ['early-requested'],
    to: 'early-approved',
    role: 'approver',
    guard: (input) =>
      input.actorOrgUnit !== input.headOffice
        ? {
            ...refuse('forbidden', 'Early payment is approved at head office', '/actor', 'an approver of head office approves early payment (Art. 2(4))'),
            code: 'out_of_scope',
          }
        : input.actor === input.earlyRequestedBy
          ? {
              ...refuse('forbidden', 'The requester may not approve the early payment', '/actor', 'maker-checker: another approver approves'),
              code: 'maker_checker',
            }
          : undefined,
  },
  // Art. 16(1): the insured's report, with its own figures; amended while reported.
  { action: 'report', from: ['open', 'early-approved', 'reported'], to: 'reported', role: 'branch-operator' },
  { action: 'reconcile', from: ['reported', 'registered', 'adjusted'], to: 'same', role: 'branch-operator' },
  {
    action: 'register',
    from: ['reported'],
    to: 'registered',
    role: 'branch-operator',
    guard: (input) =>
      input.estimatedLossCents === null || input.estimatedLossCents === undefined
        ? refuse('incomplete', 'Registration needs an estimated loss (估损)', '/body/estimatedLoss', 'required to register the claim')
        : undefined,
  },
  { action: 'reject', from: ['reported', 'registered'], to: 'rejected', role: 'branch-operator' },
  { action: 'adjust', from: ['registered', 'adjusted'], to: 'adjusted', role: 'branch-operator' },
  {
    action: 'approve',
    from: ['adjusted'],
    to: 'approved',
    role: 'approver',
    guard: (input) =>
      input.actor === input.adjustedBy
        ? {
            ...refuse('forbidden', 'The adjuster may not approve the indemnity', '/actor', 'maker-checker: an approver other than the adjuster approves'),
            code: 'maker_checker',
          }
        : input.unreconciled.length > 0
          ? {
              kind: 'incomplete',
              message: 'Every difference with the platform figures is reconciled before approval',
              details: input.unreconciled.map((field) => ({ path: `/differences/${field}`, message: 'not reconciled' })),
            }
          : undefined,
  },
  { action: 'pay', from: ['approved'], to: 'paid', role: 'branch-operator' },
  { action: 'subrogate', from: ['paid'], to: 'subrogated', role: 'branch-operator' },
  {
    action: 'archive',
    from: ['subrogated'],
    to: 'archived',
    role: 'branch-operator',
    guard: (input) => {
      const missing = ARCHIVE_CHECKLIST.filter((kind) => !input.documents.includes(kind));
      return missing.length > 0
        ? {
            kind: 'incomplete',
            message: `The archive needs every document of Art. 18; missing: ${missing.join(', ')}`,
            details: missing.map((kind) => ({ path: `/documents/${kind}`, message: 'missing' })),
          }
        : undefined;
    },
  },
  { action: 'withdraw', from: BEFORE_APPROVAL, to: 'withdrawn', role: 'branch-operator' },
  {
    action: 'documents',
    from: ['open', 'early-requested', 'early-approved', 'reported', 'registered', 'adjusted', 'approved', 'paid', 'subrogated'],
    to: 'same',
    role: 'branch-operator',
  },
];

function refuse(kind: GuardRefusal['kind'], message: string, path: string, detail: string): GuardRefusal {
  return { kind, message, details: [{ path, message: detail }] };
}

export type StepOutcome =
  | { ok: true; to: ClaimCaseStatus }
  | { ok: false; status: 403 | 409 | 422; code?: GuardRefusal['code']; message: string; details: { path: string; message: string }[] };

/** Whether `action` may be taken on a case in `status` (null: no case yet) by someone with `roles`, and where it leads. */
export function takeStep(status: ClaimCaseStatus | null, action: ClaimAction, roles: readonly Role[], input: GuardInput): StepOutcome {
  const step = WORKFLOW.find((candidate) => candidate.action === action)!;
  if (!roles.includes(step.role)) return { ok: false, status: 403, message: `${action} needs the role ${step.role}`, details: [] };
  const allowed = status === null ? step.from.length === 0 : step.from.includes(status);
  if (!allowed)
    return {
      ok: false,
      status: 409,
      message: status === null ? `${action} needs a claim case` : `A ${status} case cannot be sent ${action}`,
      details: [{ path: '/status', message: `${action} is allowed from: ${step.from.join(', ') || 'no case yet'}` }],
    };
  const refusal = step.guard?.(input);
  if (refusal)
    return {
      ok: false,
      status: refusal.kind === 'forbidden' ? 403 : 422,
      ...(refusal.code ? { code: refusal.code } : {}),
      message: refusal.message,
      details: refusal.details,
    };
  return { ok: true, to: step.to === 'same' ? status! : step.to };
}
