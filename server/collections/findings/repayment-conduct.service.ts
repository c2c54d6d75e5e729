import type { EventOutbox } from '../../events/event-outbox';
import type { JobOutcome } from '../../jobs/job-definition';
import { taskCreatedEvent } from '../../monitoring/platform-event-data';
import type { TaskStore } from '../../monitoring/task.store';
import type { PortfolioStore } from '../../portfolio/portfolio.store';
import { findingRaisedEvent } from './finding-events';
import type { FindingStore } from './finding.store';
import { repaymentFindings, type CheckedRepayment, type LoanOwner } from './repayment-conduct';

export interface RepaymentConductDependencies {
  portfolio: Pick<PortfolioStore, 'repaymentRecords' | 'loanOwners'>;
  findings: FindingStore;
  tasks: TaskStore;
  outbox: EventOutbox;
  internetChannels: readonly string[];
}

/**
 * The repayment check (Art. 13(5),(6)) over the whole book: repayments paid into a personal
 * account or in cash, read by the indexed payeeAccountType and paymentMethod (two equality reads,
 * so the cost follows the flagged repayments, not the book), less those that already have their
 * finding (one _id lookup each); for the rest a finding and a compliance task for the responsible
 * unit, then collection.finding and task.created. The task goes in before the finding, and the
 * finding is what marks a repayment done: a run that died between the two is completed by the
 * next, which finds the task there already and inserts only the finding.
 */
export class RepaymentConductService {
  constructor(private readonly dependencies: RepaymentConductDependencies) {}

  async run(asOf: string, actor: string): Promise<JobOutcome> {
    const started = performance.now();
    const { portfolio, findings: store, tasks: taskStore, outbox } = this.dependencies;
    const flagged = new Map<string, CheckedRepayment>();
    for (const filter of [{ payeeAccountType: 'personal' }, { paymentMethod: 'cash' }])
      for await (const repayment of portfolio.repaymentRecords(filter)) flagged.set(repayment.repaymentId, repayment);
    const existing = await store.existing([...flagged.keys()].map((repaymentId) => `repayment:${repaymentId}`));
    const unchecked = [...flagged.values()].filter((repayment) => !existing.has(`repayment:${repayment.repaymentId}`));
    const read = performance.now();

    const owners = new Map<string, LoanOwner>(
      (await portfolio.loanOwners([...new Set(unchecked.map((repayment) => repayment.loanId))])).map((owner) => [owner.loanId, owner]),
    );
    const now = new Date();
    const { findings, tasks, withoutLoan } = repaymentFindings(unchecked, owners, { foundOn: asOf, now, internetChannels: this.dependencies.internetChannels });
    const entry = { action: 'created', actor: `job:${actor}`, at: now, asOf, note: null, decisionId: null, facts: null };
    const tasksRaised = await taskStore.insertNew(tasks, () => entry);
    const raised = await store.insertNew(findings, (finding) => ({ ...entry, action: 'raised', note: finding.basis }));
    const published = await outbox.publish([
      ...findings.filter((finding) => raised.has(finding._id)).map((finding) => findingRaisedEvent(finding, now)),
      ...tasks.filter((task) => tasksRaised.has(task._id)).map((task) => taskCreatedEvent(task, now)),
    ]);
    return {
      counts: {
        flaggedRepayments: flagged.size,
        alreadyFound: existing.size,
        findingsRaised: raised.size,
        tasksRaised: tasksRaised.size,
        withoutLoan: withoutLoan.length,
        eventsPublished: published,
      },
      phases: { read: Math.round(read - started), writes: Math.round(performance.now() - read) },
    };
  }
}
