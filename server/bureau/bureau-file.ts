import type { BureauItemRecord } from './bureau-item.model';

/**
 * The batch export file (docs/bureau.md): CSV as RFC 4180 has it, UTF-8 without a byte-order mark, CRLF line ends,
 * one header line then one line per item in the batch's order. Money in yuan with exactly two decimals (from the
 * integer cents, no rounding), days as YYYY-MM-DD, an empty field where the kind has no such value. The obligor is
 * the platform's pseudonymous obligorId (Art. 31): the insurer's bureau gateway maps it to the person.
 */
export const BUREAU_FILE_COLUMNS = [
  'itemId',
  'kind',
  'correctsItemId',
  'correctsKind',
  'reportDate',
  'obligorId',
  'loanId',
  'policyId',
  'claimId',
  'recoveryId',
  'monthEnd',
  'daysPastDue',
  'overdueAmount',
  'compensationDate',
  'compensationAmount',
  'amountToRecover',
  'recoveryDate',
  'recoveryAmount',
] as const;

/** `originals`: the kind of each corrected item, by id (a correction line says what it corrects). */
export function bureauFile(items: readonly BureauItemRecord[], originals: ReadonlyMap<string, string>): string {
  const lines = [BUREAU_FILE_COLUMNS.join(',')];
  for (const item of items) {
    const values = item.values;
    const row: Record<(typeof BUREAU_FILE_COLUMNS)[number], string> = {
      itemId: item._id,
      kind: item.kind,
      correctsItemId: item.correctsItemId ?? '',
      correctsKind: item.correctsItemId ? (originals.get(item.correctsItemId) ?? '') : '',
      reportDate: item.eventDate,
      obligorId: item.obligorId,
      loanId: item.loanId,
      policyId: item.policyId,
      claimId: item.claimId ?? '',
      recoveryId: item.recoveryId ?? '',
      monthEnd: values.monthEnd ?? '',
      daysPastDue: values.daysPastDue === undefined ? '' : String(values.daysPastDue),
      overdueAmount: yuan(values.overdueAmountCents),
      compensationDate: values.compensationDate ?? '',
      compensationAmount: yuan(values.compensationAmountCents),
      amountToRecover: yuan(values.amountToRecoverCents),
      recoveryDate: values.recoveryDate ?? '',
      recoveryAmount: yuan(values.recoveryAmountCents),
    };
    lines.push(BUREAU_FILE_COLUMNS.map((column) => field(row[column])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Integer cents as yuan text with two decimals, exactly (12345 -> 123.45). */
export function yuan(cents: number | undefined): string {
  if (cents === undefined) return '';
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
