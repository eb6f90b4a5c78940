import * as fs from 'node:fs';
import * as path from 'node:path';
import { Linter } from 'eslint';

// The real rule through ESLint's Linter and the typescript-eslint parser, as a user's config would run it.
const plugin = require('eslint-plugin-loopguard') as NonNullable<Linter.Config['plugins']>[string];
const parser = require('@typescript-eslint/parser') as Linter.Parser;

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    plugins: { loopguard: plugin },
    rules: { 'loopguard/no-blocking-io': 'error' },
  },
];

export function lintText(text: string, file: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: REPO_ROOT });
  return linter.verify(text, config, { filename: file });
}

export function lintFile(file: string): Linter.LintMessage[] {
  return lintText(fs.readFileSync(file, 'utf8'), file);
}

/**
 * Applies the first suggestion of the first finding that has one, re-lints, and repeats: what a user gets by
 * accepting every suggestion in turn in an editor.
 */
export function applyAllSuggestions(file: string): { text: string; applied: string[] } {
  let text = fs.readFileSync(file, 'utf8');
  const applied: string[] = [];
  for (let round = 0; round < 50; round++) {
    const message = lintText(text, file).find((m) => m.suggestions && m.suggestions.length > 0);
    const suggestion = message?.suggestions?.[0];
    if (!message || !suggestion) return { text, applied };
    if (message.fatal) throw new Error(`${file}: ${message.message}`);
    text = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
    applied.push(suggestion.messageId ?? suggestion.desc);
  }
  throw new Error(`${file}: suggestions did not converge after 50 rounds`);
}
