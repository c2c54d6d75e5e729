import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { AppError } from '../http/errors';

/** How large one line (or CSV record) and one value of an import may be (IMPORT_MAX_LINE_BYTES, IMPORT_MAX_FIELD_CHARS). */
export interface ImportLimits {
  maxLineBytes: number;
  maxFieldChars: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxLineBytes: 1024 * 1024, maxFieldChars: 256 * 1024 };

/** A line longer than the limit ends the import: it names the line and never quotes it. */
export class ImportLineTooLargeError extends AppError {
  constructor(line: number, limit: number) {
    const message = `line ${line} is longer than the limit of ${limit} bytes (IMPORT_MAX_LINE_BYTES); nothing of this import was stored`;
    super(413, 'import_line_too_large', message, [{ path: `/line/${line}`, message: `longer than ${limit} bytes` }]);
  }
}

const NEWLINE = 0x0a;
const BYTE_ORDER_MARK = '\ufeff';

/**
 * The body's chunks. The request is iterated without being destroyed when the reader stops
 * early (a line over the limit, a failed write), so the answer can still reach the client; a
 * body that breaks off (the client went away) rejects, which ends the import like any error.
 */
export function bodyChunks(stream: Readable): AsyncIterable<Buffer> {
  return stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
}

/**
 * Lines of the body as text, numbered from 1, without their line ends (LF or CRLF) and without a
 * leading byte order mark. A line is collected as bytes and refused as soon as it passes the
 * limit, so a line of any length costs at most the limit in memory.
 */
export async function* bodyLines(stream: Readable, limits: ImportLimits): AsyncIterable<{ line: string; number: number }> {
  let parts: Buffer[] = [];
  let partLength = 0;
  let number = 0;
  const text = (last: Buffer): string => {
    const bytes = parts.length === 0 ? last : Buffer.concat([...parts, last]);
    parts = [];
    partLength = 0;
    let line = bytes.toString('utf8');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (number === 1 && line.startsWith(BYTE_ORDER_MARK)) line = line.slice(1);
    return line;
  };
  for await (const chunk of bodyChunks(stream)) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      number++;
      if (partLength + end - start > limits.maxLineBytes) throw new ImportLineTooLargeError(number, limits.maxLineBytes);
      yield { line: text(chunk.subarray(start, end)), number };
      start = end + 1;
    }
    if (start < chunk.length) {
      partLength += chunk.length - start;
      if (partLength > limits.maxLineBytes) throw new ImportLineTooLargeError(number + 1, limits.maxLineBytes);
      parts.push(chunk.subarray(start));
    }
  }
  if (partLength > 0) {
    number++;
    yield { line: text(Buffer.alloc(0)), number };
  }
}

/**
 * The body's chunks, passed on as they come while no physical line grows past the limit (for
 * CSV, whose parser would otherwise collect a record of any length before judging it).
 */
export async function* lineLimitedChunks(stream: Readable, limits: ImportLimits): AsyncIterable<Buffer> {
  let number = 1;
  let current = 0;
  for await (const chunk of bodyChunks(stream)) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      if (current + end - start > limits.maxLineBytes) throw new ImportLineTooLargeError(number, limits.maxLineBytes);
      number++;
      current = 0;
      start = end + 1;
    }
    current += chunk.length - start;
    if (current > limits.maxLineBytes) throw new ImportLineTooLargeError(number, limits.maxLineBytes);
    yield chunk;
  }
}

/**
 * After a failed import the rest of the body is read and dropped (memory stays flat), so the
 * client, which may still be sending, gets the answer instead of a reset connection.
 */
export function discardRestOfBody(request: IncomingMessage): void {
  if (!request.readableEnded && !request.destroyed) request.resume();
}

/** A value quoted back in an error only when it is short; a long one is described by its length. */
export function quoted(value: string, limit = 40): string {
  return value.length <= limit ? `"${value}"` : `a value of ${value.length} characters`;
}
