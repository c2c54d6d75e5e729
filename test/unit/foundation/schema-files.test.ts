import fs from 'node:fs';
import path from 'node:path';

const schemaDirectory = path.resolve(__dirname, '../../../schemas');

test('a process reads each schema file once: personal data (and the decision log it masks) and the schema registry share one reading', async () => {
  const reads = new Map<string, number>();
  const readFileSync = fs.readFileSync;
  const spy = jest.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (typeof file === 'string' && file.startsWith(schemaDirectory) && file.endsWith('.json')) reads.set(file, (reads.get(file) ?? 0) + 1);
    return (readFileSync as (...args: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync);
  try {
    await jest.isolateModulesAsync(async () => {
      // The start-up order of the app: the logger (and with it privacy/) at load, the masking of the decision log, then the registry.
      await import('../../../server/logger');
      await import('../../../server/decisions/decision.masking');
      const { SchemaRegistry } = await import('../../../server/http/schema-registry');
      new SchemaRegistry(path.join(schemaDirectory, '.'));
    });
  } finally {
    spy.mockRestore();
  }
  expect(reads.size).toBeGreaterThan(100);
  expect([...reads].filter(([, count]) => count > 1).map(([file, count]) => `${path.relative(schemaDirectory, file)}: ${count}`)).toEqual([]);
});
