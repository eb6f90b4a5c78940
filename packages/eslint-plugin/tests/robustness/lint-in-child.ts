// Lints one file with typed parser options in a process of its own and prints ESLint's messages as JSON.
// typescript-eslint keeps one project service per process, created with the options of the first typed lint; a
// case about those options needs a fresh process. Usage: node -r tsx/cjs lint-in-child.ts '<{"file","parserOptions"}>'
import * as fs from 'node:fs';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin = require('../../src');

const { file, parserOptions } = JSON.parse(process.argv[2] ?? '{}') as { file: string; parserOptions: Record<string, unknown> };
const linter = new Linter({ configType: 'flat', cwd: '/' });
const messages = linter.verify(
  fs.readFileSync(file, 'utf8'),
  [
    {
      files: ['**/*.ts'],
      plugins: { loopguard: plugin as never },
      languageOptions: { parser: tsParser as unknown as Linter.Parser, sourceType: 'module', parserOptions },
      rules: { 'loopguard/no-blocking-io': 'error' },
    },
  ],
  file,
);
// On a line of its own: the ESLint version switch prints a line first.
process.stdout.write(`\n${JSON.stringify(messages)}\n`);
