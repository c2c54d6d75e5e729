import { isVisible, type OrgScope } from '../../authority/org-scope';
import { responsibleOrgUnit } from '../../authority/responsibility';
import type { Principal } from '../../identity/principal';
import type { PortfolioStore } from '../../portfolio/portfolio.store';

/** An obligor's loans as collection sees them: which unit answers for each (HQ for internet business, Art. 9). */
export interface ObligorLoans {
  obligorId: string;
  loans: { loanId: string; orgUnit: string }[];
}

const OBLIGOR_CACHE_MS = 30_000;
const MAX_CACHED = 200_000;

/**
 * Which org unit answers for an obligor's collection, within a caller's scope. The unit of the
 * named loan, else of the obligor's first loan (by id) the caller may see. Undefined: the obligor
 * is unknown, or none of its loans is the caller's (both answered alike, so scope is not revealed).
 */
export class ObligorUnits {
  /** Known obligors' loans, kept briefly for the gate's hot path (an unknown obligor is not kept: a new import shows at once). */
  private readonly cache = new Map<string, { entry: ObligorLoans; until: number }>();

  constructor(
    private readonly portfolio: PortfolioStore,
    private readonly orgScope: OrgScope,
    private readonly internetChannels: readonly string[],
    private readonly cacheMs = OBLIGOR_CACHE_MS,
  ) {}

  /**
   * One obligor's loans for the gate: from the cache when read within cacheMs. A loan moved to
   * another unit shows after at most that long (a loan's unit changes by re-import, rarely).
   */
  async loansOfOne(obligorId: string, now = Date.now()): Promise<ObligorLoans | undefined> {
    const cached = this.cache.get(obligorId);
    if (cached && cached.until > now) return cached.entry;
    const entry = (await this.loansOf([obligorId])).get(obligorId);
    if (entry) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(obligorId, { entry, until: now + this.cacheMs });
    }
    return entry;
  }

  async loansOf(obligorIds: readonly string[]): Promise<Map<string, ObligorLoans>> {
    const found = new Map<string, ObligorLoans>();
    if (obligorIds.length === 0) return found;
    const filter = obligorIds.length === 1 ? { obligorId: obligorIds[0] } : { obligorId: { $in: [...new Set(obligorIds)] } };
    for await (const loan of this.portfolio.loans(filter)) {
      const entry = found.get(loan.obligorId) ?? { obligorId: loan.obligorId, loans: [] };
      entry.loans.push({ loanId: loan.loanId, orgUnit: responsibleOrgUnit(loan, this.internetChannels) });
      found.set(loan.obligorId, entry);
    }
    for (const entry of found.values()) entry.loans.sort((a, b) => (a.loanId < b.loanId ? -1 : a.loanId > b.loanId ? 1 : 0));
    return found;
  }

  /** The responsible unit for the caller, or undefined (unknown obligor, unknown loan of it, or out of scope). */
  async unitFor(obligor: ObligorLoans | undefined, loanId: string | undefined, principal: Principal): Promise<string | undefined> {
    if (!obligor) return undefined;
    for (const loan of obligor.loans) {
      if (loanId !== undefined && loan.loanId !== loanId) continue;
      if (await isVisible(this.orgScope, principal, loan.orgUnit)) return loan.orgUnit;
    }
    return undefined;
  }
}
