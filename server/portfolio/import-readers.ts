import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { PortfolioImportRequest } from '../generated/schema-types';
import type { LoadedSchema } from '../http/schema-registry';
import type { IncomingRow } from './import.service';
import { IMPORT_KINDS, type ImportKind } from './import-rows';

/** The rows of a JSON body, indexed by position in their array. */
export function* jsonBodyRows(body: PortfolioImportRequest): Iterable<IncomingRow> {
  for (const kind of IMPORT_KINDS) {
    const rows = body[kind] ?? [];
    for (let index = 0; index < rows.length; index++) yield { kind, index, record: rows[index] };
  }
}

/** One `{ "kind": "...", ...record }` per line, read as it streams in; blank lines are skipped. */
export async function* ndjsonRows(stream: Readable): AsyncIterable<IncomingRow> {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      yield { kind: 'unknown', index: lineNumber, problems: [{ path: '/', message: `not valid JSON: ${(error as Error).message}` }] };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { kind: 'unknown', index: lineNumber, problems: [{ path: '/', message: 'each line must be a JSON object' }] };
      continue;
    }
    const { kind, ...record } = parsed as Record<string, unknown>;
    yield { kind: typeof kind === 'string' ? kind : 'unknown', index: lineNumber, record };
  }
}

/**
 * CSV with a header row naming the fields of the kind. Cells are text, so each becomes the type
 * the row schema wants (number, integer, boolean; a loan's `installments` cell holds a JSON array);
 * an empty cell is an absent field. Records the parser cannot read are reported by line and skipped.
 */
export async function* csvRows(stream: Readable, kind: ImportKind, rowSchema: LoadedSchema): AsyncIterable<IncomingRow> {
  const fieldTypes = fieldTypesOf(rowSchema);
  const skipped: IncomingRow[] = [];
  const parser = stream.pipe(
    parse({ columns: true, bom: true, trim: true, skip_empty_lines: true, skip_records_with_error: true, info: true }),
  );
  parser.on('skip', (error: Error & { lines?: number }) => {
    skipped.push({ kind, index: error.lines ?? 0, problems: [{ path: '/', message: `malformed CSV: ${error.message}` }] });
  });
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      // The parser runs ahead of this loop, so skips it reported may belong after this record.
      while (skipped.length > 0 && skipped[0]!.index < info.lines) yield skipped.shift()!;
      yield convertCsvRecord(kind, info.lines, record, fieldTypes);
    }
  } catch (error) {
    // A fault the parser cannot skip past (an unclosed quote at the end): the rows before it stand.
    const lines = (error as { lines?: number }).lines ?? 0;
    skipped.push({ kind, index: lines, problems: [{ path: '/', message: `malformed CSV: ${(error as Error).message}` }] });
  }
  yield* skipped;
}

function convertCsvRecord(kind: ImportKind, line: number, cells: Record<string, string>, fieldTypes: Map<string, string>): IncomingRow {
  const record: Record<string, unknown> = {};
  const problems: { path: string; message: string }[] = [];
  for (const [field, cell] of Object.entries(cells)) {
    if (cell === '') continue;
    const type = fieldTypes.get(field);
    if (type === 'number' || type === 'integer') {
      const value = Number(cell);
      if (cell.trim() === '' || Number.isNaN(value)) problems.push({ path: `/${field}`, message: `"${cell}" is not a number` });
      else record[field] = value;
    } else if (type === 'boolean') record[field] = cell === 'true' || cell === '1';
    else if (type === 'array') {
      try {
        record[field] = JSON.parse(cell);
      } catch {
        problems.push({ path: `/${field}`, message: 'must be a JSON array' });
      }
    } else record[field] = cell;
  }
  if (kind === 'repayments') flatAllocation(record, problems);
  return problems.length > 0 ? { kind, index: line, record, problems } : { kind, index: line, record };
}

const FLAT_ALLOCATION = ['allocationSeq', 'allocationPrincipal', 'allocationInterest'] as const;

/**
 * A repayment line of a servicer's file usually books one installment: the columns
 * allocationSeq, allocationPrincipal and allocationInterest become a one-part `allocation`.
 * (A repayment spread over several installments uses an `allocation` column holding a JSON array.)
 */
function flatAllocation(record: Record<string, unknown>, problems: { path: string; message: string }[]): void {
  const given = FLAT_ALLOCATION.filter((column) => record[column] !== undefined);
  if (given.length === 0) return;
  const values = FLAT_ALLOCATION.map((column) => record[column] as string | undefined);
  for (const column of FLAT_ALLOCATION) delete record[column];
  if (given.length < FLAT_ALLOCATION.length) {
    problems.push({ path: `/${FLAT_ALLOCATION.find((column) => !given.includes(column))}`, message: 'allocationSeq, allocationPrincipal and allocationInterest go together' });
    return;
  }
  if (record.allocation !== undefined) {
    problems.push({ path: '/allocation', message: 'give the allocation column or the allocationSeq/Principal/Interest columns, not both' });
    return;
  }
  const numbers = values.map((cell, position) => {
    const value = Number(cell);
    if (Number.isNaN(value)) problems.push({ path: `/${FLAT_ALLOCATION[position]}`, message: `"${cell}" is not a number` });
    return value;
  });
  record.allocation = [{ seq: numbers[0], principal: numbers[1], interest: numbers[2] }];
}

/** Field types read from the row schema (following a $ref to the few shared number types). */
function fieldTypesOf(rowSchema: LoadedSchema): Map<string, string> {
  const types = new Map<string, string>();
  const properties = (rowSchema.schema.properties ?? {}) as Record<string, { type?: string; $ref?: string }>;
  for (const [field, property] of Object.entries(properties)) {
    const type = property.type ?? (property.$ref?.includes('yuan-amount') ? 'number' : 'string');
    types.set(field, type);
  }
  return types;
}
