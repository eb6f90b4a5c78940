import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseJson, removeFixture, runCli, write } from '../helpers';

const RUST_FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'fixtures', 'rust');

// .rs files are analysed by @loopguard/rust (tree-sitter), next to the ESLint run for JavaScript/TypeScript.
describe('loopguard on Rust files (end to end)', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-cli-rust-'));
    fs.copyFileSync(path.join(RUST_FIXTURES, 'article/src/bin/a03_blocking_problem.rs'), path.join(dir, 'blocking.rs'));
    fs.copyFileSync(path.join(RUST_FIXTURES, 'article/src/bin/a05_async_accept.rs'), path.join(dir, 'fixed.rs'));
    write(dir, 'handler.js', "const fs = require('fs');\nexports.h = async () => fs.readFileSync('x');\n");
  });

  after(() => removeFixture(dir));

  it('reports the std calls of an async Rust file with the JavaScript findings, and not the tokio version', async () => {
    const result = await runCli(['--format', 'json'], dir);
    assert.equal(result.code, 1, result.stderr);
    const report = parseJson(result.stdout);
    assert.deepEqual(
      report.findings.map((f) => `${path.basename(f.file)}:${f.line}:${f.column} ${f.ruleId} ${f.catalogId}`).sort(),
      [
        'blocking.rs:18:37 loopguard/rust-blocking-io rust/std-net-tcplistener-accept',
        'blocking.rs:6:20 loopguard/rust-blocking-io rust/std-net-tcplistener-bind',
        'handler.js:2:25 loopguard/no-blocking-io fs.readFileSync',
      ],
    );
    const accept = report.findings.find((f) => f.catalogId === 'rust/std-net-tcplistener-accept');
    assert.match(accept?.message ?? '', /^`std::net::TcpListener::accept` blocks the runtime thread until a connection arrives/);
  });

  it('lints a .rs file named on the command line', async () => {
    const result = await runCli(['--format', 'json', 'fixed.rs'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parseJson(result.stdout).findings, []);
  });
});
