// Two projects: fast unit specs beside the code, and integration specs that
// start the real app on loopback with a real redis-server.
const root = require('node:path').resolve(__dirname, '..');

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/backend/tsconfig.json', diagnostics: false }],
};

module.exports = {
  rootDir: root,
  // Integration specs start servers and stream real events; a hung wait should fail, not a slow machine.
  testTimeout: 30000,
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
      slowTestThreshold: 20,
    },
  ],
};
