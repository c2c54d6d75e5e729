import type { ClaimCaseActionParams, ClaimEarlyPaymentRequest, ClaimWorkflowDetail } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { ClaimAction } from './claim-workflow';
import type { StepBody } from './claim-step-changes';
import type { ClaimWorkflowService } from './claim-workflow.service';

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
const ANSWERS = {
  200: { description: 'The case with its workflow', schema: 'claims/claim-workflow-detail' },
  404: { description: 'No such case in your scope' },
  409: { description: 'Stale revision (stale_version), or the case is in a status that does not allow the step (invalid_state)' },
  422: { description: 'Something the step needs is missing (claim_incomplete; details name each item)' },
};

/** One POST per step: path, body schema, role, summary. */
const STEPS: { action: Exclude<ClaimAction, 'request-early-payment'>; path: string; body: string; role: 'branch-operator' | 'approver'; summary: string }[] = [
  {
    action: 'approve-early-payment',
    path: 'early-payment/approve',
    body: 'claims/claim-step-request',
    role: 'approver',
    summary: 'Approve early payment (Art. 2(4)): an approver of head office, not the requester',
  },
  {
    action: 'report',
    path: 'report',
    body: 'claims/claim-report-request',
    role: 'branch-operator',
    summary: "Record the insured's report (paper or electronic) with its figures; lists every difference from the platform's figures",
  },
  {
    action: 'reconcile',
    path: 'reconcile',
    body: 'claims/claim-reconcile-request',
    role: 'branch-operator',
    summary: 'Reconcile one difference: the figure accepted and why',
  },
  {
    action: 'register',
    path: 'register',
    body: 'claims/claim-register-request',
    role: 'branch-operator',
    summary: 'Register the claim (立案) with its estimated loss (估损) and complexity',
  },
  { action: 'reject', path: 'reject', body: 'claims/claim-reject-request', role: 'branch-operator', summary: 'Reject a claim outside cover, with reasons' },
  {
    action: 'adjust',
    path: 'adjust',
    body: 'claims/claim-step-request',
    role: 'branch-operator',
    summary: "Compute the indemnity line by line under the policy's clause (Art. 16(3))",
  },
  {
    action: 'approve',
    path: 'approve',
    body: 'claims/claim-step-request',
    role: 'approver',
    summary: 'Approve the indemnity (核赔): never the adjuster; refused while a difference is unreconciled',
  },
  { action: 'pay', path: 'pay', body: 'claims/claim-pay-request', role: 'branch-operator', summary: 'Record the payment of the approved indemnity' },
  {
    action: 'subrogate',
    path: 'subrogate',
    body: 'claims/claim-subrogate-request',
    role: 'branch-operator',
    summary: 'Record subrogation (Art. 17) with its confirmation document',
  },
  {
    action: 'archive',
    path: 'archive',
    body: 'claims/claim-step-request',
    role: 'branch-operator',
    summary: 'Archive the case (Art. 18); refused with the missing documents listed',
  },
  {
    action: 'withdraw',
    path: 'withdraw',
    body: 'claims/claim-step-request',
    role: 'branch-operator',
    summary: 'Record the insured withdrawing its claim (before approval)',
  },
  {
    action: 'documents',
    path: 'documents',
    body: 'claims/claim-documents-request',
    role: 'branch-operator',
    summary: 'Record document references on the case (policy, loan contract, repayment records, assignment confirmation, other)',
  },
];

export function registerClaimWorkflowRoutes(routes: RouteRegistry, workflow: ClaimWorkflowService): void {
  routes.add<unknown, unknown, ClaimCaseActionParams>({
    method: 'get',
    path: '/claims/cases/:caseId',
    tag: 'claims',
    auth: READERS,
    params: 'claims/claim-case-action-params',
    summary: 'A claim case in the workflow: differences, estimated loss, adjustment lines, documents checklist, deadline dates and history',
    responses: { 200: ANSWERS[200], 404: ANSWERS[404] },
    handler: ({ principal, params }): Promise<ClaimWorkflowDetail> => workflow.detail(principal, params.caseId),
  });
  routes.add<ClaimEarlyPaymentRequest, unknown, ClaimCaseActionParams>({
    method: 'post',
    path: '/claims/cases/:caseId/early-payment',
    tag: 'claims',
    auth: { roles: ['branch-operator'] },
    params: 'claims/claim-case-action-params',
    body: 'claims/claim-early-payment-request',
    summary: 'Request early payment before the claim point (Art. 2(4)) on a loan without a claim case (caseId claim:<loanId>)',
    responses: ANSWERS,
    handler: ({ principal, params, body }): Promise<ClaimWorkflowDetail> => workflow.requestEarlyPayment(principal, params.caseId, body),
  });
  for (const step of STEPS)
    routes.add<StepBody, unknown, ClaimCaseActionParams>({
      method: 'post',
      path: `/claims/cases/:caseId/${step.path}`,
      tag: 'claims',
      auth: { roles: [step.role] },
      params: 'claims/claim-case-action-params',
      body: step.body,
      summary: step.summary,
      responses: { ...ANSWERS, 403: { description: step.role === 'approver' ? 'Not an approver, or the maker-checker refuses' : 'Not a branch operator' } },
      handler: ({ principal, params, body }): Promise<ClaimWorkflowDetail> => workflow.act(principal, params.caseId, step.action, body),
    });
}
