import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ValidationError, type ErrorDetail } from './errors';
import { MAX_JSON_DEPTH } from './json-body';

import { loadSchemaFiles, type LoadedSchema } from './schema-files';

export { loadSchemaFiles, SCHEMA_BASE_URL, toComponentName, type LoadedSchema } from './schema-files';

/**
 * Every JSON Schema in schemas/ (as server/http/schema-files.ts read it) is loaded into two ajv instances: one strict for bodies
 * and one that coerces query-string and path values (which always arrive as strings).
 */
export class SchemaRegistry {
  private readonly bodyAjv: Ajv2020;
  private readonly queryAjv: Ajv2020;
  /** Checks responses (test and development runs only, so it is built on first use). */
  private responseAjv?: Ajv2020;
  private readonly schemas = new Map<string, LoadedSchema>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly directory: string) {
    this.bodyAjv = createAjv(false);
    this.queryAjv = createAjv(true);
    for (const loaded of loadSchemaFiles(directory)) {
      this.schemas.set(loaded.name, loaded);
      this.bodyAjv.addSchema(loaded.schema);
      this.queryAjv.addSchema(loaded.schema);
    }
  }

  list(): LoadedSchema[] {
    return [...this.schemas.values()];
  }

  get(name: string): LoadedSchema {
    const loaded = this.schemas.get(name);
    if (!loaded) throw new Error(`Unknown schema "${name}" (looked in ${this.directory})`);
    return loaded;
  }

  /** Throws a 400 with one detail per failing field; returns the (possibly defaulted) value. */
  assertValid<T>(name: string, value: unknown, where: 'body' | 'query' | string = 'body'): T {
    const validate = this.validator(name, where === 'query' || where === 'params');
    const deep = nestingProblem(value, where);
    if (deep) throw new ValidationError(`The ${where} is invalid`, [deep]);
    if (!validate(value)) {
      throw new ValidationError(`The ${where} is invalid`, toDetails(validate.errors ?? [], where));
    }
    return value as T;
  }

  /** Returns field-level problems instead of throwing, for row-by-row imports. */
  check(name: string, value: unknown, where = ''): ErrorDetail[] {
    const validate = this.validator(name, false);
    const deep = nestingProblem(value, where);
    if (deep) return [deep];
    return validate(value) ? [] : toDetails(validate.errors ?? [], where);
  }

  /**
   * Problems of a response body (as it goes on the wire, after JSON serialisation) against its
   * declared schema. This ajv neither coerces nor fills defaults: the check must see exactly what
   * clients get, and must not change it.
   */
  checkResponse(name: string, body: unknown): ErrorDetail[] {
    const cacheKey = `response:${name}`;
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      if (!this.responseAjv) {
        this.responseAjv = createAjv(false, false);
        for (const loaded of this.schemas.values()) this.responseAjv.addSchema(loaded.schema);
      }
      const id = this.get(name).id;
      validate = this.responseAjv.getSchema(id);
      if (!validate) throw new Error(`Schema ${id} failed to compile`);
      this.compiled.set(cacheKey, validate);
    }
    return validate(body) ? [] : toDetails(validate.errors ?? [], 'response');
  }

  private validator(name: string, coerce: boolean): ValidateFunction {
    const cacheKey = `${coerce ? 'query' : 'body'}:${name}`;
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      const id = this.get(name).id;
      validate = (coerce ? this.queryAjv : this.bodyAjv).getSchema(id);
      if (!validate) throw new Error(`Schema ${id} failed to compile`);
      this.compiled.set(cacheKey, validate);
    }
    return validate;
  }
}

function createAjv(coerceTypes: boolean, useDefaults = true): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, useDefaults, coerceTypes: coerceTypes ? 'array' : false });
  addFormats(ajv);
  // Documentation-only keywords that Monaco and the studio read.
  ajv.addKeyword({ keyword: 'x-glossary' });
  ajv.addKeyword({ keyword: 'x-unit' });
  // Marks a property as personal data: masked, stripped and redacted wherever it goes (server/privacy/personal-data.ts).
  ajv.addKeyword({ keyword: 'x-personal-data' });
  // Labels of an enumerated value domain, `{ "<value>": "中文 English" }`: the studio offers and names the values.
  ajv.addKeyword({ keyword: 'x-enum-labels' });
  return ajv;
}

/**
 * The first value nested deeper than MAX_JSON_DEPTH, as a problem. Without recursion and without
 * allocating per value (a batch body holds hundreds of thousands); only a body found too deep is
 * walked again to name the node.
 */
function nestingProblem(value: unknown, where: string): ErrorDetail | undefined {
  if (maxDepthReached(value) < MAX_JSON_DEPTH) return undefined;
  interface Entry {
    node: object;
    depth: number;
    parent?: Entry;
    key?: string;
  }
  const stack: Entry[] = [{ node: value as object, depth: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.depth >= MAX_JSON_DEPTH) {
      const keys: string[] = [];
      for (let at: Entry | undefined = entry; at?.key !== undefined; at = at.parent) keys.unshift(at.key.replace(/~/g, '~0').replace(/\//g, '~1'));
      return { path: `${where ? `/${where}` : ''}/${keys.join('/')}`, message: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
    }
    const node = entry.node as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const item = node[key];
      if (item !== null && typeof item === 'object') stack.push({ node: item, depth: entry.depth + 1, parent: entry, key });
    }
  }
  return undefined;
}

/** How deep the value is nested, counted no further than MAX_JSON_DEPTH. */
function maxDepthReached(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const nodes: object[] = [value];
  const depths: number[] = [0];
  let deepest = 0;
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown> | unknown[];
    const depth = depths.pop()!;
    if (depth > deepest) {
      deepest = depth;
      if (deepest >= MAX_JSON_DEPTH) return deepest;
    }
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item = node[index];
        if (item !== null && typeof item === 'object') {
          nodes.push(item);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in node) {
        const item = node[key];
        if (item !== null && typeof item === 'object') {
          nodes.push(item);
          depths.push(depth + 1);
        }
      }
    }
  }
  return deepest;
}

function toDetails(errors: ErrorObject[], where: string): ErrorDetail[] {
  return errors.map((error) => {
    let pointer = error.instancePath;
    // A property name that breaks `propertyNames` is reported on its object; point at the name itself.
    const propertyName =
      (error as { propertyName?: string }).propertyName ?? (error.keyword === 'propertyNames' ? (error.params.propertyName as string | undefined) : undefined);
    if (propertyName !== undefined) pointer += `/${propertyName.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (error.keyword === 'additionalProperties') pointer += `/${String(error.params.additionalProperty)}`;
    if (error.keyword === 'required') pointer += `/${String(error.params.missingProperty)}`;
    const message =
      error.keyword === 'additionalProperties'
        ? `unknown field "${String(error.params.additionalProperty)}"`
        : error.keyword === 'required'
          ? `is required`
          : (error.message ?? 'is invalid');
    return { path: where ? `/${where}${pointer}` : pointer || '/', message, keyword: error.keyword };
  });
}
