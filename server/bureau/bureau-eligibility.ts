import type { PolicyDocument } from '../portfolio/portfolio.model';

/**
 * Art. 32: only financing guarantee insurance (融资性保证保险) reaches the credit bureau, and only
 * where the obligor authorised credit reporting. A loan whose policy is unknown is not reported:
 * nothing may reach the bureau without a recorded authorisation.
 */
export function bureauEligible(policy: Pick<PolicyDocument, 'insuranceType' | 'creditReportingAuthorised'> | undefined): boolean {
  return policy !== undefined && policy.insuranceType === 'guarantee' && policy.creditReportingAuthorised === true;
}
