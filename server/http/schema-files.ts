import fs from 'node:fs';
import path from 'node:path';

export const SCHEMA_BASE_URL = 'https://schemas.policy-platform.dev/';

/** The project's schemas/: the one source for validation, OpenAPI, types, the studio and personal data. */
export const SCHEMA_DIRECTORY = path.resolve(__dirname, '..', '..', 'schemas');

export interface LoadedSchema {
  /** Path under schemas/ without `.json`, e.g. `identity/login-request`. */
  name: string;
  /** PascalCase name used in the OpenAPI document and the generated TypeScript types. */
  componentName: string;
  id: string;
  schema: Record<string, unknown>;
}

let projectSchemas: readonly LoadedSchema[] | undefined;

/**
 * The schema files of schemas/, read and checked once per process. Personal data (server/privacy,
 * which the logger loads before anything else) and the schema registry both read them here. The
 * objects are shared: readers must not change them.
 */
export function projectSchemaFiles(): readonly LoadedSchema[] {
  projectSchemas ??= readSchemaFiles(SCHEMA_DIRECTORY);
  return projectSchemas;
}

/** The schema files under `directory`; the project's own schemas/ come from the one reading of `projectSchemaFiles()`. */
export function loadSchemaFiles(directory: string): LoadedSchema[] {
  return path.resolve(directory) === SCHEMA_DIRECTORY ? [...projectSchemaFiles()] : readSchemaFiles(directory);
}

function readSchemaFiles(directory: string): LoadedSchema[] {
  const found: LoadedSchema[] = [];
  const componentNames = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        const name = path
          .relative(directory, full)
          .replace(/\\/g, '/')
          .replace(/\.json$/, '');
        const schema = JSON.parse(fs.readFileSync(full, 'utf8')) as Record<string, unknown>;
        const expectedId = `${SCHEMA_BASE_URL}${name}.json`;
        if (schema.$id !== expectedId) throw new Error(`${full}: $id must be "${expectedId}" (got "${String(schema.$id)}")`);
        const componentName = toComponentName(path.basename(name));
        // The title names the generated TypeScript type, so it must match the file name.
        if (schema.title !== componentName) throw new Error(`${full}: title must be "${componentName}" (got "${String(schema.title)}")`);
        const clash = componentNames.get(componentName);
        if (clash) throw new Error(`Schemas ${clash} and ${name} both map to the component name ${componentName}`);
        componentNames.set(componentName, name);
        found.push({ name, componentName, id: expectedId, schema });
      }
    }
  };
  walk(directory);
  return found;
}

export function toComponentName(baseName: string): string {
  return baseName
    .split(/[-_.]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
