/**
 * The CLI, the language server and ESLint's API lint every fixture project, and their findings must agree
 * field by field: position, message and call chain, and the catalog id where the front end shows it (an LSP
 * diagnostic does not carry it). All three get a finding's data from the
 * plugin (`eslint-plugin-loopguard/findings`); none reads it back from the message text.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { findingOf, isProjectServiceFailure, lintConfig } from 'eslint-plugin-loopguard/findings';
import { TestClient } from './support/lsp-client';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'packages/cli/bin/loopguard.js');

/** The fields every front end must agree on; positions 1-based, files relative to the project. */
interface Compared {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  readonly message: string;
  readonly catalogId: string | undefined;
  readonly chain: string[];
}

function projects(): string[] {
  const dirs = ['fixtures/example-app'];
  for (const parent of ['fixtures/projects', 'fixtures/cli']) {
    for (const name of fs.readdirSync(path.join(REPO, parent)).sort()) {
      if (fs.statSync(path.join(REPO, parent, name)).isDirectory()) dirs.push(`${parent}/${name}`);
    }
  }
  return dirs;
}

const rel = (root: string, file: string): string => path.relative(root, file).split(path.sep).join('/');
const sortKey = (f: Compared): string => `${f.file}\0${String(f.line).padStart(6, '0')}\0${String(f.column).padStart(6, '0')}\0${f.message}`;
const sorted = (list: Compared[]): Compared[] => [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

interface CliJson {
  files: Array<{ file: string }>;
  findings: Array<{ file: string; line: number; column: number; endLine?: number; endColumn?: number; message: string; ruleId: string | null; catalogId?: string; chain?: Array<{ file: string; line: number; column: number }> }>;
}

function viaCli(root: string): { files: string[]; findings: Compared[] } {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CLI, '--format', 'json', '--no-progress', '.'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // Exit code 1: findings were reported; the JSON is on stdout all the same.
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  const doc = JSON.parse(out) as CliJson;
  return {
    files: doc.files.map((f) => f.file).filter((f) => !f.endsWith('.rs')),
    findings: doc.findings
      .filter((f) => f.ruleId === 'loopguard/no-blocking-io')
      .map((f) => ({
        file: f.file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        message: f.message,
        catalogId: f.catalogId,
        chain: (f.chain ?? []).map((s) => `${s.file}:${s.line}:${s.column}`),
      })),
  };
}

async function viaEslintApi(root: string, files: string[]): Promise<Compared[]> {
  // A jsconfig.json makes a project typed too, as it does for the CLI and the language server.
  const typed = fs.existsSync(path.join(root, 'tsconfig.json')) || fs.existsSync(path.join(root, 'jsconfig.json'));
  const run = async (isTyped: boolean, which: string[]): Promise<ESLint.LintResult[]> => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: lintConfig({ parser: tsParser as unknown as Linter.Parser, cwd: root, typed: isTyped, rule: { severity: 'error' } }),
      errorOnUnmatchedPattern: false,
      warnIgnored: false,
    });
    return eslint.lintFiles(which);
  };
  let results = await run(typed, files);
  const failed = results.filter((r) => r.messages.some(isProjectServiceFailure)).map((r) => rel(root, r.filePath));
  if (failed.length > 0) results = [...results.filter((r) => !failed.includes(rel(root, r.filePath))), ...(await run(false, failed))];
  const found: Compared[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      if (m.ruleId !== 'loopguard/no-blocking-io') continue;
      const data = findingOf(m);
      assert.ok(data, `ESLint's API: no finding data on ${rel(root, result.filePath)}:${m.line}:${m.column}`);
      found.push({
        file: rel(root, result.filePath),
        line: m.line,
        column: m.column,
        endLine: m.endLine,
        endColumn: m.endColumn,
        message: m.message,
        catalogId: data.catalogId,
        chain: data.chain.map((s) => `${rel(root, s.file)}:${s.line}:${s.column}`),
      });
    }
  }
  return found;
}

async function viaLanguageServer(root: string, files: string[]): Promise<Compared[]> {
  const client = await TestClient.start({ profile: 'neovim', root });
  try {
    const found: Compared[] = [];
    for (const file of files) {
      const uri = pathToFileURL(path.join(root, file)).href;
      await client.connection.sendRequest('loopguard/lintFile', { uri });
      const pushed = client.published.get(uri)?.diagnostics ?? [];
      for (const d of pushed) {
        // relatedInformation: the reported call first, then one entry per chain step (none for a direct call).
        const steps = (d.relatedInformation ?? []).length > 1 ? (d.relatedInformation ?? []).slice(1) : [];
        found.push({
          file,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          message: typeof d.message === 'string' ? d.message : d.message.value,
          catalogId: undefined,
          chain: steps.map((s) => `${rel(root, fileURLToPath(s.location.uri))}:${s.location.range.start.line + 1}:${s.location.range.start.character + 1}`),
        });
      }
    }
    return found;
  } finally {
    await client.stop();
  }
}

describe('front ends agree: CLI, language server and ESLint API on every fixture project', function () {
  this.timeout(600_000);
  for (const project of projects()) {
    it(project, async () => {
      const root = path.join(REPO, project);
      const cli = viaCli(root);
      const api = await viaEslintApi(root, cli.files);
      const server = await viaLanguageServer(root, cli.files);
      const withoutCatalogId = (list: Compared[]): Compared[] => sorted(list).map((f) => ({ ...f, catalogId: undefined }));
      // Plain JavaScript with no tsconfig or jsconfig: the CLI lints it typed, through the inferred project it
      // writes (helpers behind require() are followed; packages/cli/tests/e2e covers it), while the language server
      // has no inferred project yet and lints it untyped, as ESLint's API does with lintConfig alone. Until the
      // server has one too, such a project compares the server with ESLint's API, and the CLI is not compared.
      if (!fs.existsSync(path.join(root, 'tsconfig.json')) && !fs.existsSync(path.join(root, 'jsconfig.json')) && cli.files.every((f) => /\.[cm]?js$/u.test(f))) {
        assert.deepEqual(withoutCatalogId(server), withoutCatalogId(api), `${project}: the language server and ESLint's API differ`);
        return;
      }
      assert.deepEqual(sorted(api), sorted(cli.findings), `${project}: ESLint's API and the CLI differ`);
      assert.deepEqual(withoutCatalogId(server), withoutCatalogId(cli.findings), `${project}: the language server and the CLI differ`);
    });
  }

  it('has findings to compare (a test that can fail: an empty run agrees with itself)', () => {
    const cli = viaCli(path.join(REPO, 'fixtures/projects/express-service'));
    assert.ok(cli.findings.some((f) => f.chain.length > 0 && f.catalogId === 'fs.readFileSync'), 'express-service has a chain ending in fs.readFileSync');
  });
});
