import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The floors of README § Architecture are lint rules in eslint.config.mjs (no-restricted-imports). These tests run the
// project's own ESLint configuration through ESLint's Node API, in a child Node process (jest's module loader cannot load
// the ESM config), on violating snippets placed at real paths, and on the real server tree.
const ROOT = path.resolve(__dirname, '../../..');
const RULE = '@typescript-eslint/no-restricted-imports';

interface Sample {
  filePath: string;
  code: string;
}

// Lints each sample (or, with `files`, the named files as they are) with only the layering rule, and prints
// `[{ filePath, messages: [{ ruleId, message }] }]`.
const LINT = `
import { ESLint } from 'eslint';
const [mode, payload] = process.argv.slice(1);
const eslint = new ESLint({ cwd: process.cwd(), ruleFilter: ({ ruleId }) => ruleId === '${RULE}' });
const results = mode === 'files'
  ? await eslint.lintFiles(JSON.parse(payload))
  : (await Promise.all(JSON.parse(payload).map((sample) => eslint.lintText(sample.code, { filePath: sample.filePath })))).flat();
const cwd = process.cwd() + '/';
process.stdout.write(JSON.stringify(results.map((result) => ({
  filePath: result.filePath.replace(cwd, ''),
  messages: result.messages.map(({ ruleId, message }) => ({ ruleId, message })),
}))));
`;

type LintResult = { filePath: string; messages: { ruleId: string | null; message: string }[] }[];

function lint(mode: 'samples' | 'files', input: Sample[] | string[]): LintResult {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', LINT, mode, JSON.stringify(input)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output) as LintResult;
}

/** The layering messages for one snippet at one path. */
function restrictions(results: LintResult, filePath: string): string[] {
  const result = results.find((candidate) => candidate.filePath === filePath);
  if (!result) throw new Error(`no lint result for ${filePath}`);
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

const VIOLATIONS: (Sample & { expected: RegExp })[] = [
  // Ground floor: pure modules load no I/O module, logger, store or service.
  { filePath: 'server/engine/operators.ts', code: "import mongoose from 'mongoose';\nexport const m = mongoose;\n", expected: /no express, mongoose/ },
  { filePath: 'server/metrics/calendar.ts', code: "import express from 'express';\nexport const e = express;\n", expected: /no express, mongoose/ },
  { filePath: 'server/portfolio/money.ts', code: "import type { Logger } from '../logger';\nexport type L = Logger;\n", expected: /logger, store\/ or http\// },
  { filePath: 'server/authority/grant.policy.ts', code: "import { DelegationService } from './delegation.service';\nexport const d = DelegationService;\n", expected: /load no model, store, service/ },
  { filePath: 'server/engine/evaluate.ts', code: "import { x } from '../monitoring/signals-store';\nexport const y = x;\n", expected: /may not depend on a capability/ },
  // Routes do not load models.
  { filePath: 'server/audit/audit.routes.ts', code: "import { AuditEntryModel } from './audit.model';\nexport const m = AuditEntryModel;\n", expected: /Routes do not load models/ },
  // Infrastructure does not reach up into a capability, nor into the composition floor.
  { filePath: 'server/http/routes.ts', code: "import { SessionStore } from '../identity/session.store';\nexport const s = SessionStore;\n", expected: /may not depend on a capability/ },
  { filePath: 'server/http/middleware.ts', code: "import type { Config } from '../config';\nexport type C = Config;\n", expected: /composition floor/ },
  { filePath: 'server/store/connection.ts', code: "import { x } from '../monitoring/alert.store';\nexport const y = x;\n", expected: /may not depend on a capability/ },
  // Capabilities do not import the composition floor.
  { filePath: 'server/monitoring/signals-job.ts', code: "import { createApp } from '../app';\nexport const a = createApp;\n", expected: /composition floor/ },
  { filePath: 'server/jobs/job-settings.ts', code: "import { loadConfig } from '../config';\nexport const l = loadConfig;\n", expected: /composition floor/ },
  // A listed exception allows its one import and nothing else: a value import where a type import is excepted, another capability.
  { filePath: 'server/identity/bootstrap.ts', code: "import { loadConfig } from '../config';\nexport const l = loadConfig;\n", expected: /type imports only/ },
  { filePath: 'server/logger.ts', code: "import { PERSONAL_FIELDS } from './decisions/decision.masking';\nimport { x } from './monitoring/alert.store';\nexport const y = [x, PERSONAL_FIELDS];\n", expected: /may not depend on a capability/ },
];

const ALLOWED: Sample[] = [
  // Downward imports, a pure core naming the interface it is handed, a route naming the plain record a store returns.
  { filePath: 'server/monitoring/escalation.ts', code: "import { dayFromDate } from '../metrics/calendar';\nexport const d = dayFromDate;\n" },
  { filePath: 'server/http/routes.ts', code: "import { hasAnyRole } from '../identity/principal';\nexport const h = hasAnyRole;\n" },
  { filePath: 'server/authority/grant.policy.ts', code: "import type { DelegationPolicy } from './delegation.service';\nexport type D = DelegationPolicy;\n" },
  { filePath: 'server/audit/audit.routes.ts', code: "import type { AuditEntryRecord } from './audit.model';\nexport type A = AuditEntryRecord;\n" },
  { filePath: 'server/monitoring/alert.store.ts', code: "import type { Logger } from '../logger';\nimport { isDuplicateKey } from '../store/mongo-errors';\nexport const d = isDuplicateKey;\nexport type L = Logger;\n" },
  { filePath: 'server/identity/bootstrap.ts', code: "import type { Config } from '../config';\nexport type C = Config;\n" },
  { filePath: 'server/logger.ts', code: "import { PERSONAL_FIELDS } from './decisions/decision.masking';\nexport const p = PERSONAL_FIELDS;\n" },
  { filePath: 'server/config.ts', code: "import type { LogLevel } from './logger';\nimport { DEFAULT_MONITORING_SETTINGS } from './monitoring/monitoring-settings';\nexport type L = LogLevel;\nexport const d = DEFAULT_MONITORING_SETTINGS;\n" },
];

test('an import across the floors, upward or from a pure module into I/O, is refused by the lint rules', () => {
  const results = lint('samples', VIOLATIONS);
  for (const violation of VIOLATIONS) {
    const messages = results.filter((result) => result.filePath === violation.filePath).flatMap((result) => result.messages);
    const matching = messages.filter((message) => message.ruleId === RULE && violation.expected.test(message.message));
    expect({ filePath: violation.filePath, code: violation.code, refused: matching.length > 0 }).toEqual({
      filePath: violation.filePath,
      code: violation.code,
      refused: true,
    });
  }
});

test('downward imports, type imports of interfaces and records, and the composition root importing capabilities are allowed', () => {
  const results = lint('samples', ALLOWED);
  for (const sample of ALLOWED) expect({ filePath: sample.filePath, messages: restrictions(results, sample.filePath) }).toEqual({ filePath: sample.filePath, messages: [] });
});

// The files that crossed floors before the rules, and the listed exceptions; `npm run lint` (CI) checks the whole tree.
const CROSSING_FILES = [
  'server/logger.ts', 'server/config.ts', 'server/http/cross-site.ts', 'server/webhooks/webhook-settings.ts', 'server/identity/bootstrap.ts',
  'server/audit/settings-audit.ts', 'server/audit/audit.routes.ts', 'server/authority/org-unit.routes.ts', 'server/decisions/decision.routes.ts',
];

test('the files that crossed floors now keep to theirs (the whole tree is `npm run lint`)', () => {
  const problems = lint('files', CROSSING_FILES)
    .filter((result) => result.messages.length > 0)
    .map((result) => ({ filePath: result.filePath, messages: result.messages.map((message) => message.message) }));
  expect(problems).toEqual([]);
});
