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

/** A snippet of import lines at a real path (only the layering rule runs, so the imports need not be used). */
const at = (filePath: string, ...imports: string[]): Sample => ({ filePath, code: imports.map((line) => `${line}\n`).join('') });
const refused = (expected: RegExp, sample: Sample) => ({ ...sample, expected });

const VIOLATIONS = [
  // Ground floor: pure modules load no I/O module, logger, store or service.
  refused(/no express, mongoose/, at('server/engine/operators.ts', "import mongoose from 'mongoose';")),
  refused(/no express, mongoose/, at('server/ground/calendar.ts', "import express from 'express';")),
  refused(/logger, store\/ or http\//, at('server/ground/money.ts', "import type { Logger } from '../logger';")),
  // Every file in ground/ is ground, a new one too.
  refused(/may not depend on a capability/, at('server/ground/day-count.ts', "import { loadLoanBook } from '../metrics/book-loader';")),
  refused(/load no model, store, service/, at('server/authority/grant.policy.ts', "import { Delegation } from './delegation.service';")),
  refused(/may not depend on a capability/, at('server/engine/evaluate.ts', "import { x } from '../monitoring/signals-store';")),
  // Routes do not load models.
  refused(/Routes do not load models/, at('server/audit/audit.routes.ts', "import { AuditEntryModel } from './audit.model';")),
  // Infrastructure does not reach up into a capability, nor into the composition floor.
  refused(/may not depend on a capability/, at('server/http/routes.ts', "import { SessionStore } from '../identity/session.store';")),
  refused(/composition floor/, at('server/http/middleware.ts', "import type { Config } from '../config';")),
  refused(/may not depend on a capability/, at('server/store/connection.ts', "import { x } from '../monitoring/alert.store';")),
  // Capabilities do not import the composition floor.
  refused(/composition floor/, at('server/monitoring/signals-job.ts', "import { createApp } from '../app';")),
  refused(/composition floor/, at('server/jobs/job-settings.ts', "import { loadConfig } from '../config';")),
  // A listed exception allows its one import and nothing else: no value import where a type import is excepted, no other capability.
  refused(/type imports only/, at('server/identity/bootstrap.ts', "import { loadConfig } from '../config';")),
  refused(/may not depend on a capability/, at('server/logger.ts', "import { PERSONAL_FIELDS } from './decisions/decision.masking';")),
  refused(/may not depend on a capability/, at('server/privacy/masking.ts', "import { x } from '../monitoring/a.store';")),
  // events/ (the outbox) is infrastructure: it serves every capability and depends on none; pure code does not load it.
  refused(/may not depend on a capability/, at('server/events/event-outbox.ts', "import { AlertStore } from '../monitoring/alert.store';")),
  refused(/composition floor/, at('server/events/outbox-batch.ts', "import type { Config } from '../config';")),
  refused(/may not load the event outbox/, at('server/monitoring/alert-transitions.ts', "import { EventOutbox } from '../events/event-outbox';")),
  refused(/may not depend on a capability/, at('server/events/platform-events.ts', "import { DISPOSITIONS } from '../monitoring/dispositions';")),
  // mongoose stays inside models, stores and server/store/: services, routes, modules, infrastructure and composition ask a store.
  refused(/mongoose stays inside/, at('server/monitoring/obligor-monitoring.service.ts', "import type { Connection } from 'mongoose';")),
  refused(/mongoose stays inside/, at('server/health/health.routes.ts', "import type { Connection } from 'mongoose';")),
  refused(/mongoose stays inside/, at('server/webhooks/webhooks.module.ts', "import { Schema } from 'mongoose';")),
  refused(/mongoose stays inside/, at('server/events/event-outbox.ts', "import type { Connection } from 'mongoose';")),
  refused(/mongoose stays inside/, at('server/app.ts', "import mongoose from 'mongoose';")),
  refused(/mongoose stays inside/, at('server/identity/bootstrap.ts', "import mongoose from 'mongoose';")),
];

const ALLOWED: Sample[] = [
  // Downward imports, a pure core naming the interface it is handed, a route naming the plain record a store returns.
  at('server/monitoring/escalation.ts', "import { dayFromDate } from '../ground/calendar';"),
  at('server/metrics/loan-state.ts', "import { dayFromDate } from '../ground/calendar';", "import { yuanFromCents } from '../ground/money';"),
  at('server/http/routes.ts', "import { hasAnyRole } from '../identity/principal';"),
  at('server/authority/grant.policy.ts', "import type { DelegationPolicy } from './delegation.service';"),
  at('server/audit/audit.routes.ts', "import type { AuditEntryRecord } from './audit.model';"),
  at('server/monitoring/a.store.ts', "import type { Logger } from '../logger';", "import { isDuplicate } from '../store/mongo-errors';"),
  // The listed exceptions, and the composition floor importing downward.
  at('server/identity/bootstrap.ts', "import type { Config } from '../config';"),
  at('server/logger.ts', "import { PERSONAL_REDACT_PATHS } from './privacy/masking';"),
  at('server/config.ts', "import type { LogLevel } from './logger';", "import { DEFAULTS } from './monitoring/monitoring-settings';"),
  // The event shapes are ground: a pure core may build events; capabilities use the outbox.
  at('server/monitoring/signals.ts', "import type { PlatformEvent } from '../events/platform-events';"),
  at('server/claims/claim-trigger.service.ts', "import type { EventOutbox } from '../events/event-outbox';"),
  at('server/events/event-outbox.ts', "import type { Logger } from '../logger';", "import type { PlatformEvent } from './platform-events';"),
  // mongoose's homes: models, stores and server/store/; everyone else names the connection through server/store/connection.
  at('server/monitoring/alert.model.ts', "import { Schema, type Connection } from 'mongoose';"),
  at('server/monitoring/alert.store.ts', "import type { Connection, Model } from 'mongoose';", "import type { Logger } from '../logger';"),
  at('server/store/keyset-page.ts', "import type { Model } from 'mongoose';"),
  at('server/jobs/job.service.ts', "import type { Connection } from '../store/connection';"),
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
  for (const { filePath } of ALLOWED) expect({ filePath, messages: restrictions(results, filePath) }).toEqual({ filePath, messages: [] });
});

// The files that crossed floors before the rules, and the listed exceptions; `npm run lint` (CI) checks the whole tree.
const CROSSING_FILES = [
  'server/logger.ts',
  'server/config.ts',
  'server/http/cross-site.ts',
  'server/webhooks/webhook-settings.ts',
  'server/identity/bootstrap.ts',
  'server/audit/settings-audit.ts',
  'server/audit/audit.routes.ts',
  'server/authority/org-unit.routes.ts',
  'server/decisions/decision.routes.ts',
];

test('the files that crossed floors now keep to theirs (the whole tree is `npm run lint`)', () => {
  const problems = lint('files', CROSSING_FILES)
    .filter((result) => result.messages.length > 0)
    .map((result) => ({ filePath: result.filePath, messages: result.messages.map((message) => message.message) }));
  expect(problems).toEqual([]);
});
