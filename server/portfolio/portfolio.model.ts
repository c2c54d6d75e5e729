import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Stored forms of the imported records: amounts as integer cents (`…Cents`), dates as
 * YYYY-MM-DD strings (they sort and compare correctly as text). The business id is also the
 * document's _id (ratings: obligorId@ratedAt, financials: month@orgUnit), so a re-import
 * upserts instead of duplicating, and finds its document by primary key on every engine.
 */
export interface InstallmentDocument {
  seq: number;
  dueDate: string;
  principalCents: number;
  interestCents: number;
}
export interface LoanDocument {
  loanId: string;
  obligorId: string;
  policyId: string;
  orgUnit: string;
  product: string;
  channel: string;
  customerTier: string;
  principalCents: number;
  disbursedAt: string;
  retentionShare: number;
  claimPointDays?: number;
  /** From this day another claim condition of the contract holds (Art. 15), as the funder reports it. */
  claimConditionMetAt?: string;
  /** The funder (合作资金方), when the import names one; the collection cases' funder line, else the policy is. */
  funderId?: string;
  installments: InstallmentDocument[];
}
/** The part of a repayment booked against one installment (by its seq). */
export interface AllocationDocument {
  seq: number;
  principalCents: number;
  interestCents: number;
}
export type AllocationOrder = 'interest-first' | 'principal-first';
export interface RepaymentDocument {
  /** The loan's org unit, copied at import for branch scoping. */
  orgUnit?: string;
  repaymentId: string;
  loanId: string;
  paidAt: string;
  amountCents: number;
  payeeAccountType?: string;
  /** transfer, cash, card or other; absent when the source did not say. */
  paymentMethod?: string;
  /** Overrides of the default allocation (oldest installment first, interest before principal); at most one of the two. */
  allocation?: AllocationDocument[];
  allocationOrder?: AllocationOrder;
}
export interface ClaimDocument {
  /** The loan's org unit, copied at import for branch scoping. */
  orgUnit?: string;
  claimId: string;
  loanId: string;
  /** Absent on claims imported before claims had a status: those were paid. */
  status?: ClaimRecordStatus;
  approvedAt?: string;
  /** Only a paid claim has one. */
  paidAt?: string;
  amountCents: number;
}
export type ClaimRecordStatus = 'requested' | 'approved' | 'paid' | 'rejected';
export interface RecoveryDocument {
  /** The loan's org unit, copied at import for branch scoping. */
  orgUnit?: string;
  recoveryId: string;
  loanId: string;
  receivedAt: string;
  amountCents: number;
}
/** Credit insurance (信用保险) or financing guarantee insurance (融资性保证保险); only the latter reaches the credit bureau (Art. 32). */
export type InsuranceType = 'credit' | 'guarantee';
/**
 * A policy and its claim clause (Arts 14-16): what the claim workflow adjusts against and the
 * credit-bureau reporting checks. Imported like the rest of the book (`_id` = policyId).
 */
export interface PolicyDocument {
  policyId: string;
  orgUnit: string;
  insuranceType: InsuranceType;
  /** The insured (被保险人), the funder that receives claim payments. */
  insuredId: string;
  /** Days past due at which a claim may be made; absent when the policy uses a waiting period instead. */
  claimPointDays?: number;
  /** Days after the claim point before a claim is payable (等待期), when the clause sets one. */
  waitingPeriodDays?: number;
  /** Indemnity items the clause covers: unpaid principal always; interest and penalty interest where it says so. */
  coversInterest: boolean;
  coversPenaltyInterest: boolean;
  deductibleCents: number;
  /** The hotlines the policy must carry (Art. 14). */
  complaintHotline: string;
  claimReportHotline: string;
  /** Whether the obligor authorised credit reporting (Art. 32): no bureau event without it. */
  creditReportingAuthorised: boolean;
  /** The contract's own time limits, when it sets them (else the claim.handling rules' defaults). */
  decisionLimitDays?: number;
  paymentLimitDays?: number;
}
export interface PremiumDocument {
  premiumId: string;
  policyId: string;
  loanId?: string;
  orgUnit: string;
  dueDate: string;
  amountCents: number;
  receivedAmountCents: number;
  receivedAt?: string;
}
export interface RatingDocument {
  obligorId: string;
  ratedAt: string;
  score: number;
  grade: string;
  baseline: boolean;
}
export const FINANCIAL_FIELDS = [
  'earnedPremium',
  'claimsPaid',
  'recoveries',
  'cededClaimsRecovered',
  'assumedClaimsPaid',
  'outstandingClaimReserveProvision',
  'cededReserveRecovered',
  'operatingExpenses',
  'cededExpensesRecovered',
  'commissions',
  'reinsuranceExpenses',
  'taxesAndSurcharges',
] as const;
export type FinancialField = (typeof FINANCIAL_FIELDS)[number];
/** orgUnit '' is the company as a whole (a unique index cannot rely on a missing field portably). */
export type FinancialsDocument = { month: string; orgUnit: string } & Record<`${FinancialField}Cents`, number>;

const string = { type: String, required: true };
const optionalString = { type: String };
const integer = { type: Number, required: true };
const businessId = { _id: { type: String, required: true } };

const schemas = {
  Loan: new Schema<LoanDocument>(
    {
      ...businessId,
      loanId: string,
      obligorId: string,
      policyId: string,
      orgUnit: string,
      product: string,
      channel: string,
      customerTier: string,
      principalCents: integer,
      disbursedAt: string,
      retentionShare: { type: Number, required: true },
      claimPointDays: { type: Number },
      claimConditionMetAt: optionalString,
      funderId: optionalString,
      installments: [new Schema<InstallmentDocument>({ seq: integer, dueDate: string, principalCents: integer, interestCents: integer }, { _id: false })],
    },
    { versionKey: false },
  )
    .index({ obligorId: 1 })
    // The funders of the overdue obligors' policies (the collection cases' funder lines), read by policy rather than by a scan.
    .index({ policyId: 1 })
    // The loans a channel partner brought (server/partners/partner-loans.ts), newest loan id first.
    .index({ channel: 1, _id: -1 }),
  Repayment: new Schema<RepaymentDocument>(
    {
      ...businessId,
      repaymentId: string,
      orgUnit: optionalString,
      loanId: string,
      paidAt: string,
      amountCents: integer,
      payeeAccountType: optionalString,
      paymentMethod: optionalString,
      allocation: {
        type: [new Schema<AllocationDocument>({ seq: integer, principalCents: integer, interestCents: integer }, { _id: false })],
        default: undefined,
      },
      allocationOrder: optionalString,
    },
    { versionKey: false },
  )
    .index({ loanId: 1 })
    // The collection-conduct check reads repayments into a personal account or in cash by these (server/collections/findings).
    .index({ payeeAccountType: 1 })
    .index({ paymentMethod: 1 }),
  Claim: new Schema<ClaimDocument>(
    {
      ...businessId,
      claimId: string,
      orgUnit: optionalString,
      loanId: string,
      status: optionalString,
      approvedAt: optionalString,
      paidAt: optionalString,
      amountCents: integer,
    },
    { versionKey: false },
  ).index({ loanId: 1 }),
  Recovery: new Schema<RecoveryDocument>(
    { ...businessId, recoveryId: string, orgUnit: optionalString, loanId: string, receivedAt: string, amountCents: integer },
    { versionKey: false },
  ).index({ loanId: 1 }),
  Policy: new Schema<PolicyDocument>(
    {
      ...businessId,
      policyId: string,
      orgUnit: string,
      insuranceType: string,
      insuredId: string,
      claimPointDays: { type: Number },
      waitingPeriodDays: { type: Number },
      coversInterest: { type: Boolean, required: true },
      coversPenaltyInterest: { type: Boolean, required: true },
      deductibleCents: integer,
      complaintHotline: string,
      claimReportHotline: string,
      creditReportingAuthorised: { type: Boolean, required: true },
      decisionLimitDays: { type: Number },
      paymentLimitDays: { type: Number },
    },
    { versionKey: false },
  )
    // The policy list (server/claims/policies) pages by _id within a unit, an insurance type, or both.
    .index({ orgUnit: 1, _id: 1 })
    .index({ insuranceType: 1, _id: 1 })
    .index({ orgUnit: 1, insuranceType: 1, _id: 1 }),
  Premium: new Schema<PremiumDocument>(
    {
      ...businessId,
      premiumId: string,
      policyId: string,
      loanId: optionalString,
      orgUnit: string,
      dueDate: string,
      amountCents: integer,
      receivedAmountCents: integer,
      receivedAt: optionalString,
    },
    { versionKey: false },
  ),
  Rating: new Schema<RatingDocument>(
    { ...businessId, obligorId: string, ratedAt: string, score: { type: Number, required: true }, grade: string, baseline: { type: Boolean, default: false } },
    { versionKey: false },
  ).index({ obligorId: 1 }),
  Financials: new Schema<FinancialsDocument>(
    {
      ...businessId,
      month: string,
      orgUnit: { type: String, default: '' },
      ...Object.fromEntries(FINANCIAL_FIELDS.map((field) => [`${field}Cents`, integer])),
    },
    { versionKey: false },
  ),
};

const COLLECTIONS = {
  Loan: 'portfolio_loans',
  Repayment: 'portfolio_repayments',
  Claim: 'portfolio_claims',
  Recovery: 'portfolio_recoveries',
  Policy: 'portfolio_policies',
  Premium: 'portfolio_premiums',
  Rating: 'portfolio_ratings',
  Financials: 'portfolio_financials',
} as const;

export type PortfolioModels = {
  Loan: Model<LoanDocument>;
  Repayment: Model<RepaymentDocument>;
  Claim: Model<ClaimDocument>;
  Recovery: Model<RecoveryDocument>;
  Policy: Model<PolicyDocument>;
  Premium: Model<PremiumDocument>;
  Rating: Model<RatingDocument>;
  Financials: Model<FinancialsDocument>;
};

export function portfolioModels(connection: Connection): PortfolioModels {
  const model = <T>(name: keyof typeof schemas): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schemas[name] as unknown as Schema<T>, COLLECTIONS[name]);
  return {
    Loan: model('Loan'),
    Repayment: model('Repayment'),
    Claim: model('Claim'),
    Recovery: model('Recovery'),
    Policy: model('Policy'),
    Premium: model('Premium'),
    Rating: model('Rating'),
    Financials: model('Financials'),
  };
}
