// The server under abuse: thousands of random edits at typing speed (many of them break the syntax), malformed
// JSON-RPC, requests for documents it does not have, a document closed while it is linted, a tsconfig that changes
// and then disappears. The server must stay up, keep its memory bounded, and end up with the diagnostics a fresh
// server computes for the same files.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ResponseError, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { copyFixture, delay, MINI_APP, TestClient } from './support/lsp-client';

const STATS = 'loopguard/serverStats';
const EDITS = 2000;

/** A small deterministic generator (mulberry32): the same storm on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What typing and pasting insert: whole tokens, half tokens, and the brackets that break the syntax. */
const FRAGMENTS = [
  'a', 'e', ' ', '\n', '(', ')', '{', '}', '[', ']', ';', '"', "'", '`', '/', '*', '=>', ',', '.',
  'await ', 'async ', 'return ', 'const x = ', 'readFileSync(', "readFileSync('f', 'utf8')", 'pbkdf2Sync(p, s, 1, 32, "sha256")',
  'loadTemplate(name)', 'function ', '// ', '/* ', '<div>', 'if (', 'export async function f() {\n', '\u00e9', '\ud83d\ude00',
];

interface Stats {
  rss: number;
  heapUsed: number;
  lints: number;
}

/** Diagnostics without the fields that name a document version (`data`): what a user sees. */
function visible(diagnostics: Diagnostic[]): unknown[] {
  return diagnostics
    .map((d) => ({ range: d.range, message: d.message, code: d.code, severity: d.severity, source: d.source, related: d.relatedInformation }))
    .sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
}

/** The server's stdin, to write bytes that no well-behaved client would. */
function stdinOf(client: TestClient): NodeJS.WritableStream {
  const child = (client as unknown as { child: ChildProcess }).child;
  assert.ok(child.stdin);
  return child.stdin;
}

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

describe('language server under abuse', function () {
  this.timeout(300_000);
  let root: string;
  let client: TestClient;
  let fresh: TestClient | undefined;
  const errors: string[] = [];

  before(async () => {
    root = copyFixture(MINI_APP);
    client = await TestClient.start({ profile: 'vscode', root });
  });

  after(async () => {
    await client.stop();
    await fresh?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stays up and bounded through the storm, and ends with the diagnostics of a fresh server', async () => {
    const handlers = await client.open('src/handlers.ts');
    const helper = await client.open('src/helper.ts');
    await client.diagnostics(handlers, (d) => d.length === 3);
    const before = (await client.connection.sendRequest(STATS, null)) as Stats;

    // 1. Random edits at typing speed, with pulls in flight as an editor sends them.
    const next = random(9);
    const pulls: Array<Promise<unknown>> = [];
    const started = Date.now();
    for (let i = 0; i < EDITS; i += 1) {
      const uri = next() < 0.8 ? handlers : helper;
      const doc = client.documents.get(uri);
      assert.ok(doc);
      const length = doc.getText().length;
      const at = Math.floor(next() * (length + 1));
      const roll = next();
      if (roll < 0.6 || length < 50) {
        const text = FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? 'a';
        await client.edit(uri, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, newText: text }]);
      } else if (roll < 0.9) {
        const end = Math.min(length, at + 1 + Math.floor(next() * 12));
        await client.edit(uri, [{ range: { start: doc.positionAt(at), end: doc.positionAt(end) }, newText: '' }]);
      } else {
        // Two changes in one notification, the second one relative to the first.
        await client.edit(uri, [
          { range: { start: doc.positionAt(0), end: doc.positionAt(0) }, newText: '\n' },
          { range: { start: doc.positionAt(Math.min(length, at)), end: doc.positionAt(Math.min(length, at)) }, newText: '(' },
        ]);
      }
      if (i % 25 === 0) {
        // Pulled while more edits come: the server may answer "changed while linted", never crash.
        pulls.push(client.pull(uri).catch((error: unknown) => {
          if (!(error instanceof ResponseError)) errors.push(`pull: ${String(error)}`);
        }));
      }
      if (next() < 0.3) await delay(Math.floor(next() * 8));
    }
    await Promise.all(pulls);
    const editMs = Date.now() - started;

    // 2. Malformed JSON-RPC, written while no other message is on the way (the client is idle after each await).
    const stdin = stdinOf(client);
    const garbage = [
      '{"jsonrpc":"2.0","id":',
      '[1,2,3]',
      '"just a string"',
      'null',
      '{"jsonrpc":"2.0","id":9001,"method":"loopguard/doesNotExist","params":{}}',
      '{"jsonrpc":"2.0","id":9002,"method":"textDocument/codeAction","params":null}',
      '{"jsonrpc":"2.0","id":9003,"method":"textDocument/diagnostic","params":{"textDocument":{}}}',
      '{"jsonrpc":"2.0","id":9004,"method":"codeAction/resolve","params":{"title":"x","data":{"uri":42,"version":"no"}}}',
      '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere.ts","version":3},"contentChanges":[{"text":"x"}]}}',
      '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///half.ts"}}}',
      '{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///never-opened.ts"}}}',
      '{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"not a uri","type":7}]}}',
      '{"jsonrpc":"2.0","id":9005,"method":"loopguard/lintFile","params":{"uri":"file:///does/not/exist.ts"}}',
    ];
    for (const body of garbage) {
      await new Promise<void>((resolve, reject) => stdin.write(frame(body), (error) => (error ? reject(error) : resolve())));
      // Still answering between each of them.
      await client.connection.sendRequest(STATS, null);
    }

    // 3. Requests about documents the server does not have, or no longer has.
    const ghost = client.uri('src/ghost.ts');
    const ghostReport = await client.pull(ghost);
    assert.deepEqual(ghostReport, { kind: 'full', items: [] });
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const ghostActions = await client.codeActions(ghost, range, []);
    assert.ok(ghostActions === null || (Array.isArray(ghostActions) && ghostActions.length === 0), JSON.stringify(ghostActions));
    await assert.rejects(client.connection.sendRequest('loopguard/lintFile', { uri: client.uri('src/ghost.ts') }), ResponseError);

    // 4. A document closed while it is linted: a large file, pulled, then closed before the answer.
    const big = Array.from({ length: 400 }, (_, i) => `export async function r${i}(f: string) { return readFileSync(f, 'utf8'); }`).join('\n');
    const bigUri = await client.open('src/big.ts', `import { readFileSync } from 'node:fs';\n${big}\n`);
    const inFlight = client.pull(bigUri).then(
      (report) => report,
      (error: unknown) => (error instanceof ResponseError ? error : Promise.reject(error)),
    );
    await client.close(bigUri);
    await inFlight;
    assert.deepEqual(await client.pull(bigUri), { kind: 'full', items: [] });

    // 5. The tsconfig changes, then disappears, then comes back as it was.
    const tsconfig = path.join(root, 'tsconfig.json');
    const original = fs.readFileSync(tsconfig, 'utf8');
    fs.writeFileSync(tsconfig, original.replace('"include": ["src"]', '"include": ["nothing"]'));
    await client.fileChanged('tsconfig.json', 2);
    await client.pull(handlers).catch((error: unknown) => assert.ok(error instanceof ResponseError, String(error)));
    fs.rmSync(tsconfig);
    await client.fileChanged('tsconfig.json', 3);
    await client.pull(handlers).catch((error: unknown) => assert.ok(error instanceof ResponseError, String(error)));
    fs.writeFileSync(tsconfig, original);
    await client.fileChanged('tsconfig.json', 1);

    // The storm is over: still up, memory bounded.
    const after = (await client.connection.sendRequest(STATS, null)) as Stats;
    const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MB`;
    console.log(
      `      ${EDITS} edits in ${(editMs / 1000).toFixed(1)} s, ${after.lints - before.lints} lints; RSS ${mb(before.rss)} -> ${mb(after.rss)}, ` +
        `heap ${mb(before.heapUsed)} -> ${mb(after.heapUsed)}`,
    );
    assert.deepEqual(errors, []);
    // Bounded, not equal: the project and caches grow with the texts seen. A leak per edit would pass this line.
    assert.ok(after.rss < before.rss + 512 * 2 ** 20, `RSS grew from ${mb(before.rss)} to ${mb(after.rss)}`);

    // 6. The same files in a fresh server: the same diagnostics. Settle the documents to text that parses, so that
    //    the comparison says something about the analysis and not only about parse errors. The helper is pulled
    //    after its last edit, as VS Code does on the refresh the server sends: the project service learns an open
    //    document's text only when that document is linted (see the report: handlers.ts linted first would be
    //    analysed against the storm's last linted text of helper.ts).
    await client.replaceText(helper, fs.readFileSync(path.join(MINI_APP, 'src/helper.ts'), 'utf8') + '\nexport const extra = 1;\n');
    await client.diagnostics(helper);
    const stormText = client.text(handlers);
    const settledHandlers = `${fs.readFileSync(path.join(MINI_APP, 'src/handlers.ts'), 'utf8')}\n/* after ${stormText.length} characters of storm */\n`;
    await client.replaceText(handlers, settledHandlers);
    const settled = await client.diagnostics(handlers);
    const settledHelper = await client.diagnostics(helper);
    assert.equal(settled.length, 3, JSON.stringify(settled.map((d) => d.message)));

    fresh = await TestClient.start({ profile: 'vscode', root });
    const freshHelper = await fresh.open('src/helper.ts', client.text(helper));
    const freshHandlers = await fresh.open('src/handlers.ts', settledHandlers);
    assert.deepEqual(visible(await fresh.diagnostics(freshHandlers)), visible(settled));
    assert.deepEqual(visible(await fresh.diagnostics(freshHelper)), visible(settledHelper));

    // And the broken text the storm left: the same answer from both servers (parse errors are not diagnostics).
    await client.replaceText(handlers, stormText);
    await fresh.replaceText(freshHandlers, stormText);
    assert.deepEqual(visible(await fresh.diagnostics(freshHandlers)), visible(await client.diagnostics(handlers)));
  });
});
