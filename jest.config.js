// One jest run covers unit, api and process tests. globalSetup provisions a single local
// database (FerretDB) unless MONGODB_URI is given; each test file then works in its own database.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: type errors are `npm run typecheck`'s job, and this keeps runs fast on 2 cores.
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
    // Agenda 6 ships ESM only. Node 20.19+ loads it with require(esm), but jest has its own module loader
    // that does not, so jest alone transpiles these two packages to CommonJS.
    '/node_modules/(agenda|@agendajs/mongo-backend)/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(agenda|@agendajs/mongo-backend)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Hooks start a whole app (models, seeding, hashing); on 2 shared cores that can take tens of seconds.
  testTimeout: 60000,
  maxWorkers: 2,
};
