import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import type { PortfolioImportRequest } from '../generated/schema-types';
import type { LoadedSchema } from '../http/schema-registry';
import type { IncomingRow } from './import.service';
import { IMPORT_KINDS, type ImportKind } from './import-rows';
import { bodyLines, lineLimitedChunks, quoted, type ImportLimits } from './import-body';
import { parseImportNumber } from './import-numbers';

/** The rows of a JSON body, indexed by position in their array. */
export function* jsonBodyRows(body: PortfolioImportRequest): Iterable<IncomingRow> {
  for (const kind of IMPORT_KINDS) {
    const rows = body[kind] ?? [];
    for (let index = 0; index < rows.length; index++) yield { kind, index, record: rows[index] };
  }
}

/**
 * One `{ "kind": "...", ...record }` per line, read as it streams in; blank lines are skipped. A
 * line over the line limit ends the import (413); a value over the field limit rejects its row.
 */
export async function* ndjsonRows(stream: Readable, limits: ImportLimits): AsyncIterable<IncomingRow> {
  for await (const { line, number } of bodyLines(stream, limits)) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      // JSON.parse's message quotes the line; the position is all the caller needs.
      yield { kind: 'unknown', index: number, problems: [{ path: '/', message: 'not valid JSON' }] };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { kind: 'unknown', index: number, problems: [{ path: '/', message: 'each line must be a JSON object' }] };
      continue;
    }
    const { kind, ...record } = parsed as Record<string, unknown>;
    const oversized = oversizedValue(record, limits.maxFieldChars, '');
    if (oversized) {
      yield { kind: typeof kind === 'string' ? kind : 'unknown', index: number, problems: [oversized] };
      continue;
    }
    yield { kind: typeof kind === 'string' ? kind : 'unknown', index: number, record };
  }
}

/** The first field name or text value longer than the limit, as a problem that names its place but not its content. */
function oversizedValue(value: unknown, limit: number, path: string): { path: string; message: string } | undefined {
  if (typeof value === 'string')
    return value.length > limit ? { path: path || '/', message: `longer than ${limit} characters (IMPORT_MAX_FIELD_CHARS)` } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.length > limit) return { path: path || '/', message: `has a field name longer than ${limit} characters (IMPORT_MAX_FIELD_CHARS)` };
    const found = oversizedValue(item, limit, `${path}/${key}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * CSV with a header row naming the fields of the kind. Cells are text, so each becomes the type
 * the row schema wants (number, integer, boolean; a loan's `installments` cell holds a JSON array);
 * an empty cell is an absent field. Records the parser cannot read are reported by line and skipped.
 */
export async function* csvRows(stream: Readable, kind: ImportKind, rowSchema: LoadedSchema, limits: ImportLimits): AsyncIterable<IncomingRow> {
  const fieldTypes = fieldTypesOf(rowSchema);
  const skipped: IncomingRow[] = [];
  const parser = parse({
    columns: true,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    max_record_size: limits.maxLineBytes,
  });
  parser.on('skip', (error: Error & { lines?: number }) => {
    skipped.push({ kind, index: error.lines ?? 0, problems: [{ path: '/', message: `malformed CSV: ${error.message}` }] });
  });
  // The body is fed to the parser by hand rather than piped: a broken body or a line over the
  // limit must end the import with its own error, and the request must not be destroyed with it.
  let feedError: unknown;
  const feeding = feed(parser, lineLimitedChunks(stream, limits)).catch((error: unknown) => {
    feedError = error;
    parser.destroy(error as Error);
  });
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      // The parser runs ahead of this loop, so skips it reported may belong after this record.
      while (skipped.length > 0 && skipped[0]!.index < info.lines) yield skipped.shift()!;
      yield convertCsvRecord(kind, info.lines, record, fieldTypes, limits.maxFieldChars);
    }
  } catch (error) {
    if (feedError !== undefined) throw feedError;
    // A fault the parser cannot skip past (an unclosed quote at the end): the rows before it stand.
    const lines = (error as { lines?: number }).lines ?? 0;
    skipped.push({ kind, index: lines, problems: [{ path: '/', message: `malformed CSV: ${(error as Error).message}` }] });
  } finally {
    if (!parser.destroyed) parser.destroy();
    await feeding;
  }
  if (feedError !== undefined) throw feedError;
  yield* skipped;
}

/** Writes the chunks into the parser, waiting when it is full; stops when the parser is gone. */
async function feed(parser: Parser, chunks: AsyncIterable<Buffer>): Promise<void> {
  for await (const chunk of chunks) {
    if (parser.destroyed) return;
    if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), once(parser, 'close')]);
  }
  if (!parser.destroyed) parser.end();
}

function convertCsvRecord(kind: ImportKind, line: number, cells: Record<string, string>, fieldTypes: Map<string, string>, maxFieldChars: number): IncomingRow {
  const record: Record<string, unknown> = {};
  const problems: { path: string; message: string }[] = [];
  for (const [field, cell] of Object.entries(cells)) {
    if (cell === '') continue;
    if (cell.length > maxFieldChars || field.length > maxFieldChars) {
      problems.push({ path: field.length > maxFieldChars ? '/' : `/${field}`, message: `longer than ${maxFieldChars} characters (IMPORT_MAX_FIELD_CHARS)` });
      continue;
    }
    const type = fieldTypes.get(field);
    if (type === 'number' || type === 'integer') {
      const value = parseImportNumber(cell);
      if (value === undefined) problems.push({ path: `/${field}`, message: `${quoted(cell)} is not a number` });
      else record[field] = value;
    } else if (type === 'boolean') {
      if (BOOLEAN_CELLS.has(cell)) record[field] = BOOLEAN_CELLS.get(cell);
      else problems.push({ path: `/${field}`, message: `${quoted(cell)} is not true, false, 1 or 0` });
    } else if (type === 'array') {
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

const BOOLEAN_CELLS = new Map([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
]);

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
    problems.push({
      path: `/${FLAT_ALLOCATION.find((column) => !given.includes(column))}`,
      message: 'allocationSeq, allocationPrincipal and allocationInterest go together',
    });
    return;
  }
  if (record.allocation !== undefined) {
    problems.push({ path: '/allocation', message: 'give the allocation column or the allocationSeq/Principal/Interest columns, not both' });
    return;
  }
  const numbers = values.map((cell, position) => {
    const value = parseImportNumber(cell ?? '');
    if (value === undefined) problems.push({ path: `/${FLAT_ALLOCATION[position]}`, message: `${quoted(cell ?? '')} is not a number` });
    return value ?? Number.NaN;
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
