import type { Collection } from 'mongodb';
import type { Connection } from '../store/connection';
import type { PartnerLoan } from '../generated/schema-types';
import { maskPersonalFields } from '../privacy/masking';
import { collectionReader, readKeysetPage, type KeysetPage } from '../store/keyset-page';

interface LoanRow {
  _id: string;
  loanId: string;
  obligorId: string;
  orgUnit: string;
  channel: string;
  product: string;
  principalCents: number;
  disbursedAt: string;
}

/** The imported loans' collection (server/portfolio/portfolio.model.ts); its `{ channel, _id }` index is declared there. */
const LOANS = 'portfolio_loans';
const BY_LOAN_ID = { key: '_id' } as const;

/**
 * The loans a partner brought: those whose channel is one of its codes, read from the imported book
 * by the declared `{ channel: 1, _id: -1 }` index, newest loan id first (keyset paged), personal data
 * masked (server/privacy). Rows of an import still being applied show once it is applied.
 */
export class PartnerLoans {
  private readonly loans: Collection<LoanRow>;

  constructor(connection: Connection) {
    this.loans = connection.db!.collection<LoanRow>(LOANS);
  }

  async page(
    channelCodes: readonly string[],
    units: readonly string[] | undefined,
    before: string | undefined,
    limit: number,
  ): Promise<KeysetPage<PartnerLoan>> {
    const filter: Record<string, unknown> = { channel: channelCodes.length === 1 ? channelCodes[0] : { $in: [...channelCodes] } };
    if (units) filter.orgUnit = { $in: [...units] };
    const page = await readKeysetPage(collectionReader(this.loans), filter, BY_LOAN_ID, { before, limit });
    return { ...page, items: page.items.map((row) => maskPersonalFields(loanView(row)) as PartnerLoan) };
  }

  /** These loans as they stand (principal and channel), by `_id`. */
  async byIds(loanIds: readonly string[]): Promise<LoanRow[]> {
    return this.loans.find({ _id: { $in: [...loanIds] } }, { projection: { loanId: 1, channel: 1, principalCents: 1, orgUnit: 1, obligorId: 1 } }).toArray();
  }
}

function loanView(row: LoanRow): PartnerLoan {
  return {
    loanId: row.loanId,
    obligorId: row.obligorId,
    orgUnit: row.orgUnit,
    channel: row.channel,
    product: row.product,
    principalCents: row.principalCents,
    disbursedAt: row.disbursedAt,
  };
}
