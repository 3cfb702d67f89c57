// Two projects: fast unit specs beside the code, and integration specs that
// start the real app on loopback with a real redis-server.
const root = require('node:path').resolve(__dirname, '..');

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/backend/tsconfig.json', diagnostics: false }],
};

module.exports = {
  rootDir: root,
  projects: [
    {
      displayName: 'unit',
      rootDir: root,
      testEnvironment: 'node',
      roots: ['<rootDir>/backend/src'],
      testMatch: ['**/*.spec.ts'],
      transform,
    },
    {
      displayName: 'integration',
      rootDir: root,
      testEnvironment: 'node',
      roots: ['<rootDir>/backend/test'],
      testMatch: ['**/*.int-spec.ts'],
      transform,
      testTimeout: 30000,
      slowTestThreshold: 20,
    },
  ],
};
