import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { HistoryEntry } from '../store/revisioned-records';

/** What the obligor owes the insurer after a claim is paid (Art. 2(5)): the indemnity, the penalty (违约金) and the costs, in cents. */
export interface Components {
  indemnityCents: number;
  penaltyCents: number;
  costsCents: number;
}
export const COMPONENTS = ['indemnity', 'penalty', 'costs'] as const;
export type Component = (typeof COMPONENTS)[number];

/** Statutory subrogation (法定代位求偿) or an assignment of the claim by the insured (债权转让). */
export type RecoveryBasis = 'statutory' | 'assignment';
/** Who works the recovery (Arts 19-21): the insurer's own team, an agency (placed through the vendors capability), or litigation. */
export type RecoveryHandler = 'own' | 'agency' | 'litigation';
/** How far the legal action has gone; the recovery.impairment family reads it as litigationStatus. */
export type LitigationStatus = 'none' | 'preservation' | 'filed' | 'judgment' | 'enforcement';
export type LegalActionType = 'none' | 'demand-letter' | 'mediation' | 'arbitration' | 'lawsuit' | 'payment-order';

/** Pre-litigation preservation (诉前保全) of the obligor's assets. */
export interface Preservation {
  appliedOn: string;
  court: string;
  amountCents: number;
  note: string | null;
}

export interface RecoveryImpairment {
  stage: 'stage-1' | 'stage-2' | 'stage-3';
  expectedRecoveryShare: number;
  /** The allowance: the receivable not expected back, cents. */
  allowanceCents: number;
  month: string;
  decisionId: string | null;
}

/** One paid claim's recovery: opened at payment, one per claim however many workers open it. */
export interface RecoveryCaseRecord {
  /** `rec:<claimId>`. */
  _id: string;
  claimId: string;
  loanId: string;
  policyId: string | null;
  obligorId: string | null;
  /** The claim's (the loan's) org unit: a branch sees its cases only. */
  orgUnit: string;
  paidOn: string;
  openedOn: string;
  basis: RecoveryBasis;
  /** What is legally due; the indemnity is the claim amount. */
  due: Components;
  recovered: Components;
  writtenOff: Components;
  /** Recoveries an import brought that exceeded what was due (kept in the ledger, not in the receivable). */
  unallocatedCents: number;
  handler: RecoveryHandler;
  legalAction: LegalActionType;
  litigationStatus: LitigationStatus;
  preservation: Preservation | null;
  hasCollateral: boolean;
  impairment: RecoveryImpairment | null;
  /** Write-offs proposed and not yet decided (maker-checker). */
  pendingWriteOffs: PendingWriteOff[];
  status: 'open' | 'closed';
  closedReason: 'recovered' | 'written-off' | null;
  closedOn: string | null;
  /** The agency the case is placed with now (server/vendors/placements). */
  placedWith: string | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PendingWriteOff {
  writeOffId: string;
  components: Components;
  reason: string;
  proposedBy: string;
  proposedAt: Date;
}

export type LedgerKind = 'receivable' | 'due-change' | 'recovery' | 'write-off' | 'impairment';

/** One movement of a case's ledger; the receivable is what the movements leave (ledger-arithmetic.ts). */
export interface LedgerEntry {
  /** `<caseId>:<case revision>` for a change of the case, `<caseId>:impairment:<month>` for a month's impairment. */
  _id: string;
  caseId: string;
  loanId: string;
  orgUnit: string;
  kind: LedgerKind;
  /** The business day (a recovery's day received). */
  on: string;
  /** YYYY-MM of `on`: the reconciliation reads a month by this equality field. */
  month: string;
  /** Signed by kind: a recovery or write-off reduces the receivable by these amounts; a due change sets the difference. */
  components: Components;
  /** The book's recovery record (portfolio_recoveries) this booking is, or came from. */
  recoveryId: string | null;
  source: 'payment' | 'api' | 'import' | 'job';
  /** An imported recovery's amount beyond what was outstanding. */
  unallocatedCents: number;
  impairment: RecoveryImpairment | null;
  actor: string;
  at: Date;
  note: string | null;
}

export const ZERO: Components = { indemnityCents: 0, penaltyCents: 0, costsCents: 0 };

export async function recoveryCollections(connection: Connection): Promise<{
  cases: Collection<RecoveryCaseRecord>;
  history: Collection<HistoryEntry>;
  ledger: Collection<LedgerEntry>;
}> {
  const cases = connection.db!.collection<RecoveryCaseRecord>('recovery_cases');
  const history = connection.db!.collection<HistoryEntry>('recovery_case_history');
  const ledger = connection.db!.collection<LedgerEntry>('recovery_ledger');
  // The list's pages, newest change first, by status and unit; the imported recoveries find their case by loan.
  await cases.createIndex({ status: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ status: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ orgUnit: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ updatedAt: -1, _id: -1 });
  await cases.createIndex({ loanId: 1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  await ledger.createIndex({ caseId: 1 });
  await ledger.createIndex({ month: 1 });
  await ledger.createIndex({ recoveryId: 1 });
  return { cases, history, ledger };
}
