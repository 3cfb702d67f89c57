// One lint gate for backend, contracts, the Angular app (templates included) and the
// e2e tests. Type-aware rules catch what tsc lets through: promises nobody awaits,
// switches that miss a new event type. Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
  '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
  // An async adapter method turns a synchronous throw into a rejection, which callers of a
  // Promise-returning port rely on; it need not await anything to be right.
  '@typescript-eslint/require-await': 'off',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
  curly: ['error', 'all'],
  eqeqeq: ['error', 'always'],
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'coverage/', '.angular/', '.cluster/', 'e2e/artifacts/', 'e2e/test-results/', 'deploy/'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    rules: typeAwareRules,
  },
  {
    files: ['backend/**/*.ts', 'contracts/**/*.ts'],
    languageOptions: { parserOptions: { project: ['backend/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['e2e/**/*.ts'],
    languageOptions: { parserOptions: { project: ['e2e/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['frontend/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    languageOptions: {
      parserOptions: { project: ['frontend/tsconfig.app.json', 'frontend/tsconfig.spec.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['frontend/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
  // Scripts, the bench and the CI helpers: plain Node, without types to check against.
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: { curly: ['error', 'all'], eqeqeq: ['error', 'always'] },
  },
  { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } },
  prettier,
  // eslint-config-prettier turns `curly` off; braces on every block is a style we want kept.
  { rules: { curly: ['error', 'all'] } },
);
