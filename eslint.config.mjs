// Flat config: type-aware rules would double lint time on 2 cores, so we use the recommended
// syntactic set and leave type errors to `npm run typecheck`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// ─── Layering: the floors of README § Architecture, as lint rules ─────────────────────────────────────────────
// Floors, bottom to top; a file imports its own floor and the floors below, never one above:
//   ground          pure code, no I/O: server/generated, exit-codes.ts, engine/, ground/ (calendar days and months, money
//                   in cents, used across capabilities), and the pure cores that live inside a capability
//                   (GROUND_MODULES: who is calling, *.policy.ts, bounds and effective sets, the metric formulas…)
//   infrastructure  logger.ts, store/ (the database connection and store helpers), http/ (route registry, errors, middleware),
//                   events/ (the platform events' outbox; the event shapes in events/platform-events.ts are ground)
//   capabilities    one folder each; capabilities may use one another
//   composition     config.ts (every capability's settings from the environment), app.ts, platform.ts, main.ts, worker.ts
// Besides: ground modules load no express, mongoose or other I/O module, routes never reach a model (they go through
// the capability's store or service), and mongoose is imported only by models, stores and server/store/ (MONGOOSE_HOMES;
// others name the connection through server/store/connection). The rules match the import specifier as written, so a pattern names a folder or a
// module wherever it sits in a relative path. Exceptions are listed by file with their reason and allow one specifier:
// any other violating import in that file still fails.
const CAPABILITIES = [
  'audit',
  'authority',
  'claims',
  'decisions',
  'health',
  'identity',
  'impact',
  'jobs',
  'metrics',
  'monitoring',
  'portfolio',
  'reports',
  'rulesets',
  'studio',
  'webhooks',
];
const COMPOSITION = ['app', 'config', 'main', 'platform', 'process-guard', 'worker'];
/** Pure modules inside capability folders, as paths under server/ without `.ts`. */
const GROUND_MODULES = [
  'identity/principal',
  'authority/bounds',
  'authority/effective',
  'authority/org-scope',
  'authority/org-tree',
  'authority/responsibility',
  'metrics/buckets',
  'metrics/financial-ratios',
  'metrics/growable-array',
  'metrics/loan-book',
  'metrics/loan-state',
  'metrics/metric-settings',
  'metrics/obligor-batch',
  'metrics/obligor-facts',
  'metrics/portfolio-month',
  'metrics/roll-rates',
  'metrics/segments',
  'metrics/vintages',
  'portfolio/synthetic/[^/]+',
  'monitoring/alert-transitions',
  'monitoring/escalation',
  'monitoring/signals',
];
const GROUND_FILES = [
  'server/generated/**',
  'server/exit-codes.ts',
  'server/engine/**',
  'server/ground/**',
  'server/**/*.policy.ts',
  'server/http/errors.ts',
  'server/http/error-codes.ts',
  'server/events/platform-events.ts',
  ...GROUND_MODULES.map((module) => `server/${module.replace('[^/]+', '*')}.ts`),
];
// privacy/ is personal data's one home, read by the logger and by every capability that hides personal fields.
// events/ is the platform events' one home: producers (monitoring, claims, rule sets) publish through its outbox, the
// webhooks capability is one sink; it depends on no capability.
const INFRASTRUCTURE_FILES = ['server/logger.ts', 'server/privacy/**', 'server/store/**', 'server/http/**', 'server/events/**'];
const COMPOSITION_FILES = COMPOSITION.map((name) => `server/${name}.ts`);
/** The only files that import mongoose: a capability's models and stores, and the store helpers. */
const MONGOOSE_HOMES = ['server/**/*.model.ts', 'server/**/*.store.ts', 'server/store/**'];

const RESTRICTIONS = {
  composition: {
    regex: `^\\.{1,2}/(\\.\\./)*(${COMPOSITION.join('|')})$`,
    message: 'Upward import: the composition floor (config, app, platform, main, worker) hands values down; take them as parameters.',
  },
  capabilities: {
    // Any capability folder, except the ground modules inside one.
    regex: `(^|/)(?!(${GROUND_MODULES.join('|')}|[^/]+/[^/]+\\.policy)$)(${CAPABILITIES.join('|')})/`,
    message: 'Upward import: ground and infrastructure code (engine/, pure cores, logger, store/, http/) may not depend on a capability.',
  },
  io: {
    regex: '^(express|mongoose|mongodb|pino|agenda|@agendajs/.+|csv-parse|(node:)?(fs|fs/promises|http|https|net|child_process))$',
    message: 'Ground-floor modules are pure: no express, mongoose or other I/O module; they take and return plain data.',
  },
  infrastructure: {
    regex: '((^|/)logger$|(^|/)(store|http)/(?!errors$|error-codes$))',
    message: 'Upward import: ground-floor code may not depend on the logger, store/ or http/ (the error classes of http/errors excepted).',
  },
  events: {
    regex: '(^|/)events/(?!platform-events$)',
    message: 'Upward import: ground-floor code may not load the event outbox (events/); it returns events as plain data (events/platform-events).',
  },
  // A pure core may name the interface of a collaborator it is handed (a type import), never load one.
  loaders: {
    regex: '\\.(model|store|service|routes|jobs?)$',
    allowTypeImports: true,
    message: 'Ground-floor modules load no model, store, service, route or job module (a type import of an interface is fine).',
  },
  // A route may name the plain record a store returns (a type import), never load the model.
  mongoose: {
    regex: '^mongoose$',
    message:
      "mongoose stays inside *.model.ts, *.store.ts and server/store/: ask the capability's store, or name the connection as " +
      '`import type { Connection }` from server/store/connection.',
  },
  models: {
    regex: '\\.model$',
    allowTypeImports: true,
    message: "Routes do not load models: go through the capability's store or service (a type import of the record is fine).",
  },
};

const FLOORS = {
  composition: { files: COMPOSITION_FILES, ignores: [], restrictions: [] },
  capabilities: { files: ['server/**/*.ts'], ignores: COMPOSITION_FILES, restrictions: ['composition'] },
  routes: { files: ['server/**/*.routes.ts'], ignores: [], restrictions: ['composition', 'models'] },
  infrastructure: { files: INFRASTRUCTURE_FILES, ignores: [], restrictions: ['composition', 'capabilities'] },
  ground: { files: GROUND_FILES, ignores: [], restrictions: ['composition', 'capabilities', 'io', 'infrastructure', 'events', 'loaders'] },
};

/**
 * Known exceptions, each with its reason: `file` may keep importing `allow` (a regex for the whole specifier); with
 * `typeOnly`, only as a type import. Everything else the file's floor forbids still fails, there and everywhere else.
 */
const LAYERING_EXCEPTIONS = [
  {
    file: 'server/identity/bootstrap.ts',
    floor: 'capabilities',
    allow: '\\.\\./config',
    typeOnly: true,
    reason:
      'Start-up takes the whole composed Config (admin key, session secret, seeding); giving it its own settings slice is a later step. ' +
      'Type only: no runtime edge.',
  },
  {
    file: 'server/audit/settings-audit.ts',
    floor: 'capabilities',
    allow: '\\.\\./config',
    typeOnly: true,
    reason: 'Records changes of the composed Config at start-up, so it names the Config type. Type only: no runtime edge.',
  },
];

function restrictedImports(restrictions, exceptions = []) {
  const allowed = exceptions.map((exception) => exception.allow);
  const patterns = restrictions.map((name) => {
    const { regex, ...rest } = RESTRICTIONS[name];
    return { ...rest, regex: allowed.length === 0 ? regex : `^(?!(${allowed.join('|')})$).*?(?:${regex})` };
  });
  for (const exception of exceptions.filter((candidate) => candidate.typeOnly)) {
    const message = `Layering exception, type imports only: ${exception.reason}`;
    patterns.push({ regex: `^(${exception.allow})$`, allowTypeImports: true, message });
  }
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

/** The ground floor refuses every I/O module already (`io`), mongoose with it. */
function withMongooseRefused(restrictions) {
  return restrictions.includes('io') ? restrictions : [...restrictions, 'mongoose'];
}

/**
 * One config per floor, later floors overriding earlier ones for the files they name: first for the floor's files with
 * mongoose refused, then for those of its files that are mongoose's homes (a nested array: every pattern must match)
 * without that refusal; then one per excepted file (none is a mongoose home).
 */
function layering() {
  const configs = Object.entries(FLOORS).flatMap(([floor, { files, ignores, restrictions }]) => [
    { name: `layering/${floor}`, files, ignores, rules: restrictedImports(withMongooseRefused(restrictions)) },
    {
      name: `layering/${floor} (mongoose homes)`,
      files: files.flatMap((pattern) => MONGOOSE_HOMES.map((home) => [pattern, home])),
      ignores,
      rules: restrictedImports(restrictions),
    },
  ]);
  const files = [...new Set(LAYERING_EXCEPTIONS.map((exception) => exception.file))];
  for (const file of files) {
    const exceptions = LAYERING_EXCEPTIONS.filter((exception) => exception.file === file);
    const floor = FLOORS[exceptions[0].floor];
    configs.push({ name: `layering/exception ${file}`, files: [file], rules: restrictedImports(withMongooseRefused(floor.restrictions), exceptions) });
  }
  return configs;
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'studio/dist/**', '.local/**', 'data/**', 'test-artifacts/**', 'server/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The studio runs in the browser: browser globals, not Node's or jest's.
    files: ['studio/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...layering(),
);
