import zlib from 'node:zlib';
import { dateFromDay, dayFromDate } from '../ground/calendar';
import { EXPLICIT, INTEREST_FIRST, NEVER, PRINCIPAL_FIRST, type InstallmentInput, type LoanInput } from '../metrics/loan-book';
import { claimDays } from './claim-days';
import type { ImportKind } from './import-rows';
import type { ClaimDocument, LoanDocument, PremiumDocument, RatingDocument, RecoveryDocument, RepaymentDocument } from './portfolio.model';

/**
 * A book page: everything the metrics read about the loans whose id hashes to one page (the
 * loans, their repayments, claims, recoveries and premiums), and the ratings of the obligors whose
 * id hashes to it (the warning facts' score and grade), packed column by column into one
 * compressed binary value. The database serves a page as one value, so reading a million loans
 * is reading about a thousand documents, and the cost per stored value that dominates FerretDB
 * (docs/metrics.md, "Reading the book") is paid a thousand times instead of tens of millions.
 */
export const PAGE_COUNT = 1024;
/** Bumped when the layout changes: pages of another format are rebuilt from the records. Format 2 added the ratings. */
export const PAGE_FORMAT = 2;

/** FNV-1a over the id's UTF-16 code units: stable across processes and engines. */
export function pageOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let position = 0; position < id.length; position++) {
    hash ^= id.charCodeAt(position);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % PAGE_COUNT;
}

/** A loan as a page holds it: the metric module's loan, with each installment's number always set. */
export interface PageLoan extends Omit<LoanInput, 'installments'> {
  /** Sorted by seq (as stored). */
  installments: (InstallmentInput & { seq: number })[];
}
export interface PageRepayment {
  repaymentId: string;
  loanId: string;
  day: number;
  amountCents: number;
  order: number;
  allocation?: { seq: number; principalCents: number; interestCents: number }[];
}
export interface PageClaim {
  claimId: string;
  loanId: string;
  paidDay: number;
  approvedDay: number;
  amountCents: number;
}
export interface PageRecovery {
  recoveryId: string;
  loanId: string;
  day: number;
  amountCents: number;
}
export interface PagePremium {
  premiumId: string;
  loanId: string;
  orgUnit: string;
  dueDay: number;
  amountCents: number;
  receivedCents: number;
  receivedDay: number;
}

export interface PageRating {
  obligorId: string;
  ratedDay: number;
  score: number;
  grade: string;
  baseline: boolean;
}

/** A page's records by business id: merging an import's rows is setting them. */
export interface PageContent {
  loans: Map<string, PageLoan>;
  repayments: Map<string, PageRepayment>;
  claims: Map<string, PageClaim>;
  recoveries: Map<string, PageRecovery>;
  premiums: Map<string, PagePremium>;
  /** By the rating's id, `<obligorId>@<ratedAt>` (a rating replaces the obligor's rating of the same day). */
  ratings: Map<string, PageRating>;
}

export function emptyPage(): PageContent {
  return { loans: new Map(), repayments: new Map(), claims: new Map(), recoveries: new Map(), premiums: new Map(), ratings: new Map() };
}

export function mergePage(target: PageContent, rows: PageContent): PageContent {
  for (const [id, row] of rows.loans) target.loans.set(id, row);
  for (const [id, row] of rows.repayments) target.repayments.set(id, row);
  for (const [id, row] of rows.claims) target.claims.set(id, row);
  for (const [id, row] of rows.recoveries) target.recoveries.set(id, row);
  for (const [id, row] of rows.premiums) target.premiums.set(id, row);
  for (const [id, row] of rows.ratings) target.ratings.set(id, row);
  return target;
}

export const PAGED_KINDS: readonly ImportKind[] = ['loans', 'repayments', 'claims', 'recoveries', 'premiums', 'ratings'];

/** The page a stored record belongs to and its page form; financials and policies are not paged. */
export function pageRecord(kind: ImportKind, document: Record<string, unknown>): { page: number; add: (content: PageContent) => void } | undefined {
  switch (kind) {
    case 'loans': {
      const loan = document as unknown as LoanDocument;
      const row: PageLoan = {
        loanId: loan.loanId,
        obligorId: loan.obligorId,
        policyId: loan.policyId,
        orgUnit: loan.orgUnit,
        product: loan.product,
        channel: loan.channel,
        customerTier: loan.customerTier,
        principalCents: loan.principalCents,
        disbursedDay: dayFromDate(loan.disbursedAt),
        retentionShare: loan.retentionShare,
        installments: loan.installments.map((installment) => ({
          seq: installment.seq,
          dueDay: dayFromDate(installment.dueDate),
          principalCents: installment.principalCents,
          interestCents: installment.interestCents,
        })),
      };
      return { page: pageOf(loan.loanId), add: (content) => content.loans.set(row.loanId, row) };
    }
    case 'repayments': {
      const repayment = document as unknown as RepaymentDocument;
      const row: PageRepayment = {
        repaymentId: repayment.repaymentId,
        loanId: repayment.loanId,
        day: dayFromDate(repayment.paidAt),
        amountCents: repayment.amountCents,
        order: repayment.allocation ? EXPLICIT : repayment.allocationOrder === 'principal-first' ? PRINCIPAL_FIRST : INTEREST_FIRST,
        ...(repayment.allocation
          ? { allocation: repayment.allocation.map((part) => ({ seq: part.seq, principalCents: part.principalCents, interestCents: part.interestCents })) }
          : {}),
      };
      return { page: pageOf(repayment.loanId), add: (content) => content.repayments.set(row.repaymentId, row) };
    }
    case 'claims': {
      const claim = document as unknown as ClaimDocument;
      const { paidDay, approvedDay } = claimDays(claim);
      const row: PageClaim = { claimId: claim.claimId, loanId: claim.loanId, paidDay, approvedDay: approvedDay ?? -1, amountCents: claim.amountCents };
      return { page: pageOf(claim.loanId), add: (content) => content.claims.set(row.claimId, row) };
    }
    case 'recoveries': {
      const recovery = document as unknown as RecoveryDocument;
      const row: PageRecovery = {
        recoveryId: recovery.recoveryId,
        loanId: recovery.loanId,
        day: dayFromDate(recovery.receivedAt),
        amountCents: recovery.amountCents,
      };
      return { page: pageOf(recovery.loanId), add: (content) => content.recoveries.set(row.recoveryId, row) };
    }
    case 'premiums': {
      const premium = document as unknown as PremiumDocument;
      const row: PagePremium = {
        premiumId: premium.premiumId,
        loanId: premium.loanId ?? '',
        orgUnit: premium.orgUnit,
        dueDay: dayFromDate(premium.dueDate),
        amountCents: premium.amountCents,
        receivedCents: premium.receivedAmountCents,
        receivedDay: premium.receivedAt ? dayFromDate(premium.receivedAt) : NEVER,
      };
      // A premium naming a loan lives with it (it belongs to the loan's segment); one without lives by its own id.
      return { page: pageOf(premium.loanId ?? premium.premiumId), add: (content) => content.premiums.set(row.premiumId, row) };
    }
    case 'ratings': {
      // Ratings are the obligor's, not a loan's: they go by the obligor id (the facts builder reads every page anyway).
      const rating = document as unknown as RatingDocument;
      const row: PageRating = {
        obligorId: rating.obligorId,
        ratedDay: dayFromDate(rating.ratedAt),
        score: rating.score,
        grade: rating.grade,
        baseline: rating.baseline === true,
      };
      return { page: pageOf(rating.obligorId), add: (content) => content.ratings.set(ratingId(row), row) };
    }
    default:
      return undefined;
  }
}

/** The header the reader needs; ids only merging needs are kept apart so reading does not parse them. */
export interface PageHeader {
  format: number;
  counts: { loans: number; installments: number; repayments: number; parts: number; claims: number; recoveries: number; premiums: number; ratings: number };
  loanIds: string[];
  obligorIds: string[];
  policyIds: string[];
  /** Dimension values and premium org units, referred to by position. */
  strings: string[];
  /** The obligors of the page's ratings (each once) and their grades, referred to by position. */
  ratingObligorIds: string[];
  ratingGrades: string[];
}
interface PageIds {
  repaymentIds: string[];
  claimIds: string[];
  recoveryIds: string[];
  premiumIds: string[];
  /** Loanless premiums' position in the page's premium list: their loanId is ''. */
}

const SAME_DAY_RANK = [2, 1, 0];
const INT32_COLUMNS = [
  'loanDimensions',
  'loanDisbursedDay',
  'loanInstallments',
  'installmentSeq',
  'installmentDueDay',
  'repaymentLoan',
  'repaymentDay',
  'repaymentOrder',
  'repaymentParts',
  'partInstallment',
  'claimLoan',
  'claimPaidDay',
  'claimApprovedDay',
  'recoveryLoan',
  'recoveryDay',
  'premiumLoan',
  'premiumOrgUnit',
  'premiumDueDay',
  'premiumReceivedDay',
  'ratingObligor',
  'ratingDay',
  'ratingGrade',
  'ratingBaseline',
] as const;
const FLOAT64_COLUMNS = [
  'loanPrincipal',
  'loanRetention',
  'installmentPrincipal',
  'installmentInterest',
  'repaymentAmount',
  'partPrincipal',
  'partInterest',
  'claimAmount',
  'recoveryAmount',
  'premiumAmount',
  'premiumReceived',
  'ratingScore',
] as const;
export type PageColumns = Record<(typeof INT32_COLUMNS)[number], Int32Array> & Record<(typeof FLOAT64_COLUMNS)[number], Float64Array>;

/**
 * Layout (then deflated): u32 header length, header JSON, u32 ids length, ids JSON, padding to
 * 8 bytes, the Float64 columns, then the Int32 columns, each as long as the header's counts say.
 * Rows are sorted (loans by id; repayments by loan, day, allocation kind and id; ratings by obligor and day) so a page's
 * bytes depend only on its records, and the reader can lay repayments out without sorting.
 */
export function encodePage(content: PageContent): Buffer {
  const loans = [...content.loans.values()].sort((a, b) => compare(a.loanId, b.loanId));
  const loanIndex = new Map(loans.map((loan, position) => [loan.loanId, position]));
  const owned = <T extends { loanId: string }>(rows: Iterable<T>) => [...rows].filter((row) => loanIndex.has(row.loanId));
  const repayments = owned(content.repayments.values()).sort(
    (a, b) =>
      loanIndex.get(a.loanId)! - loanIndex.get(b.loanId)! ||
      a.day - b.day ||
      SAME_DAY_RANK[a.order]! - SAME_DAY_RANK[b.order]! ||
      compare(a.repaymentId, b.repaymentId),
  );
  const claims = owned(content.claims.values()).sort((a, b) => compare(a.claimId, b.claimId));
  const recoveries = owned(content.recoveries.values()).sort((a, b) => compare(a.recoveryId, b.recoveryId));
  // A premium naming a loan that is not (yet) here counts like one without a loan.
  const premiums = [...content.premiums.values()].sort((a, b) => compare(a.premiumId, b.premiumId));
  // Ratings by obligor, then day: one id per obligor and day, so the order is total.
  const ratings = [...content.ratings.values()].sort((a, b) => compare(a.obligorId, b.obligorId) || a.ratedDay - b.ratedDay);
  const dictionary = () => {
    const values: string[] = [];
    const index = new Map<string, number>();
    const code = (value: string) => {
      let position = index.get(value);
      if (position === undefined) {
        position = values.length;
        values.push(value);
        index.set(value, position);
      }
      return position;
    };
    return { values, code };
  };
  const { values: strings, code } = dictionary();
  const ratingObligors = dictionary();
  const ratingGrades = dictionary();

  const int32: Record<string, number[]> = Object.fromEntries(INT32_COLUMNS.map((name) => [name, []]));
  const float64: Record<string, number[]> = Object.fromEntries(FLOAT64_COLUMNS.map((name) => [name, []]));
  for (const loan of loans) {
    int32.loanDimensions!.push(code(loan.orgUnit), code(loan.product), code(loan.channel), code(loan.customerTier));
    int32.loanDisbursedDay!.push(loan.disbursedDay);
    int32.loanInstallments!.push(loan.installments.length);
    float64.loanPrincipal!.push(loan.principalCents);
    float64.loanRetention!.push(loan.retentionShare);
    for (const installment of loan.installments) {
      int32.installmentSeq!.push(installment.seq);
      int32.installmentDueDay!.push(installment.dueDay);
      float64.installmentPrincipal!.push(installment.principalCents);
      float64.installmentInterest!.push(installment.interestCents);
    }
  }
  let parts = 0;
  for (const repayment of repayments) {
    const loan = loanIndex.get(repayment.loanId)!;
    int32.repaymentLoan!.push(loan);
    int32.repaymentDay!.push(repayment.day);
    int32.repaymentOrder!.push(repayment.order);
    int32.repaymentParts!.push(repayment.allocation?.length ?? 0);
    float64.repaymentAmount!.push(repayment.amountCents);
    for (const part of repayment.allocation ?? []) {
      // The installment's position in its loan's schedule, or -1 when the schedule has no such seq.
      int32.partInstallment!.push(loans[loan]!.installments.findIndex((installment) => installment.seq === part.seq));
      float64.partPrincipal!.push(part.principalCents);
      float64.partInterest!.push(part.interestCents);
      parts++;
    }
  }
  for (const claim of claims) {
    int32.claimLoan!.push(loanIndex.get(claim.loanId)!);
    int32.claimPaidDay!.push(claim.paidDay);
    int32.claimApprovedDay!.push(claim.approvedDay);
    float64.claimAmount!.push(claim.amountCents);
  }
  for (const recovery of recoveries) {
    int32.recoveryLoan!.push(loanIndex.get(recovery.loanId)!);
    int32.recoveryDay!.push(recovery.day);
    float64.recoveryAmount!.push(recovery.amountCents);
  }
  for (const premium of premiums) {
    int32.premiumLoan!.push(premium.loanId ? (loanIndex.get(premium.loanId) ?? -1) : -1);
    int32.premiumOrgUnit!.push(code(premium.orgUnit));
    int32.premiumDueDay!.push(premium.dueDay);
    int32.premiumReceivedDay!.push(premium.receivedDay);
    float64.premiumAmount!.push(premium.amountCents);
    float64.premiumReceived!.push(premium.receivedCents);
  }
  for (const rating of ratings) {
    int32.ratingObligor!.push(ratingObligors.code(rating.obligorId));
    int32.ratingDay!.push(rating.ratedDay);
    int32.ratingGrade!.push(ratingGrades.code(rating.grade));
    int32.ratingBaseline!.push(rating.baseline ? 1 : 0);
    float64.ratingScore!.push(rating.score);
  }

  const header: PageHeader = {
    format: PAGE_FORMAT,
    counts: {
      loans: loans.length,
      installments: int32.installmentSeq!.length,
      repayments: repayments.length,
      parts,
      claims: claims.length,
      recoveries: recoveries.length,
      premiums: premiums.length,
      ratings: ratings.length,
    },
    loanIds: loans.map((loan) => loan.loanId),
    obligorIds: loans.map((loan) => loan.obligorId),
    policyIds: loans.map((loan) => loan.policyId),
    strings,
    ratingObligorIds: ratingObligors.values,
    ratingGrades: ratingGrades.values,
  };
  const ids: PageIds = {
    repaymentIds: repayments.map((row) => row.repaymentId),
    claimIds: claims.map((row) => row.claimId),
    recoveryIds: recoveries.map((row) => row.recoveryId),
    premiumIds: premiums.map((row) => row.premiumId),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const idBytes = Buffer.from(JSON.stringify(ids));
  const prefix = 8 + headerBytes.length + idBytes.length;
  const padding = (8 - (prefix % 8)) % 8;
  const floatBytes = FLOAT64_COLUMNS.reduce((sum, name) => sum + float64[name]!.length * 8, 0);
  const intBytes = INT32_COLUMNS.reduce((sum, name) => sum + int32[name]!.length * 4, 0);
  const buffer = Buffer.alloc(prefix + padding + floatBytes + intBytes);
  let offset = 0;
  buffer.writeUInt32LE(headerBytes.length, offset);
  headerBytes.copy(buffer, (offset += 4));
  buffer.writeUInt32LE(idBytes.length, (offset += headerBytes.length));
  idBytes.copy(buffer, (offset += 4));
  offset += idBytes.length + padding;
  for (const name of FLOAT64_COLUMNS) {
    const values = Float64Array.from(float64[name]!);
    Buffer.from(values.buffer).copy(buffer, offset);
    offset += values.byteLength;
  }
  for (const name of INT32_COLUMNS) {
    const values = Int32Array.from(int32[name]!);
    Buffer.from(values.buffer).copy(buffer, offset);
    offset += values.byteLength;
  }
  return zlib.deflateRawSync(buffer, { level: 1 });
}

/** A rating's business id (as the import's `_id`): ratedAt is a calendar date, so the day gives it back exactly. */
export function ratingId(rating: Pick<PageRating, 'obligorId' | 'ratedDay'>): string {
  return `${rating.obligorId}@${dateFromDay(rating.ratedDay)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The header and the columns of a page, without building any per-row object. */
export function readPageColumns(data: Buffer): { header: PageHeader; columns: PageColumns; ids: () => PageIds } {
  const buffer = zlib.inflateRawSync(data);
  const headerLength = buffer.readUInt32LE(0);
  const header = JSON.parse(buffer.toString('utf8', 4, 4 + headerLength)) as PageHeader;
  if (header.format !== PAGE_FORMAT) throw new Error(`book page format ${header.format} is not ${PAGE_FORMAT}`);
  const idStart = 8 + headerLength;
  const idLength = buffer.readUInt32LE(4 + headerLength);
  const prefix = idStart + idLength;
  let offset = prefix + ((8 - (prefix % 8)) % 8);
  const { counts } = header;
  const lengths: Record<string, number> = {
    loanDimensions: counts.loans * 4,
    loanDisbursedDay: counts.loans,
    loanInstallments: counts.loans,
    loanPrincipal: counts.loans,
    loanRetention: counts.loans,
    installmentSeq: counts.installments,
    installmentDueDay: counts.installments,
    installmentPrincipal: counts.installments,
    installmentInterest: counts.installments,
    repaymentLoan: counts.repayments,
    repaymentDay: counts.repayments,
    repaymentOrder: counts.repayments,
    repaymentParts: counts.repayments,
    repaymentAmount: counts.repayments,
    partInstallment: counts.parts,
    partPrincipal: counts.parts,
    partInterest: counts.parts,
    claimLoan: counts.claims,
    claimPaidDay: counts.claims,
    claimApprovedDay: counts.claims,
    claimAmount: counts.claims,
    recoveryLoan: counts.recoveries,
    recoveryDay: counts.recoveries,
    recoveryAmount: counts.recoveries,
    premiumLoan: counts.premiums,
    premiumOrgUnit: counts.premiums,
    premiumDueDay: counts.premiums,
    premiumReceivedDay: counts.premiums,
    premiumAmount: counts.premiums,
    premiumReceived: counts.premiums,
    ratingObligor: counts.ratings,
    ratingDay: counts.ratings,
    ratingGrade: counts.ratings,
    ratingBaseline: counts.ratings,
    ratingScore: counts.ratings,
  };
  const columns = {} as Record<string, Int32Array | Float64Array>;
  // inflateRawSync gives a buffer of its own; its byteOffset keeps 8-byte alignment only by luck, so copy when it does not.
  const aligned = buffer.byteOffset % 8 === 0 ? buffer : Buffer.from(buffer);
  for (const name of FLOAT64_COLUMNS) {
    columns[name] = new Float64Array(aligned.buffer, aligned.byteOffset + offset, lengths[name]!);
    offset += lengths[name]! * 8;
  }
  for (const name of INT32_COLUMNS) {
    columns[name] = new Int32Array(aligned.buffer, aligned.byteOffset + offset, lengths[name]!);
    offset += lengths[name]! * 4;
  }
  return { header, columns: columns as PageColumns, ids: () => JSON.parse(buffer.toString('utf8', idStart, idStart + idLength)) as PageIds };
}

/** A page back as records, to merge an import's rows into it. */
export function decodePage(data: Buffer): PageContent {
  const { header, columns: c, ids: readIds } = readPageColumns(data);
  const ids = readIds();
  const content = emptyPage();
  const loans: PageLoan[] = [];
  let installment = 0;
  for (let loan = 0; loan < header.counts.loans; loan++) {
    const installments: PageLoan['installments'] = [];
    for (let end = installment + c.loanInstallments[loan]!; installment < end; installment++) {
      installments.push({
        seq: c.installmentSeq[installment]!,
        dueDay: c.installmentDueDay[installment]!,
        principalCents: c.installmentPrincipal[installment]!,
        interestCents: c.installmentInterest[installment]!,
      });
    }
    const dimension = (position: number) => header.strings[c.loanDimensions[loan * 4 + position]!]!;
    const row: PageLoan = {
      loanId: header.loanIds[loan]!,
      obligorId: header.obligorIds[loan]!,
      policyId: header.policyIds[loan]!,
      orgUnit: dimension(0),
      product: dimension(1),
      channel: dimension(2),
      customerTier: dimension(3),
      principalCents: c.loanPrincipal[loan]!,
      disbursedDay: c.loanDisbursedDay[loan]!,
      retentionShare: c.loanRetention[loan]!,
      installments,
    };
    loans.push(row);
    content.loans.set(row.loanId, row);
  }
  let part = 0;
  for (let repayment = 0; repayment < header.counts.repayments; repayment++) {
    const loan = loans[c.repaymentLoan[repayment]!]!;
    const row: PageRepayment = {
      repaymentId: ids.repaymentIds[repayment]!,
      loanId: loan.loanId,
      day: c.repaymentDay[repayment]!,
      amountCents: c.repaymentAmount[repayment]!,
      order: c.repaymentOrder[repayment]!,
    };
    if (row.order === EXPLICIT) {
      row.allocation = [];
      for (let end = part + c.repaymentParts[repayment]!; part < end; part++) {
        const position = c.partInstallment[part]!;
        // A part that named no installment of the schedule keeps seq 0, which no installment has.
        row.allocation.push({
          seq: position < 0 ? 0 : loan.installments[position]!.seq,
          principalCents: c.partPrincipal[part]!,
          interestCents: c.partInterest[part]!,
        });
      }
    }
    content.repayments.set(row.repaymentId, row);
  }
  for (let claim = 0; claim < header.counts.claims; claim++) {
    const row: PageClaim = {
      claimId: ids.claimIds[claim]!,
      loanId: loans[c.claimLoan[claim]!]!.loanId,
      paidDay: c.claimPaidDay[claim]!,
      approvedDay: c.claimApprovedDay[claim]!,
      amountCents: c.claimAmount[claim]!,
    };
    content.claims.set(row.claimId, row);
  }
  for (let recovery = 0; recovery < header.counts.recoveries; recovery++) {
    const row: PageRecovery = {
      recoveryId: ids.recoveryIds[recovery]!,
      loanId: loans[c.recoveryLoan[recovery]!]!.loanId,
      day: c.recoveryDay[recovery]!,
      amountCents: c.recoveryAmount[recovery]!,
    };
    content.recoveries.set(row.recoveryId, row);
  }
  for (let premium = 0; premium < header.counts.premiums; premium++) {
    const loan = c.premiumLoan[premium]!;
    const row: PagePremium = {
      premiumId: ids.premiumIds[premium]!,
      loanId: loan >= 0 ? loans[loan]!.loanId : '',
      orgUnit: header.strings[c.premiumOrgUnit[premium]!]!,
      dueDay: c.premiumDueDay[premium]!,
      amountCents: c.premiumAmount[premium]!,
      receivedCents: c.premiumReceived[premium]!,
      receivedDay: c.premiumReceivedDay[premium]!,
    };
    content.premiums.set(row.premiumId, row);
  }
  for (let rating = 0; rating < header.counts.ratings; rating++) {
    const row: PageRating = {
      obligorId: header.ratingObligorIds[c.ratingObligor[rating]!]!,
      ratedDay: c.ratingDay[rating]!,
      score: c.ratingScore[rating]!,
      grade: header.ratingGrades[c.ratingGrade[rating]!]!,
      baseline: c.ratingBaseline[rating] === 1,
    };
    content.ratings.set(ratingId(row), row);
  }
  return content;
}
