/**
 * The CLI, the language server and ESLint's API lint every fixture project, and their findings must agree
 * field by field: position, message and call chain, and the catalog id where the front end shows it (an LSP
 * diagnostic does not carry it). Plain JavaScript with no tsconfig or jsconfig is compared too: the three give
 * such files the CLI's inferred project, so helpers behind `require()` are followed by all of them. All three get a finding's data from the
 * plugin (`eslint-plugin-loopguard/findings`); none reads it back from the message text.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { findingOf, isProjectServiceFailure, lintConfig } from 'eslint-plugin-loopguard/findings';
import { writeInferredProject } from 'loopguard';
import { type Compared, fromDiagnostics, REPO, rel, sorted, viaCli, withoutCatalogId } from './support/compare';
import { TestClient } from './support/lsp-client';

function projects(): string[] {
  const dirs = ['fixtures/example-app'];
  for (const parent of ['fixtures/projects', 'fixtures/cli']) {
    for (const name of fs.readdirSync(path.join(REPO, parent)).sort()) {
      if (fs.statSync(path.join(REPO, parent, name)).isDirectory()) dirs.push(`${parent}/${name}`);
    }
  }
  return dirs;
}

async function viaEslintApi(root: string, files: string[]): Promise<Compared[]> {
  const run = async (which: string[], inferredProject?: string): Promise<ESLint.LintResult[]> => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: lintConfig({ parser: tsParser as unknown as Linter.Parser, cwd: root, typed: !inferredProject, ...(inferredProject ? { inferredProject } : {}), longRunning: true, rule: { severity: 'error' } }),
      errorOnUnmatchedPattern: false,
      warnIgnored: false,
    });
    return eslint.lintFiles(which);
  };
  // Typed through the project service where a tsconfig or jsconfig includes the file...
  let results = await run(files);
  // ...and through the CLI's inferred project for the files none includes (a project with no config at all
  // included), as the CLI and the language server do.
  const loose = results.filter((r) => r.messages.some(isProjectServiceFailure)).map((r) => rel(root, r.filePath));
  if (loose.length > 0) {
    const inferred = writeInferredProject(root, loose.map((f) => path.join(root, f)));
    try {
      results = [...results.filter((r) => !loose.includes(rel(root, r.filePath))), ...(await run(loose, inferred.tsconfig))];
    } finally {
      inferred.dispose();
    }
  }
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
      found.push(...fromDiagnostics(root, file, client.published.get(uri)?.diagnostics ?? []));
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
      assert.deepEqual(sorted(api), sorted(cli.findings), `${project}: ESLint's API and the CLI differ`);
      assert.deepEqual(withoutCatalogId(server), withoutCatalogId(cli.findings), `${project}: the language server and the CLI differ`);
    });
  }

  it('plain JavaScript with no tsconfig or jsconfig: the server follows a helper behind require(), through the inferred project', async () => {
    const root = path.join(REPO, 'fixtures/cli/plain-js-app');
    const server = await viaLanguageServer(root, ['server.js']);
    assert.deepEqual(
      server.map((f) => [f.file, f.line, f.column, f.chain]),
      [['server.js', 6, 11, ['lib/store.js:5:10']]],
    );
  });

  it('with CI=true in its environment, the server follows the helper on every lint, not only the first', async () => {
    // typescript-estree takes a process with CI=true for a single run and gives a file's second parse a
    // program of that file alone; the server, which lints a file again on every edit, turns that off.
    const root = path.join(REPO, 'fixtures/cli/plain-js-app');
    const client = await TestClient.start({ profile: 'vscode', root, env: { CI: 'true' } });
    try {
      const uri = await client.open('server.js');
      const chains = (d: Awaited<ReturnType<typeof client.diagnostics>>) => fromDiagnostics(root, 'server.js', d).map((f) => [f.line, f.column, f.chain]);
      const expected = [[6, 11, ['lib/store.js:5:10']]];
      assert.deepEqual(chains(await client.diagnostics(uri)), expected, 'first lint');
      for (let i = 1; i <= 2; i++) {
        await client.edit(uri, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, newText: `// edit ${i}\n` }]);
        const version = client.documents.get(uri)!.version;
        assert.deepEqual(chains(await client.diagnostics(uri)), expected, `lint after edit ${i} (version ${version})`);
      }
    } finally {
      await client.stop();
    }
  });

  it('has findings to compare (a test that can fail: an empty run agrees with itself)', () => {
    const cli = viaCli(path.join(REPO, 'fixtures/projects/express-service'));
    assert.ok(cli.findings.some((f) => f.chain.length > 0 && f.catalogId === 'fs.readFileSync'), 'express-service has a chain ending in fs.readFileSync');
  });
});
