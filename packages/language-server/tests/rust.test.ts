import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient } from './support/lsp-client';
import { actionsFor, named } from './support/scenarios';

const RUST_FIXTURES = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'rust');

// .rs documents are analysed by @loopguard/rust (tree-sitter); their quick fixes are its text edits.
describe('language server on Rust files (.rs)', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'loopguard-ls-rust-'));
    fs.copyFileSync(path.join(RUST_FIXTURES, 'article/src/bin/a03_blocking_problem.rs'), path.join(root, 'main.rs'));
    client = await TestClient.start({ profile: 'vscode', root });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports std bind and accept in async main, and the tokio quick fix turns the file into the article\'s async version', async () => {
    const uri = await client.open('main.rs');
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.source}`),
      ['6:20 loopguard', '18:37 loopguard'],
    );
    const actions = await actionsFor(client, uri, diagnostics[1]!);
    assert.ok(!actions.some((a) => /worker|Disable/.test(a.title)), JSON.stringify(actions.map((a) => a.title)));
    const fix = named(actions, /^Use tokio::net::TcpListener/);
    assert.equal(fix.isPreferred, true);
    await client.apply((await client.resolved(fix)).edit!);
    assert.equal(client.text(uri), fs.readFileSync(path.join(RUST_FIXTURES, 'article/src/bin/a03_blocking_problem_fixed.rs'), 'utf8'));
    assert.deepEqual(await client.diagnostics(uri, (d) => d.length === 0), []);
  });
});
