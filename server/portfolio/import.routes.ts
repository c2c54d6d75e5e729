import type { Request } from 'express';
import type { ImportKindParams, ImportQuery, ImportResult, PortfolioImportRequest } from '../generated/schema-types';
import { assertHeadOffice } from '../authority/org-scope';
import { AppError, NotFoundError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import type { RouteRegistry } from '../http/routes';
import type { SchemaRegistry } from '../http/schema-registry';
import type { CompletenessService } from './completeness.service';
import type { PortfolioImportService } from './import.service';
import { bodyChunks, discardRestOfBody, type ImportLimits } from './import-body';
import { csvRows, jsonBodyRows, ndjsonRows } from './import-readers';
import { IMPORT_KINDS, ROW_SCHEMAS, type ImportKind } from './import-rows';

// Admin always passes; integrations are the systems that feed the portfolio.
export const IMPORTERS = { roles: ['integration'] as const };
const JSON_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * A file of the book names loans of any unit (and repayments, claims and recoveries of any loan),
 * so only HQ-scoped callers import: a branch never writes another branch's data.
 */
export function assertMayImport(principal: Principal): void {
  assertHeadOffice(principal, `The portfolio is imported at HQ; ${principal.orgUnit} may read its own data but not import`);
}

/**
 * Imports read the raw body themselves (no body parser runs for them), so the encodings they
 * understand are checked here: a compressed body would otherwise be read as garbage lines.
 */
export function assertPlainBody(request: Request): void {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'identity')
    throw new AppError(415, 'unsupported_media_type', `Content-Encoding ${encoding.slice(0, 40)} is not accepted for imports; send the body uncompressed`);
}

/**
 * Runs an import from the request body. When it fails before the body is read to its end (a line
 * over the limit, a database error) the rest is drained, so the client still gets the answer.
 */
async function importFrom<T>(request: Request, run: () => Promise<T>): Promise<T> {
  try {
    assertPlainBody(request);
    return await run();
  } catch (error) {
    discardRestOfBody(request);
    throw error;
  }
}

/**
 * `?completeThrough=` declares, once the import has committed, that the data is complete through
 * that day (as PUT /portfolio/completeness does); a day still to come is refused before any row is read.
 */
async function importAndDeclare(
  principal: Principal,
  query: ImportQuery,
  completeness: CompletenessService,
  run: () => Promise<ImportResult>,
): Promise<ImportResult> {
  if (query.completeThrough) completeness.assertDeclarable(query.completeThrough, '/query/completeThrough');
  const result = await run();
  const now = query.completeThrough
    ? await completeness.declare(query.completeThrough, actorName(principal), 'declared with an import')
    : await completeness.current();
  return { ...result, dataCompleteThrough: now.dataCompleteThrough };
}

export function registerPortfolioImportRoutes(
  routes: RouteRegistry,
  imports: PortfolioImportService,
  schemas: SchemaRegistry,
  limits: ImportLimits,
  completeness: CompletenessService,
): void {
  routes.add<never, ImportQuery>({
    method: 'post',
    path: '/portfolio/import',
    tag: 'portfolio',
    summary: 'Import loans, repayments, claims, recoveries, premiums, ratings and financials (JSON arrays, or NDJSON streamed line by line)',
    auth: IMPORTERS,
    query: 'portfolio/import-query',
    // JSON (schema portfolio/portfolio-import-request, up to 10 MB) or NDJSON of { "kind": ..., ...record } per line, of any size.
    streamedBody: ['application/json', 'application/x-ndjson'],
    responses: { 200: { description: 'Accepted counts per kind and the rejected rows', schema: 'portfolio/import-result' } },
    handler: async ({ request, principal, query }): Promise<ImportResult> => {
      assertMayImport(principal);
      return importFrom(request, () =>
        importAndDeclare(principal, query, completeness, async () => {
          if (request.is('application/x-ndjson')) return imports.import(ndjsonRows(request, limits));
          if (request.is('application/json')) {
            const body = schemas.assertValid<PortfolioImportRequest>('portfolio/portfolio-import-request', await readJson(request), 'body');
            return imports.import(jsonBodyRows(body));
          }
          throw new AppError(415, 'unsupported_media_type', 'Send application/json or application/x-ndjson (or text/csv to /portfolio/import/:kind)');
        }),
      );
    },
  });

  routes.add<never, ImportQuery, ImportKindParams>({
    method: 'post',
    path: '/portfolio/import/:kind',
    params: 'portfolio/import-kind-params',
    tag: 'portfolio',
    summary: "Import one kind of record from CSV with a header row, streamed (a loan's installments column holds a JSON array)",
    auth: IMPORTERS,
    query: 'portfolio/import-query',
    streamedBody: ['text/csv'],
    responses: {
      200: { description: 'Accepted counts and the rejected rows (line numbers)', schema: 'portfolio/import-result' },
      404: { description: 'No such kind' },
    },
    handler: async ({ request, params, principal, query }): Promise<ImportResult> => {
      assertMayImport(principal);
      const kind = params.kind as ImportKind;
      if (!IMPORT_KINDS.includes(kind))
        throw new NotFoundError(`No import kind "${params.kind}"; use one of ${IMPORT_KINDS.join(', ')}`, 'unknown_import_kind');
      if (!request.is('text/csv')) throw new AppError(415, 'unsupported_media_type', 'Send the body as text/csv');
      return importFrom(request, () =>
        importAndDeclare(principal, query, completeness, () => imports.import(csvRows(request, kind, schemas.get(ROW_SCHEMAS[kind]), limits))),
      );
    },
  });
}

export async function readJson(request: Request): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bodyChunks(request)) {
    size += (chunk as Buffer).length;
    if (size > JSON_BODY_LIMIT_BYTES) throw new AppError(413, 'payload_too_large', 'JSON imports are limited to 10 MB; send NDJSON or CSV for more');
    chunks.push(chunk as Buffer);
  }
  let text = Buffer.concat(chunks).toString('utf8');
  // A byte order mark from an editor is not part of the JSON (as NDJSON and CSV, and the other routes' body parser, drop it).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the body, which may be anything up to 10 MB: the code says enough.
    throw new AppError(400, 'malformed_json', 'The body is not valid JSON');
  }
}
