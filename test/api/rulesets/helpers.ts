import fs from 'node:fs';
import path from 'node:path';
import type { TestApp } from '../../support/test-app';
import { PROJECT_ROOT } from '../../support/test-app';

export interface VersionView {
  key: string;
  version: number;
  state: string;
  revision: number;
  hash: string;
  author: string;
  rollbackOf?: number;
  basedOnVersion?: number;
  approvedBy?: string;
  ruleSet: Record<string, unknown> & { parameters: Record<string, { value: unknown }>; rules: { name: string; conditions: unknown }[]; tests: unknown[] };
  history?: { action: string; actor: string; reason?: string }[];
}

export interface ErrorBody {
  error: { code: string; message: string; details: { path?: string; message: string }[] };
}

/** The standard pack file as a fresh object, without the editor-only $schema. */
export function standardContent(key: string): VersionView['ruleSet'] {
  const { $schema: _schema, ...content } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'rules', `${key}.json`), 'utf8')) as Record<string, unknown>;
  return content as VersionView['ruleSet'];
}

export async function createIntegrationKey(app: TestApp, name: string, restrictions: Record<string, unknown>): Promise<string> {
  const created = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', { body: { name, orgUnit: 'HQ', roles: ['integration'], restrictions } });
  if (created.status !== 201) throw new Error(`creating key ${name} failed: ${created.text}`);
  return created.body.secret;
}
