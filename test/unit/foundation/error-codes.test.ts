import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, isCatalogued, type ErrorCodeEntry } from '../../../server/http/error-codes';
import { AppError, ConflictError, ForbiddenError, UnprocessableError } from '../../../server/http/errors';
import { SchemaRegistry } from '../../../server/http/schema-registry';

const root = path.resolve(__dirname, '../../..');
const entries = Object.entries(ERROR_CODES) as [string, ErrorCodeEntry][];

test("the error envelope's code is exactly the catalogue's codes", () => {
  const schema = new SchemaRegistry(path.join(root, 'schemas')).get('common/error-response').schema as {
    properties: { error: { properties: { code: { enum: string[] } } } };
  };
  expect([...schema.properties.error.properties.code.enum].sort()).toEqual(Object.keys(ERROR_CODES).sort());
});

test('each code is an error status with a description, and near-duplicates are gone', () => {
  for (const [code, entry] of entries) {
    expect({
      code,
      statuses: [entry.status, ...(entry.alsoAt ?? [])].every((status) => status >= 400 && status < 600),
      described: entry.description.length > 10,
    }).toEqual({ code, statuses: true, described: true });
  }
  // stale_revision merged into stale_version, not_published into version_not_published.
  expect(Object.keys(ERROR_CODES)).not.toEqual(expect.arrayContaining(['stale_revision']));
  expect(Object.keys(ERROR_CODES)).not.toEqual(expect.arrayContaining(['not_published']));
});

test('docs/api.md lists every code with its statuses, and no code the catalogue lacks', () => {
  const docs = fs.readFileSync(path.join(root, 'docs/api.md'), 'utf8');
  const rows = new Map([...docs.matchAll(/^\| `([a-z_]+)` \| ([0-9, ]+) \|/gm)].map((match) => [match[1]!, match[2]!.trim()]));
  expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(entries.map(([code, entry]) => [code, [entry.status, ...(entry.alsoAt ?? [])].join(', ')])));
});

test('the error classes carry the catalogue status of their code', () => {
  expect(isCatalogued('stale_version', 409)).toBe(true);
  expect(isCatalogued('stale_version', 422)).toBe(false);
  expect(isCatalogued('maker_checker', 409)).toBe(true);
  expect(isCatalogued('stale_revision', 409)).toBe(false);
  const errors: AppError[] = [new ConflictError('stale_version', 'x'), new ForbiddenError('x', 'maker_checker'), new UnprocessableError('out_of_bounds', 'x')];
  for (const error of errors) expect(isCatalogued(error.code, error.status)).toBe(true);
  // The compiler refuses a code at a status the catalogue does not give it (npm run typecheck checks these lines).
  // @ts-expect-error 'invalid_input' is a 400
  expect(new ConflictError('invalid_input', 'x').status).toBe(409);
  // @ts-expect-error 'stale_revision' is no longer a code
  expect(new ConflictError('stale_revision', 'x').code).toBe('stale_revision');
});
