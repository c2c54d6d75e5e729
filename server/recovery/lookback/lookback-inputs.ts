import type { Connection } from '../../store/connection';
import { FINDINGS, type FindingRecord } from '../../collections/findings/finding.model';
import type { PortfolioStore } from '../../portfolio/portfolio.store';
import type { LedgerEntry, RecoveryCaseRecord } from '../recovery-case.model';
import type { LookbackCase, LookbackEntry, LookbackFinding } from './lookback-figures';

const LOAN_CHUNK = 500;

/**
 * What the look-back of a quarter reads: every recovery case paid by its end with its loan's
 * channel, their ledger movements, and the compliance findings raised in the quarter on the loans
 * of those cases after their payment (recovery work, by the insurer or its agencies). A quarterly
 * read of the whole book: it streams and keeps only the fields the arithmetic needs.
 */
export async function lookbackInputs(
  connection: Connection,
  portfolio: PortfolioStore,
  bounds: { from: string; to: string },
): Promise<{ cases: LookbackCase[]; entries: LookbackEntry[]; findings: LookbackFinding[] }> {
  const db = connection.db!;
  const records = await db
    .collection<RecoveryCaseRecord>('recovery_cases')
    .find({}, { projection: { loanId: 1, orgUnit: 1, paidOn: 1, due: 1, placedWith: 1, handler: 1 } })
    .toArray();
  const paid = records.filter((record) => record.paidOn <= bounds.to);
  const channels = new Map<string, string>();
  const loanIds = [...new Set(paid.map((record) => record.loanId))];
  for (let start = 0; start < loanIds.length; start += LOAN_CHUNK)
    for (const owner of await portfolio.loanOwners(loanIds.slice(start, start + LOAN_CHUNK))) channels.set(owner.loanId, owner.channel);
  const cases: LookbackCase[] = paid.map((record) => ({
    caseId: record._id,
    orgUnit: record.orgUnit,
    channel: channels.get(record.loanId) ?? 'unknown',
    agency: record.placedWith ?? record.handler,
    paidOn: record.paidOn,
    paidCents: record.due.indemnityCents,
  }));
  const caseIds = new Set(cases.map((record) => record.caseId));
  const entries: LookbackEntry[] = [];
  for await (const entry of db
    .collection<LedgerEntry>('recovery_ledger')
    .find({}, { projection: { caseId: 1, kind: 1, on: 1, components: 1, unallocatedCents: 1, impairment: 1 } }))
    if (caseIds.has(entry.caseId) && entry.on <= bounds.to) entries.push(entry);
  const paidOnOfLoan = new Map<string, string>();
  for (const record of paid) if ((paidOnOfLoan.get(record.loanId) ?? '9999') > record.paidOn) paidOnOfLoan.set(record.loanId, record.paidOn);
  const findings: LookbackFinding[] = [];
  for await (const finding of db.collection<FindingRecord>(FINDINGS).find({ foundOn: { $gte: bounds.from, $lte: bounds.to } })) {
    const paidOn = finding.loanId ? paidOnOfLoan.get(finding.loanId) : undefined;
    if (paidOn !== undefined && finding.foundOn >= paidOn)
      findings.push({ agencyId: finding.actor?.agencyId ?? null, severity: finding.severity, tags: finding.tags, status: finding.status });
  }
  return { cases, entries, findings };
}
