// Unit specs live beside the code (src/**/*.spec.ts); e2e specs in test/ run against a real PostgreSQL
// started once per run by test/support/global-setup.ts. `jest src` or `jest test` selects one kind.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.json',
        diagnostics: false,
        // The same Swagger plugin as `nest build`, so the OpenAPI document under test matches production.
        astTransformers: {
          before: ['<rootDir>/test/support/swagger-transformer.js'],
        },
      },
    ],
  },
  moduleNameMapper: {
    '^@hotleads/shared$': '<rootDir>/../../libs/shared/src/index.ts',
    '^@hotleads/shared/password-policy$': '<rootDir>/../../libs/shared/src/password-policy.ts',
  },
};
