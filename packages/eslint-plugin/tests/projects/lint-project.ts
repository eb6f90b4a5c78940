import * as path from 'node:path';
import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from '../../src';
import { findingOf, findingsProcessor, type ChainStep } from '../../src/findings';

export const PROJECTS = path.resolve(__dirname, '../../../../fixtures/projects');

export interface Finding {
  file: string;
  line: number;
  column: number;
  messageId: string;
  message: string;
  suggestions: string[];
  /** The call chain from the finding's data (empty for a direct call). */
  chain: readonly ChainStep[];
}

/**
 * Lints a fixture project the way a user's flat config would: typed through the project service (files
 * outside the tsconfig through the default project), or without types.
 */
export async function lintProject(dir: string, typed: boolean, ruleOptions: Record<string, unknown> = {}): Promise<Finding[]> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    errorOnUnmatchedPattern: false,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.js'],
        ignores: ['**/*.d.ts'],
        languageOptions: {
          parser: tsParser,
          parserOptions: typed
            ? { projectService: { allowDefaultProject: ['scripts/*.ts'] }, tsconfigRootDir: dir }
            : {},
        },
        plugins: { loopguard: plugin },
        processor: findingsProcessor,
        rules: { 'loopguard/no-blocking-io': ['error', ruleOptions] },
      },
    ],
  });
  const results = await eslint.lintFiles(['**/*.ts', '**/*.js']);
  const findings: Finding[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      findings.push({
        file: path.relative(dir, result.filePath).split(path.sep).join('/'),
        line: m.line,
        column: m.column,
        messageId: m.messageId ?? `fatal: ${m.message}`,
        message: m.message,
        suggestions: (m.suggestions ?? []).map((s) => s.desc),
        chain: findingOf(m)?.chain ?? [],
      });
    }
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
