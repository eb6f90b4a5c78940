import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource, LSPErrorCodes, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { copyFixture, MINI_APP, TestClient } from './support/lsp-client';
import { actionsFor, diagnosticAt, DOCS, exists, msg, named, read, RULE, typeCheck } from './support/scenarios';

// A client like VS Code: pulls diagnostics, resolves code action edits lazily, watches files.
describe('language server, VS Code-like client (pull diagnostics, codeAction/resolve)', () => {
  let root: string;
  let client: TestClient;

  // One server for the suite, like one editor session; each test starts from the fixture as it was.
  before(async () => {
    root = copyFixture(MINI_APP);
    client = await TestClient.start({ profile: 'vscode', root });
  });

  beforeEach(async () => {
    await client.reset(MINI_APP);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('pulls diagnostics with source, code, docs link, data and the call chain as related information', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostics = await client.diagnostics(uri);
    assert.equal(diagnostics.length, 3);
    for (const d of diagnostics) {
      assert.equal(d.source, 'loopguard');
      assert.equal(d.code, RULE);
      assert.equal(d.codeDescription?.href, DOCS);
      assert.equal(d.severity, 2);
      assert.deepEqual(d.data, { uri, version: 1, index: diagnostics.indexOf(d) });
    }
    const direct = diagnosticAt(client, uri, diagnostics, 'readFileSync(file');
    assert.match(msg(direct), /^`fs\.readFileSync` blocks the event loop in an async function/);
    assert.equal(direct.relatedInformation?.length, 1);
    assert.deepEqual(direct.relatedInformation?.[0]?.location, { uri, range: direct.range });

    const viaHelper = diagnosticAt(client, uri, diagnostics, 'loadTemplate(name)');
    assert.match(msg(viaHelper), /^`loadTemplate\(\)` blocks the event loop/);
    const chain = viaHelper.relatedInformation ?? [];
    assert.equal(chain.length, 2, JSON.stringify(chain));
    assert.deepEqual(chain[0]?.location, { uri, range: viaHelper.range });
    assert.equal(chain[1]?.location.uri, client.uri('src/helper.ts'));
    assert.deepEqual(chain[1]?.location.range.start, { line: 3, character: 9 });
    assert.match(chain[1]?.message ?? '', /`fs\.readFileSync` blocks/);
  });

  it('answers "unchanged" for a result id that is still current', async () => {
    const uri = await client.open('src/handlers.ts');
    const first = await client.pull(uri);
    assert.equal(first.kind, 'full');
    const again = await client.pull(uri, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
  });

  it('offers convert to async as the preferred fix and resolves its edit lazily', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'readFileSync(file');
    const actions = await actionsFor(client, uri, diagnostic);
    const convert = named(actions, /^Replace with `await readFile\(\.\.\.\)`/);
    assert.equal(convert.isPreferred, true);
    assert.equal(convert.edit, undefined, 'the edit comes from codeAction/resolve');
    const resolved = await client.resolved(convert);
    const change = resolved.edit?.documentChanges?.[0];
    assert.ok(change && 'textDocument' in change);
    assert.equal(change.textDocument.version, 1);
    await client.apply(resolved.edit!);
    assert.match(client.text(uri), /return await readFile\(file, 'utf8'\);/);
    assert.match(client.text(uri), /import \{ readFile \} from 'node:fs\/promises';/);
    const after = await client.diagnostics(uri, (d) => d.length === 2);
    assert.equal(after.length, 2);
  });

  it('refuses to resolve an edit for a version of the document that is gone', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'readFileSync(file');
    const convert = named(await actionsFor(client, uri, diagnostic), /^Replace with `await readFile/);
    await client.edit(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '// edited\n' }]);
    await assert.rejects(client.resolved(convert), (error: { code?: number; message?: string }) => {
      assert.equal(error.code, LSPErrorCodes.ContentModified);
      assert.match(error.message ?? '', /changed after the code action .* was offered \(version 1, now 2\)/);
      return true;
    });
  });

  it('moves pbkdf2Sync to a worker thread: worker module, shared pool, awaited call, and it type-checks', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'pbkdf2Sync(');
    const move = named(await actionsFor(client, uri, diagnostic), /^Move to a worker thread/);
    assert.match(move.title, /add piscina to package\.json/);
    await client.apply((await client.resolved(move)).edit!);
    await client.save(uri);
    assert.match(
      client.text(uri),
      /const key = Buffer\.from\(\(await loopguardPool\.run\(\{ password, salt \}, \{ filename: workerFile\(__filename, 'handlers\.worker'\), name: 'hashPasswordPbkdf2Sync' \}\) as ReturnType<typeof hashPasswordPbkdf2Sync>\)\);/,
    );
    assert.match(client.text(uri), /import \{ pool as loopguardPool, workerFile \} from '\.\/loopguard-pool';/);
    assert.match(read(root, 'src/handlers.worker.ts'), /export function hashPasswordPbkdf2Sync\(\{ password, salt \}: \{ password: string; salt: string \}\) \{\n  return pbkdf2Sync\(password, salt, 1000, 32, 'sha256'\);\n\}/);
    assert.match(read(root, 'src/handlers.worker.ts'), /^\/\/ Created by loopguard/);
    assert.match(read(root, 'src/loopguard-pool.ts'), /export const pool = new Piscina\(\);/);
    await client.waitFor(() => client.messages.find((m) => /`piscina` is not in the dependencies of .*package\.json/.test(m)), `the missing piscina warning in ${JSON.stringify(client.messages)}`);
    const tsc = typeCheck(root);
    assert.equal(tsc.status, 0, tsc.output);
  });

  it('never overwrites an existing file when moving to a worker', async () => {
    fs.writeFileSync(path.join(root, 'src', 'handlers.worker.ts'), '// mine\nexport const x = 1;\n');
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'pbkdf2Sync(');
    const move = named(await actionsFor(client, uri, diagnostic), /^Move to a worker thread/);
    await client.apply((await client.resolved(move)).edit!);
    assert.equal(read(root, 'src/handlers.worker.ts'), '// mine\nexport const x = 1;\n');
    assert.ok(exists(root, 'src/handlers.worker2.ts'));
    assert.match(client.text(uri), /workerFile\(__filename, 'handlers\.worker2'\)/);
  });

  it('disables the rule for one line', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'readFileSync(file');
    const disable = named(await actionsFor(client, uri, diagnostic), /^Disable loopguard\/no-blocking-io for this line$/);
    await client.apply((await client.resolved(disable)).edit!);
    assert.match(client.text(uri), /\n {2}\/\/ eslint-disable-next-line loopguard\/no-blocking-io\n {2}return readFileSync\(file, 'utf8'\);/);
    const after = await client.diagnostics(uri, (d) => d.length === 2);
    assert.equal(after.length, 2);
  });

  it('shows the documentation through window/showDocument', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'readFileSync(file');
    const docs = named(await actionsFor(client, uri, diagnostic), /^Show documentation/);
    assert.ok(docs.command);
    await client.connection.sendRequest('workspace/executeCommand', { command: docs.command.command, arguments: docs.command.arguments });
    assert.deepEqual(client.shownDocuments, [DOCS]);
  });

  it('converts every convertible call of the file with the source action', async () => {
    const uri = await client.open('src/handlers.ts');
    await client.diagnostics(uri);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source']);
    assert.deepEqual(actions.map((a) => a.kind), ['source.loopguard.convertAll']);
    await client.apply((await client.resolved(actions[0]!)).edit!);
    const text = client.text(uri);
    assert.match(text, /return await readFile\(file, 'utf8'\);/);
    assert.match(text, /const key = await promisify\(pbkdf2\)\(password, salt, 1000, 32, 'sha256'\);/);
    const after = await client.diagnostics(uri, (d) => d.length === 1);
    assert.match(msg(after[0]), /^`loadTemplate\(\)`/);
  });

  it('follows configuration changes per resource: severity, enable, contexts', async () => {
    const uri = await client.open('src/handlers.ts');
    assert.equal((await client.diagnostics(uri))[0]?.severity, 2);
    await client.changeSettings({ '': { severity: 'error' } });
    await client.waitFor(() => (client.refreshes > 0 ? true : undefined), 'a diagnostic refresh');
    assert.deepEqual((await client.diagnostics(uri)).map((d) => d.severity), [1, 1, 1]);
    await client.changeSettings({ '': {}, [client.uri('src/')]: { enable: false } });
    assert.deepEqual(await client.diagnostics(uri), []);
    await client.changeSettings({ '': { contexts: ['request-handler'] } });
    assert.deepEqual(await client.diagnostics(uri), []);
    await client.changeSettings({ '': { contexts: ['async-function'] } });
    assert.equal((await client.diagnostics(uri)).length, 3);
  });

  it('cancels a diagnostic request', async () => {
    const uri = await client.open('src/handlers.ts');
    const source = new CancellationTokenSource();
    const pending = client.pull(uri, undefined, source);
    source.cancel();
    await assert.rejects(pending, (error: { code?: number }) => {
      assert.equal(error.code, LSPErrorCodes.RequestCancelled);
      return true;
    });
    // The server is still fine afterwards.
    assert.equal((await client.diagnostics(uri)).length, 3);
  });

  it('asks for a refresh when a helper changes, and the caller is re-diagnosed without being touched', async () => {
    const handlers = await client.open('src/handlers.ts');
    const helper = await client.open('src/helper.ts');
    assert.equal((await client.diagnostics(handlers)).length, 3);
    await client.diagnostics(helper);
    const before = client.refreshes;
    await client.replaceText(helper, "export function loadTemplate(name: string): string {\n  return `<h1>${name}</h1>`;\n}\n");
    await client.diagnostics(helper);
    await client.waitFor(() => (client.refreshes > before ? true : undefined), 'a refresh after the helper changed');
    const after = await client.diagnostics(handlers);
    assert.equal(after.length, 2);
    assert.equal(after.find((d) => /loadTemplate/.test(msg(d))), undefined);
  });

  it('re-diagnoses callers when a helper changes on disk (watched files)', async () => {
    const handlers = await client.open('src/handlers.ts');
    assert.equal((await client.diagnostics(handlers)).length, 3);
    fs.writeFileSync(path.join(root, 'src', 'helper.ts'), "export function loadTemplate(name: string): string {\n  return name;\n}\n");
    const before = client.refreshes;
    await client.fileChanged('src/helper.ts');
    await client.waitFor(() => (client.refreshes > before ? true : undefined), 'a refresh after the file changed on disk');
    assert.equal((await client.diagnostics(handlers)).length, 2);
  });

  it('lints untitled documents and files outside any tsconfig without types', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport async function f(p: string) {\n  return readFileSync(p);\n}\n";
    const untitled = await client.openUntitled('Untitled-1', code);
    assert.equal((await client.diagnostics(untitled)).length, 1);
    // Not `scripts/`: the rule treats that folder as command-line code.
    fs.mkdirSync(path.join(root, 'tools'));
    fs.writeFileSync(path.join(root, 'tools', 'outside.ts'), code);
    const outside = await client.open('tools/outside.ts');
    assert.equal((await client.diagnostics(outside)).length, 1);
  });

  it('uses the project ESLint config for loopguard only in a trusted workspace', async () => {
    linkPlugin(root);
    fs.writeFileSync(
      path.join(root, 'eslint.config.mjs'),
      "import loopguard from 'eslint-plugin-loopguard';\nexport default [{ files: ['**/*.ts'], plugins: { loopguard }, rules: { 'loopguard/no-blocking-io': ['error', { contexts: ['timer'] }] } }];\n",
    );
    await client.fileChanged('eslint.config.mjs', 1);
    const uri = await client.open('src/handlers.ts');
    assert.equal((await client.diagnostics(uri)).length, 3, 'untrusted: the project config is never loaded');
    const trusted = await TestClient.start({ profile: 'vscode', root, trusted: true });
    try {
      const trustedUri = await trusted.open('src/handlers.ts');
      assert.deepEqual(await trusted.diagnostics(trustedUri), [], 'trusted: contexts come from eslint.config.mjs');
    } finally {
      await trusted.stop();
      fs.rmSync(path.join(root, 'node_modules', 'eslint-plugin-loopguard'));
    }
  });
});

function linkPlugin(root: string): void {
  const plugin = fs.realpathSync(path.join(__dirname, '..', 'node_modules', 'eslint-plugin-loopguard'));
  fs.symlinkSync(plugin, path.join(root, 'node_modules', 'eslint-plugin-loopguard'));
}

export type { Diagnostic };
