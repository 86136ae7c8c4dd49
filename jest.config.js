// Three tiers (STYLE.md): unit (*.spec.ts), service integration (*.integration.spec.ts,
// real PostgreSQL/Redis/RabbitMQ/Docker) and end-to-end (tests/, the whole supergraph as
// real processes). `npm test` runs all three, one after another.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const common = {
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.run/'],
};
const code = ['libs', 'subgraphs', 'gateway', 'provisioning-worker', 'ops'].map((dir) => `<rootDir>/${dir}/**/*.spec.ts`);

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: code,
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.integration\\.spec\\.ts$'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/timeout-unit.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      // Project-level: runs only when a test of this project runs (unit tests need no services).
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      testMatch: code.map((pattern) => pattern.replace('*.spec.ts', '*.integration.spec.ts')),
      slowTestThreshold: 60,
      setupFilesAfterEnv: ['<rootDir>/tests/support/timeout-slow.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      testMatch: ['<rootDir>/tests/**/*.e2e.ts'],
      slowTestThreshold: 120,
      setupFilesAfterEnv: ['<rootDir>/tests/support/timeout-slow.ts'],
    },
    {
      ...common,
      // Fault injection with work in flight (tests/chaos): its own project, so it runs apart
      // (`npm run test:chaos`), and part of `npm test`.
      displayName: 'chaos',
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      testMatch: ['<rootDir>/tests/chaos/**/*.chaos.ts'],
      slowTestThreshold: 600,
      setupFilesAfterEnv: ['<rootDir>/tests/support/timeout-slow.ts'],
    },
  ],
};
