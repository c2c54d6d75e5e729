import { responsibleOrgUnit } from '../../authority/responsibility';
import type { ConductTag, FindingSeverity } from '../../generated/schema-types';
import { dateFromDay, dayFromDate } from '../../ground/calendar';
import { newTaskState, type TaskRecord } from '../../monitoring/task.model';
import type { FindingRecord } from './finding.model';

/** What the check reads of an imported repayment. */
export interface CheckedRepayment {
  repaymentId: string;
  loanId: string;
  paidAt: string;
  amountCents: number;
  payeeAccountType?: string;
  paymentMethod?: string;
}

/** Whose loan it is and where it was booked: the finding's obligor and responsible unit. */
export interface LoanOwner {
  loanId: string;
  obligorId: string;
  orgUnit: string;
  channel: string;
}

export interface CheckContext {
  /** The day the check ran: the findings' foundOn and the tasks' createdOn. */
  foundOn: string;
  now: Date;
  internetChannels: readonly string[];
}

/**
 * Days the responsible unit has to look into a repayment finding and report: long enough to reach
 * the collector and the obligor, short enough that money paid to a person is followed up while it can be traced.
 */
export const REPAYMENT_TASK_DAYS = 10;

/**
 * Severity by default until a rule family decides it (docs/collection-conduct.md): either breach
 * alone is high (money outside the company's and the funder's accounts is the conduct Art. 13
 * names, and what it most often hides is a collector keeping it); both at once are critical.
 */
export function severityOf(tags: readonly ConductTag[]): FindingSeverity {
  return tags.length > 1 ? 'critical' : 'high';
}

/** The Art. 13 conduct a repayment shows: paid into a personal account (13(6)), paid in cash (13(5)). Empty when neither. */
export function conductTagsOf(repayment: Pick<CheckedRepayment, 'payeeAccountType' | 'paymentMethod'>): ConductTag[] {
  const tags: ConductTag[] = [];
  if (repayment.payeeAccountType === 'personal') tags.push('personal-account');
  if (repayment.paymentMethod === 'cash') tags.push('collecting-cash-or-goods');
  return tags;
}

const BASIS: Record<'personal-account' | 'collecting-cash-or-goods', string> = {
  'personal-account':
    "第十三条第(六)项:不得要求债务人将款项转入公司或资金方以外的账户(含个人账户)。Art. 13(6): no payment into an account other than the company's or the funder's",
  'collecting-cash-or-goods': '第十三条第(五)项:不得收取现金或财物。Art. 13(5): no collecting of cash or goods',
};

/**
 * The findings and tasks for repayments into a personal account or in cash: one of each per such
 * repayment, under ids derived from the repayment, so checking the same repayments again yields
 * the same records (the store keeps the first). Pure: plain data in, records out.
 */
export function repaymentFindings(
  repayments: readonly CheckedRepayment[],
  owners: ReadonlyMap<string, LoanOwner>,
  context: CheckContext,
): { findings: FindingRecord[]; tasks: TaskRecord[]; withoutLoan: string[] } {
  const findings: FindingRecord[] = [];
  const tasks: TaskRecord[] = [];
  const withoutLoan: string[] = [];
  for (const repayment of repayments) {
    const tags = conductTagsOf(repayment);
    if (tags.length === 0) continue;
    const owner = owners.get(repayment.loanId);
    // A repayment whose loan cannot be read now (not yet applied after its import committed) is checked by the next run.
    if (!owner) {
      withoutLoan.push(repayment.repaymentId);
      continue;
    }
    const orgUnit = responsibleOrgUnit(owner, context.internetChannels);
    const findingId = `repayment:${repayment.repaymentId}`;
    const taskId = `compliance:${findingId}`;
    const basis = tags.map((tag) => BASIS[tag as keyof typeof BASIS]).join('; ');
    const severity = severityOf(tags);
    const how = [repayment.payeeAccountType === 'personal' ? 'into a personal account' : null, repayment.paymentMethod === 'cash' ? 'in cash' : null].filter(
      Boolean,
    );
    findings.push({
      _id: findingId,
      obligorId: owner.obligorId,
      loanId: repayment.loanId,
      orgUnit,
      source: 'repayment',
      sourceRef: repayment.repaymentId,
      tags,
      severity,
      basis,
      evidence: {
        references: [`repayment:${repayment.repaymentId}`, `loan:${repayment.loanId}`],
        note: `Repayment ${repayment.repaymentId} of ${(repayment.amountCents / 100).toFixed(2)} yuan on ${repayment.paidAt} was paid ${how.join(' and ')}.`,
      },
      actor: null,
      foundOn: context.foundOn,
      status: 'open',
      dismissReason: null,
      remediation: null,
      taskId,
      revision: 1,
      createdAt: context.now,
      updatedAt: context.now,
    });
    tasks.push({
      _id: taskId,
      kind: 'compliance',
      alertId: null,
      target: 'obligor',
      obligorId: owner.obligorId,
      subjectKey: `repayment:${repayment.repaymentId}`,
      signal: tags.join('+'),
      alertLevel: null,
      orgUnit,
      ownerRole: 'branch-operator',
      assignee: null,
      action: 'investigate-repayment-conduct',
      amount: repayment.amountCents / 100,
      share: null,
      deadlineDays: REPAYMENT_TASK_DAYS,
      dueOn: dateFromDay(dayFromDate(context.foundOn) + REPAYMENT_TASK_DAYS),
      basis: `${basis}. Find who asked for the payment this way, recover it to the company's or the funder's account, and record the finding's outcome (GET /collection/findings/${findingId})`,
      escalationStep: 0,
      valueAtMeasure: null,
      ...newTaskState(context.foundOn, context.now),
      decisionId: null,
      ruleSet: null,
    });
  }
  return { findings, tasks, withoutLoan };
}
