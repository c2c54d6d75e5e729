import type { Policy } from '../generated/schema-types';
import type { ErrorDetail } from '../http/errors';
import type { PolicyDocument } from './portfolio.model';

/**
 * A schema-valid policy row in its stored form, with what the schema cannot say: the claim clause
 * names a claim point or a waiting period (else no claim could ever be made under it), and the
 * policy carries both hotlines (Art. 14: 保单中明确全国统一的投诉电话、理赔报案电话). `cents` turns
 * the deductible into integer cents, recording its own error.
 */
export function policyDocument(policy: Policy, cents: (yuan: number, path: string) => number, errors: ErrorDetail[]): PolicyDocument {
  if (policy.claimPointDays === undefined && policy.waitingPeriodDays === undefined)
    errors.push({ path: '/claimPointDays', message: 'the claim clause needs claimPointDays or waitingPeriodDays' });
  const hotline = (field: 'complaintHotline' | 'claimReportHotline', what: string): string => {
    const value = policy[field]?.trim() ?? '';
    if (value === '') errors.push({ path: `/${field}`, message: `the policy must carry the national ${what} hotline (Art. 14)` });
    return value;
  };
  const complaintHotline = hotline('complaintHotline', 'complaint');
  const claimReportHotline = hotline('claimReportHotline', 'claim-report');
  return {
    policyId: policy.policyId,
    orgUnit: policy.orgUnit,
    insuranceType: policy.insuranceType,
    insuredId: policy.insuredId,
    ...(policy.claimPointDays !== undefined ? { claimPointDays: policy.claimPointDays } : {}),
    ...(policy.waitingPeriodDays !== undefined ? { waitingPeriodDays: policy.waitingPeriodDays } : {}),
    coversInterest: policy.coversInterest,
    coversPenaltyInterest: policy.coversPenaltyInterest,
    deductibleCents: cents(policy.deductible ?? 0, '/deductible'),
    complaintHotline,
    claimReportHotline,
    creditReportingAuthorised: policy.creditReportingAuthorised,
    ...(policy.decisionLimitDays !== undefined ? { decisionLimitDays: policy.decisionLimitDays } : {}),
    ...(policy.paymentLimitDays !== undefined ? { paymentLimitDays: policy.paymentLimitDays } : {}),
  };
}
