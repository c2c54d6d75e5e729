// One jest run covers unit, api and process tests. globalSetup provisions a single local
// database (FerretDB) unless MONGODB_URI is given; each test file then works in its own database.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: type errors are `npm run typecheck`'s job, and this keeps runs fast on 2 cores.
  transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
