import fs from 'node:fs';
import path from 'node:path';
import * as generated from '../../../server/generated/schema-types';
import { loadSchemaFiles } from '../../../server/http/schema-registry';
import { ROLES } from '../../../server/identity/principal';

// Shapes and value lists are declared once, in schemas/; code reads the generated form instead of keeping a copy.
const values = generated as unknown as Record<string, unknown>;
const enumSchemas = loadSchemaFiles(path.resolve(__dirname, '../../../schemas')).filter((loaded) => Array.isArray((loaded.schema as { enum?: unknown }).enum));

test('every schema that is a list of values has that list generated as a constant', () => {
  expect(enumSchemas.map((loaded) => loaded.componentName)).toContain('Role');
  for (const loaded of enumSchemas) {
    const constantName = `${loaded.componentName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_VALUES`;
    expect({ constantName, values: values[constantName] }).toEqual({ constantName, values: (loaded.schema as { enum: string[] }).enum });
  }
});

test("the server's role list is the one generated from schemas/identity/role.json, not a copy", () => {
  expect(ROLES).toBe(values.ROLE_VALUES);
});

test('no list of values in server/ repeats one that a schema declares (the generated *_VALUES constant is used instead)', () => {
  const serverRoot = path.resolve(__dirname, '../../../server');
  const generatedLists = Object.entries(values)
    .filter(([name, value]) => name.endsWith('_VALUES') && Array.isArray(value))
    .map(([name, value]) => ({ name, key: [...(value as string[])].sort().join('|') }));
  const copies: string[] = [];
  for (const file of fs.readdirSync(serverRoot, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.startsWith('generated')) continue;
    const text = fs.readFileSync(path.join(serverRoot, file), 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, '');
    for (const literal of text.matchAll(/\[\s*'[^']*'(?:\s*,\s*'[^']*')+\s*,?\s*\]/g)) {
      const key = [...literal[0].matchAll(/'([^']*)'/g)]
        .map((match) => match[1])
        .sort()
        .join('|');
      for (const list of generatedLists) if (list.key === key) copies.push(`${file}: ${list.name}`);
    }
  }
  expect(copies).toEqual([]);
});
