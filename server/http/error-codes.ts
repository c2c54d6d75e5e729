/**
 * Every error code the API answers with: its HTTP status and what it means. One code means one
 * thing at one status; the error classes (errors.ts) accept only codes of their own status, the
 * error-response schema's `code` enum and docs/api.md list exactly these (test/unit/foundation/error-codes.test.ts),
 * and the OpenAPI document carries them as `x-error-codes`. A new refusal reuses a code that
 * already says it, or adds one here. The studio's Chinese wording is keyed by the same codes.
 */
export const ERROR_CODES = {
  // 400: the request itself is wrong
  invalid_input: { status: 400, description: 'The body, query or parameters do not fit their schema; details name each field at fault.' },
  invalid_facts: { status: 400, description: "The facts do not fit the rule set family's fact schema; details name each fact at fault." },
  invalid_url: { status: 400, description: 'A webhook URL is not acceptable (scheme, credentials, or an address this server does not call).' },
  weak_password: { status: 400, description: 'The password is too short, too repetitive or too common.' },
  malformed_json: { status: 400, description: 'The body is not valid JSON, or is nested deeper than 200 levels.' },
  malformed_body: { status: 400, description: 'A compressed body does not inflate as its Content-Encoding says.' },
  // 401: who is calling is not established
  unauthenticated: { status: 401, description: 'No credentials were sent.' },
  malformed_authorization: { status: 401, description: 'The Authorization header is not of the form "Bearer <token>".' },
  invalid_credentials: { status: 401, description: 'The session token or API key is unknown, expired or revoked: log in again or use another key.' },
  bad_credentials: { status: 401, description: 'Login refused: wrong username or password, or the user is deactivated.' },
  // 403: the caller may not do this
  forbidden: { status: 403, description: 'The caller lacks a role the route needs.' },
  out_of_scope: { status: 403, description: "The org unit, rule set or data is outside the caller's org unit and its subtree, or belongs to HQ alone." },
  evaluate_only: { status: 403, description: 'The API key may only evaluate rule sets.' },
  rule_set_not_allowed: { status: 403, description: 'The API key is restricted to other rule sets.' },
  scope_not_allowed: {
    status: 403,
    description: 'The API key is restricted to the routes of its scopes (e.g. underwriting:check); this route is not one of them.',
  },
  csrf: { status: 403, description: 'A session-cookie request came from another site, or without the header that proves it did not.' },
  // The four maker-checker refusals: 403 when approving; 409 at publication, when the approval on record no longer stands for that reason.
  maker_checker: { status: 403, alsoAt: [409], description: 'The author or editor of a version may not approve or publish it (dual control).' },
  maker_checker_controlled: {
    status: 403,
    alsoAt: [409],
    description: 'The approver is an account or key created by, or belonging to, the author or an editor (dual control by natural person).',
  },
  approver_after_submission: { status: 403, alsoAt: [409], description: 'The approver became an approver after the version was submitted.' },
  approver_role_self_granted: { status: 403, alsoAt: [409], description: "The approver's roles were set by the approver or an account the approver controls." },
  // 404: nothing there
  not_found: { status: 404, description: 'No such record within your scope.' },
  no_such_endpoint: { status: 404, description: 'No route answers this method and path.' },
  no_published_version: { status: 404, description: 'The rule set has no published version in force.' },
  unknown_obligor: { status: 404, description: 'Nothing is known about this obligor (no loans, ratings, alerts or tasks).' },
  unknown_job: { status: 404, description: 'No job has this name.' },
  unknown_import_kind: { status: 404, description: 'No portfolio record kind has this name.' },
  // 409: the state changed or is not the one the request needs
  stale_version: {
    status: 409,
    description:
      'The record changed since you read it (its version or, for drafts, alerts and tasks, its revision); reload and try again. Replaces stale_revision.',
  },
  invalid_state: { status: 409, description: 'The record is not in a state that allows this (e.g. approving a draft, completing a cancelled task).' },
  username_taken: { status: 409, description: 'A user with this username exists.' },
  org_unit_taken: { status: 409, description: 'An org unit with this id exists.' },
  job_running: { status: 409, description: 'The job is already running for these parameters.' },
  run_before_last_run: { status: 409, description: "The day or month is before the job's last successful run; send override with a reason to run it anyway." },
  month_incomplete: {
    status: 409,
    description:
      "The month's data is not complete (see GET /portfolio/completeness): month figures are not stored and month-end monitoring does not run; send override with a reason to run it anyway.",
  },
  delivery_in_progress: { status: 409, description: 'The webhook delivery is still being attempted.' },
  subscription_deleted: { status: 409, description: "The webhook delivery's subscription was deleted." },
  subscription_disabled: { status: 409, description: "The webhook delivery's subscription is disabled; enable it first." },
  agency_registered: { status: 409, description: 'An agency with this unified social credit code is in the register already.' },
  partner_registered: { status: 409, description: 'A channel partner with this unified social credit code is in the register already.' },
  channel_taken: { status: 409, description: "A loan channel code belongs to another channel partner already (a loan's channel names one partner)." },
  // 413, 415: the body's size or type
  payload_too_large: { status: 413, description: 'The body is larger than the limit.' },
  import_line_too_large: { status: 413, description: 'An import line or CSV record is longer than IMPORT_MAX_LINE_BYTES; nothing of the import is stored.' },
  unsupported_media_type: { status: 415, description: 'The body is not in a content type (or charset, or encoding) the route accepts.' },
  // 422: well formed, but a business rule refuses it
  rule_set_invalid: { status: 422, description: 'The rule set does not validate, or its embedded tests fail; details name each problem.' },
  test_budget_exceeded: { status: 422, description: "The rule set's embedded tests take more than their time budget." },
  version_not_published: {
    status: 422,
    description: 'The version is not (or was never) published: only published versions are evaluated or rolled back to. Replaces not_published.',
  },
  rule_set_not_applicable: { status: 422, description: "The rule set belongs to a unit that is not on the org unit's path." },
  impact_unsupported: { status: 422, description: 'Impact preview needs a warning.obligor rule set.' },
  challenger_unsupported: {
    status: 422,
    description:
      'A champion/challenger test needs a warning.obligor or disposition rule set with a published champion and an approved, unpublished challenger.',
  },
  backtest_unsupported: { status: 422, description: 'A backtest needs a warning.obligor or warning.portfolio rule set.' },
  backtest_ended: { status: 409, description: 'The backtest has already ended (succeeded, failed or cancelled): nothing to cancel.' },
  unknown_org_unit: { status: 422, description: 'There is no org unit with this id.' },
  unknown_agency: { status: 422, description: 'The agency register holds no agency with this id.' },
  unknown_partner: { status: 422, description: 'The channel partner register holds no partner with this id.' },
  loan_not_of_partner: {
    status: 422,
    description: "A loan named is unknown or was not brought by this partner (its channel is not one of the partner's codes).",
  },
  org_unit_inactive: { status: 422, description: 'The org unit (or its parent) is deactivated.' },
  org_unit_cycle: { status: 422, description: 'The move would put an org unit below itself.' },
  org_unit_move_refused: { status: 422, description: 'The org unit cannot move there: HQ never moves, and a new parent must exist and be active.' },
  org_unit_in_use: { status: 422, description: 'The org unit cannot be deactivated: it is HQ, or still has active sub-units, users or API keys.' },
  grant_invalid: { status: 422, description: 'The grant does not fit the rule set (unknown parameters, bounds outside the parameter).' },
  grant_for_owner: { status: 422, description: 'The unit owns the rule set; it needs no grant.' },
  overlay_invalid: { status: 422, description: 'The overlay does not fit the rule set or the grant in force.' },
  overlay_for_owner: { status: 422, description: 'The unit owns the rule set; it changes the rule set itself, not an overlay.' },
  out_of_bounds: {
    status: 422,
    description: "A parameter value is outside the bounds in force (a grant's, or the parameter's own min and max); details name parameter, value and bounds.",
  },
  missing_facts: {
    status: 422,
    description: 'A strict evaluation left a rule undecided because facts were not sent; details name each fact and the rules that need it.',
  },
  recording_retention: {
    status: 422,
    description:
      'A collection recording cannot be deleted, replaced or kept for less time before its retention date (at least two years after the activity, Art. 11).',
  },
  complete_through_in_future: { status: 422, description: 'A data-completeness date cannot be after today.' },
  admission_decision_rejects: {
    status: 422,
    description:
      'The vendor.admission decision on the request rejects the agency: an approver cannot admit it (reject the request, or record new checks and request again).',
  },
  agency_not_admitted: { status: 422, description: 'The agency is not admitted (applied, rejected, suspended or terminated): it may not receive work.' },
  agency_lacks_work_kind: { status: 422, description: 'The agency is not admitted for this kind of work (collection or recovery).' },
  no_agreement: {
    status: 422,
    description: "The agency has no active agreement with the unit or an ancestor that signed for it (a branch agreement needs HQ's consent).",
  },
  agency_at_capacity: { status: 422, description: "The agreement's capacity is used up: recall a case first or place it elsewhere." },
  agency_key_actor: { status: 422, description: "An agency's API key acts only as that agency: the actor must be the key's agency." },
  recovery_exceeds_due: {
    status: 422,
    description: 'A recovery or write-off exceeds what is outstanding on the recovery case (by component): the ledger never shows more than is legally due.',
  },
  claim_incomplete: {
    status: 422,
    description:
      'The claim case lacks what the step needs: an estimated loss to register, every difference reconciled to approve, every Art. 18 document to archive, the approved indemnity as the payment amount; details name each missing item.',
  },
  // 429
  too_many_attempts: { status: 429, description: 'Too many failed logins for this user; wait 15 minutes or ask an admin.' },
  // 500: a bug on our side
  internal_error: { status: 500, description: 'Something went wrong on our side; the request id identifies it in the logs.' },
  evaluation_failed: { status: 500, description: 'One item of a batch evaluation failed unexpectedly (reported in that item only).' },
  response_schema_mismatch: { status: 500, description: 'Tests and VALIDATE_RESPONSES only: a success answer does not fit its declared response schema.' },
  // 503: try again later (Retry-After says when)
  starting: { status: 503, description: 'The platform is starting.' },
  database_unavailable: { status: 503, description: 'The database is unavailable.' },
  decision_log_unavailable: { status: 503, description: 'The decision log cannot keep this decision now.' },
  decision_log_full: { status: 503, description: 'The decision log holds as many decisions waiting for the database as it may.' },
  decision_log_behind: { status: 503, description: 'The decision log is still storing earlier decisions.' },
} as const satisfies Record<string, ErrorCodeEntry>;

export interface ErrorCodeEntry {
  /** The status the code is answered with. */
  status: number;
  /** Other statuses the same reason is answered with, each explained in the description. */
  alsoAt?: readonly number[];
  description: string;
}

export type ErrorCode = keyof typeof ERROR_CODES;
type StatusesOf<Code extends ErrorCode> = (typeof ERROR_CODES)[Code] extends { status: infer Main; alsoAt: readonly (infer Also)[] }
  ? Main | Also
  : (typeof ERROR_CODES)[Code]['status'];
export type ErrorStatus = { [Code in ErrorCode]: StatusesOf<Code> }[ErrorCode];
/** The codes that go with a status, so an error class cannot answer a code at a status the catalogue does not give it. */
export type ErrorCodeFor<Status extends ErrorStatus> = { [Code in ErrorCode]: [Extract<StatusesOf<Code>, Status>] extends [never] ? never : Code }[ErrorCode];

/** Whether the catalogue gives the code this status. */
export function isCatalogued(code: string, status: number): boolean {
  const entry: ErrorCodeEntry | undefined = (ERROR_CODES as Record<string, ErrorCodeEntry>)[code];
  return entry !== undefined && (entry.status === status || (entry.alsoAt?.includes(status) ?? false));
}
