import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { copyFixture, MINI_APP, TestClient } from './support/lsp-client';
import { actionsFor, diagnosticAt, DOCS, msg, named, read, RULE, typeCheck } from './support/scenarios';

// A client like Neovim 0.7: diagnostics are pushed, code actions arrive with their edits (no resolve).
describe('language server, Neovim-0.7-like client (push diagnostics, no resolve)', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = copyFixture(MINI_APP);
    client = await TestClient.start({ profile: 'neovim', root });
  });

  beforeEach(async () => {
    await client.reset(MINI_APP);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('pushes versioned diagnostics with the call chain', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostics = await client.diagnostics(uri);
    assert.equal(client.published.get(uri)?.version, 1);
    assert.equal(diagnostics.length, 3);
    for (const d of diagnostics) {
      assert.equal(d.source, 'loopguard');
      assert.equal(d.code, RULE);
      assert.equal(d.codeDescription?.href, DOCS);
    }
    const viaHelper = diagnosticAt(client, uri, diagnostics, 'loadTemplate(name)');
    assert.deepEqual(
      viaHelper.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, msg({ ...viaHelper, message: r.message })]),
      [
        [uri, 14, '1. calls `loadTemplate`'],
        [client.uri('src/helper.ts'), 3, '2. `fs.readFileSync` blocks: it reads the whole file on the main thread'],
      ],
    );
  });

  it('sends code actions with their edits, tied to the document version', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'readFileSync(file');
    // Neovim 0.7 drops `data` from diagnostics: the server must find the finding by range.
    const { data: _dropped, ...withoutData } = diagnostic;
    const actions = await actionsFor(client, uri, withoutData);
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Replace with `await readFile(...)` from the promise API of `fs`.',
        'Disable loopguard/no-blocking-io for this line',
        'Show documentation for loopguard/no-blocking-io',
        'Convert all blocking calls in this file to async (loopguard)',
      ],
    );
    const convert = named(actions, /^Replace with `await readFile/);
    assert.equal(convert.isPreferred, true);
    const change = convert.edit?.documentChanges?.[0];
    assert.ok(change && 'textDocument' in change);
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    await client.apply(convert.edit!);
    assert.match(client.text(uri), /return await readFile\(file, 'utf8'\);/);
    const after = await client.diagnostics(uri, (d) => d.length === 2);
    assert.equal(after.length, 2);
  });

  it('an edit computed for an older version is refused by the version check', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'readFileSync(file');
    const disable = named(await actionsFor(client, uri, diagnostic), /^Disable/);
    await client.edit(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '\n' }]);
    await assert.rejects(client.apply(disable.edit!), /stale edit .* computed for version 1, document is at 2/);
  });

  it('moves a call to a worker thread in one step and warns in the title that piscina is missing', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'pbkdf2Sync(');
    const move = named(await actionsFor(client, uri, diagnostic), /^Move to a worker thread \(piscina pool\): add piscina to package\.json$/);
    assert.ok(move.edit, 'no resolve: the edit comes with the action');
    await client.apply(move.edit);
    await client.save(uri);
    assert.match(client.text(uri), /const key = Buffer\.from\(\(await loopguardPool\.run\(\{ password, salt \}/);
    assert.match(read(root, 'src/handlers.worker.ts'), /export function hashPasswordPbkdf2Sync/);
    const tsc = typeCheck(root);
    assert.equal(tsc.status, 0, tsc.output);
  });

  it('moves the call of a blocking helper of another file to a worker thread', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'loadTemplate(name)');
    const move = named(await actionsFor(client, uri, diagnostic), /^Move to a worker thread/);
    await client.apply(move.edit!);
    await client.save(uri);
    assert.match(client.text(uri), /return \(await loopguardPool\.run\(\{ name \}, \{ filename: workerFile\(__filename, 'handlers\.worker'\), name: 'loadTemplateTask' \}\) as ReturnType<typeof loadTemplateTask>\);/);
    assert.match(read(root, 'src/handlers.worker.ts'), /import \{ loadTemplate \} from '\.\/helper';/);
    const tsc = typeCheck(root);
    assert.equal(tsc.status, 0, tsc.output);
  });

  it('shows the documentation as a message when the client cannot open documents', async () => {
    const uri = await client.open('src/handlers.ts');
    const diagnostic = diagnosticAt(client, uri, await client.diagnostics(uri), 'readFileSync(file');
    const docs = named(await actionsFor(client, uri, diagnostic), /^Show documentation/);
    await client.connection.sendRequest('workspace/executeCommand', { command: docs.command!.command, arguments: docs.command!.arguments });
    await client.waitFor(() => client.messages.find((m) => m === `loopguard documentation: ${DOCS}`), 'the documentation message');
  });

  it('converts all convertible calls with the source action', async () => {
    const uri = await client.open('src/handlers.ts');
    await client.diagnostics(uri);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source']);
    const all = named(actions, /^Convert all blocking calls/);
    await client.apply(all.edit!);
    assert.match(client.text(uri), /const key = await promisify\(pbkdf2\)\(password, salt, 1000, 32, 'sha256'\);/);
    const after = await client.diagnostics(uri, (d) => d.length === 1);
    assert.equal(after.length, 1);
  });

  it('follows pushed configuration changes', async () => {
    const uri = await client.open('src/handlers.ts');
    assert.equal((await client.diagnostics(uri)).length, 3);
    await client.changeSettings({ '': { severity: 'hint' } });
    assert.deepEqual((await client.diagnostics(uri, (d) => d[0]?.severity === 4)).map((d) => d.severity), [4, 4, 4]);
    await client.changeSettings({ '': { enable: false } });
    assert.deepEqual(await client.diagnostics(uri, (d) => d.length === 0), []);
  });

  it('lints on save only when run is onSave', async () => {
    await client.changeSettings({ '': { run: 'onSave' } });
    const uri = await client.open('src/handlers.ts');
    assert.equal((await client.diagnostics(uri)).length, 3);
    await client.edit(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, newText: "  return 'x';\n" }]);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(client.published.get(uri)?.version, 1, 'no lint while typing');
    await client.save(uri);
    await client.waitFor(() => (client.published.get(uri)?.version === 2 ? true : undefined), 'diagnostics after the save');
    assert.equal(client.published.get(uri)?.diagnostics.length, 2);
  });

  it('never publishes diagnostics for a version other than the one they were computed on', async () => {
    const uri = await client.open('src/handlers.ts');
    await client.diagnostics(uri);
    const texts = new Map<number, string>([[1, client.text(uri)]]);
    const first = client.pushes.length;
    // Typing: insert lines above the calls, one keystroke after another.
    for (let i = 0; i < 8; i++) {
      const version = await client.edit(uri, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: `// ${i}\n` }]);
      texts.set(version, client.text(uri));
    }
    await client.diagnostics(uri);
    const pushed = client.pushes.slice(first).filter((x) => x.uri === uri);
    assert.equal(pushed.at(-1)?.version, 9);
    for (const p of pushed) {
      const lines = (texts.get(p.version ?? -1) ?? '').split('\n');
      for (const d of p.diagnostics) {
        const at = (lines[d.range.start.line] ?? '').slice(d.range.start.character);
        assert.match(at, /^(readFileSync|pbkdf2Sync|loadTemplate)\(/, `version ${p.version}: a diagnostic points at "${at}"`);
      }
    }
  });

  it('pushes new diagnostics for a caller when its helper stops blocking', async () => {
    const handlers = await client.open('src/handlers.ts');
    const helper = await client.open('src/helper.ts');
    assert.equal((await client.diagnostics(handlers)).length, 3);
    await client.replaceText(helper, "export function loadTemplate(name: string): string {\n  return `<h1>${name}</h1>`;\n}\n");
    const after = await client.waitFor(() => {
      const p = client.published.get(handlers);
      return p && p.diagnostics.length === 2 ? p.diagnostics : undefined;
    }, 'handlers.ts diagnosed again');
    assert.equal(after.find((d) => /loadTemplate/.test(msg(d))), undefined);
    assert.equal(client.published.get(handlers)?.version, 1, 'the caller itself was not touched');
  });
});
