import { visibleUnits, type OrgScope } from '../authority/org-scope';
import type { Principal } from '../identity/principal';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import { sum } from './ledger-arithmetic';
import type { RecoveryCaseStore } from './recovery-case.store';

export interface ReconciliationLine {
  recoveryId: string;
  loanId: string;
  caseId: string | null;
  ledger: number;
  book: number;
  difference: number;
  reason: string;
}

/**
 * A month's recoveries in the ledgers against the book's recovery records (portfolio_recoveries,
 * what the metric module's loss rate counts), by recovery id, in yuan. A line is listed wherever
 * the two differ: a book record no case ledger holds (no recovery case for its loan, or not yet
 * synced by the recovery-cases job), a ledger booking the book lacks (an API booking whose book
 * record failed), or an amount that differs. A booking's amount is its components plus what an
 * import brought beyond the outstanding (kept unallocated), so a synced import always matches.
 */
export async function reconcileMonth(
  dependencies: { cases: RecoveryCaseStore; portfolio: PortfolioStore; scope: OrgScope },
  principal: Principal,
  month: string,
) {
  const units = await visibleUnits(dependencies.scope, principal);
  const inScope = (orgUnit: string | undefined) => !units || (orgUnit !== undefined && units.includes(orgUnit));
  const ledger = new Map<string, { cents: number; loanId: string; caseId: string }>();
  for (const entry of await dependencies.cases.ledgerOfMonth(month)) {
    if (entry.kind !== 'recovery' || !inScope(entry.orgUnit)) continue;
    const id = entry.recoveryId ?? entry._id;
    const cents = sum(entry.components) + entry.unallocatedCents + (ledger.get(id)?.cents ?? 0);
    ledger.set(id, { cents, loanId: entry.loanId, caseId: entry.caseId });
  }
  const book = new Map<string, { cents: number; loanId: string }>();
  // Receipt days are strings: the month's range (scanned; a monthly report, not a hot path).
  for await (const recovery of dependencies.portfolio.recoveries({ receivedAt: { $gte: `${month}-01`, $lte: `${month}-31\uffff` } })) {
    if (!inScope(recovery.orgUnit)) continue;
    book.set(recovery.recoveryId, { cents: recovery.amountCents + (book.get(recovery.recoveryId)?.cents ?? 0), loanId: recovery.loanId });
  }
  const differences: ReconciliationLine[] = [];
  for (const id of new Set([...ledger.keys(), ...book.keys()])) {
    const inLedger = ledger.get(id);
    const inBook = book.get(id);
    const difference = (inLedger?.cents ?? 0) - (inBook?.cents ?? 0);
    if (inLedger && inBook && difference === 0) continue;
    differences.push({
      recoveryId: id,
      loanId: inLedger?.loanId ?? inBook!.loanId,
      caseId: inLedger?.caseId ?? null,
      ledger: (inLedger?.cents ?? 0) / 100,
      book: (inBook?.cents ?? 0) / 100,
      difference: difference / 100,
      reason: !inLedger ? 'in the book, not in a ledger' : !inBook ? 'in a ledger, not in the book' : 'amounts differ',
    });
  }
  differences.sort((first, second) => first.recoveryId.localeCompare(second.recoveryId));
  const total = (values: Iterable<{ cents: number }>) => [...values].reduce((cents, value) => cents + value.cents, 0) / 100;
  return { month, ledgerRecoveries: total(ledger.values()), bookRecoveries: total(book.values()), reconciled: differences.length === 0, differences };
}
