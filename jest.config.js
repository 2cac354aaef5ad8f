// Unit and subgraph tests run in place; end-to-end tests (*.e2e.test.ts) start real HTTP servers on
// free ports against real (embedded or PostgreSQL) databases.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  roots: ['<rootDir>/shared', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/generated/'],
  setupFiles: ['<rootDir>/tests/support/env.ts'],
  // A test or hook (a whole system started with its demo data: ~30 s on a quiet machine) may take 4-5× that
  // when the runner is shared; a timeout then says nothing about the product.
  testTimeout: 300000,
  maxWorkers: 2,
};
