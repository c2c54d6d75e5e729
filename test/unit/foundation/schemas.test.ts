import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { SchemaRegistry } from '../../../server/http/schema-registry';

const schemaDirectory = path.resolve(__dirname, '../../../schemas');

test('every schema in schemas/ compiles in strict ajv', () => {
  const registry = new SchemaRegistry(schemaDirectory);
  expect(registry.list().length).toBeGreaterThan(10);
  for (const loaded of registry.list()) expect(() => registry.check(loaded.name, {})).not.toThrow();
});

test('validation reports unknown fields, missing fields and wrong types with paths', () => {
  const registry = new SchemaRegistry(schemaDirectory);
  const details = registry.check('identity/user-create-request', { username: 'Bad Name', roles: ['wizard'], extra: 1 }, 'body');
  const byPath = Object.fromEntries(details.map((detail) => [detail.path, detail.message]));
  expect(byPath['/body/extra']).toBe('unknown field "extra"');
  expect(byPath['/body/password']).toBe('is required');
  expect(byPath['/body/username']).toMatch(/pattern/);
  expect(byPath['/body/roles/0']).toMatch(/allowed values/);
});

// Runs in a child process because the generator's formatter (prettier) needs native ESM imports.
test('the generated TypeScript types are up to date with schemas/', () => {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-types.ts', '--check'], {
    cwd: path.resolve(__dirname, '../../..'),
    encoding: 'utf8',
  });
  expect(output).toContain('up to date');
}, 60_000);
