/** ESLint and oxlint, each with only loopguard and no type information, on the same files: their findings. */
import * as path from 'node:path';
import { discoverFiles } from '../../src/discover';
import { eslintOptions } from '../../src/eslint-options';
import { loadESLint } from '../../src/lint';
import { findOxlint, oxlintConfig, runOxlint } from '../../src/oxlint';

export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const PLUGIN = require.resolve('eslint-plugin-loopguard');

/** A finding in the fields both hosts report, with the file relative to the project. */
export interface Row {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string | null;
  readonly message: string;
}

export function rowKey(r: Row): string {
  return `${r.file}:${r.line}:${r.column} ${r.ruleId} ${r.message}`;
}

export interface Comparison {
  readonly files: number;
  readonly eslint: Row[];
  readonly oxlint: Row[];
  readonly oxlintStderr: string;
}

export async function compare(project: string): Promise<Comparison> {
  const cwd = path.join(REPO, project);
  const { files } = discoverFiles(['.'], cwd);
  const { ESLint } = loadESLint();
  const eslint = new ESLint(eslintOptions({ cwd, typed: false, untypedFiles: [], severity: 'error', concurrency: 'off' }));
  const results = await eslint.lintFiles(files);
  const eslintRows = results
    .flatMap((r) => r.messages.map((m) => ({ file: path.relative(cwd, r.filePath), line: m.line, column: m.column, ruleId: m.ruleId, message: m.message })))
    .sort(byPosition);
  const bin = findOxlint(__dirname);
  if (!bin) throw new Error('oxlint is not installed for packages/cli: run `pnpm install` (it is a devDependency).');
  const run = await runOxlint({ bin, cwd, files, config: oxlintConfig({ plugin: PLUGIN }) });
  const oxlintRows = run.findings.map((f) => ({ file: path.relative(cwd, f.filePath), line: f.line, column: f.column, ruleId: f.ruleId, message: f.message })).sort(byPosition);
  return { files: files.length, eslint: eslintRows, oxlint: oxlintRows, oxlintStderr: run.stderr };
}

function byPosition(a: Row, b: Row): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : 1);
}
