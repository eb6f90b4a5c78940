// The repository lints itself with its own rule (without type information: fast, and the same
// bindings-and-contexts analysis users get from `loopguard.configs.recommended`).
import tsParser from '@typescript-eslint/parser';
import tseslint from 'typescript-eslint';
import loopguard from 'eslint-plugin-loopguard';

export default [
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'fixtures/**', '**/tests/fixtures/**', '**/scratch/**', '**/artifacts/**', '**/.cache/**',
      // Copies of fixtures/ that the build puts into packages for their tarballs.
      'packages/cli/example-app/**', 'packages/fixture-server/patterns/**'],
  },
  {
    files: ['packages/*/src/**/*.ts', 'packages/*/scripts/**/*.{js,mjs,ts}', 'scripts/**/*.mjs'],
    languageOptions: { parser: tsParser },
    // Registered so that `eslint-disable` comments naming its rules resolve; none of its rules is on here.
    plugins: { loopguard, '@typescript-eslint': tseslint.plugin },
    rules: { 'loopguard/no-blocking-io': 'error' },
  },
  {
    // Command-line programs: the CLI and the fixture server's runner own their process.
    files: ['packages/cli/src/**/*.ts', 'packages/fixture-server/src/**/*.ts', 'packages/trace/src/run.ts', 'packages/*/scripts/**', 'scripts/**'],
    rules: { 'loopguard/no-blocking-io': ['error', { cliFiles: ['src/**', 'scripts/**'] }] },
  },
];
