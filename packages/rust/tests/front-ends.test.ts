import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeRust, applyEdits, isRustFile, lintRustFile, RUST_RULE_ID, rustFixAsSingleEdit, rustLspFindings } from '../src';
import { readFileSync } from 'node:fs';
import { FIXTURES } from './helpers/fixtures';

describe('front-end adapters', () => {
  it('isRustFile', () => {
    assert.deepEqual(['a.rs', 'src/main.rs', 'a.ts', 'rs'].map(isRustFile), [true, true, false, false]);
  });

  it('lintRustFile gives the CLI\'s finding shape for a fixture', async () => {
    const file = join(FIXTURES, 'article/src/bin/a03_blocking_problem.rs');
    const findings = await lintRustFile(file, 'warning');
    assert.deepEqual(
      findings.map((f) => ({ ...f, message: undefined })),
      [
        { filePath: file, line: 6, column: 20, endLine: 6, endColumn: 55, ruleId: RUST_RULE_ID, severity: 'warning', message: undefined, catalogId: 'rust/std-net-tcplistener-bind' },
        { filePath: file, line: 18, column: 37, endLine: 18, endColumn: 45, ruleId: RUST_RULE_ID, severity: 'warning', message: undefined, catalogId: 'rust/std-net-tcplistener-accept' },
      ],
    );
  });

  it('lintRustFile reports an unreadable file as one fatal finding that names it', async () => {
    const [f, ...rest] = await lintRustFile('/nonexistent/main.rs');
    assert.equal(rest.length, 0);
    assert.ok(f && 'fatal' in f && f.fatal);
    assert.match(f.message, /^cannot read \/nonexistent\/main\.rs: ENOENT/);
  });

  it('a finding is 1-based and its fix gives the async text through applyEdits', async () => {
    const text = 'use std::thread;\nasync fn f() {\n    thread::sleep(std::time::Duration::from_millis(5));\n}\n';
    const [finding] = await analyzeRust(text);
    assert.deepEqual(
      { line: finding!.line, column: finding!.column, endLine: finding!.endLine, endColumn: finding!.endColumn, id: finding!.id },
      { line: 3, column: 5, endLine: 3, endColumn: 55, id: 'rust/std-thread-sleep' },
    );
    const fix = finding!.fixes[0]!;
    assert.equal(applyEdits(text, fix.edits), 'async fn f() {\n    tokio::time::sleep(std::time::Duration::from_millis(5)).await;\n}\n');
  });

  it('rustFixAsSingleEdit: one replacement from the first edit to the last, same result (the import to the accept)', async () => {
    const text = readFileSync(join(FIXTURES, 'article/src/bin/a03_blocking_problem.rs'), 'utf8');
    const [finding] = await analyzeRust(text);
    const fix = finding!.fixes[0]!;
    const single = rustFixAsSingleEdit(text, fix);
    assert.deepEqual(single.range, [fix.edits[0]!.range.start.offset, fix.edits.at(-1)!.range.end.offset]);
    assert.equal(text.slice(0, single.range[0]) + single.text + text.slice(single.range[1]), applyEdits(text, fix.edits));
    assert.equal(text.slice(0, single.range[0]) + single.text + text.slice(single.range[1]), readFileSync(join(FIXTURES, 'article/src/bin/a03_blocking_problem_fixed.rs'), 'utf8'));
  });

  it('rustLspFindings: the language server\'s finding shape, offsets on the text, one edit per suggestion, the chain with its file', async () => {
    const text = 'fn load() -> Vec<u8> { std::fs::read("a").unwrap() }\nasync fn main() {\n    let _a = std::fs::read("b");\n    load();\n}\n';
    const findings = await rustLspFindings(text, '/src/main.rs');
    assert.deepEqual(
      findings.map((f) => ({ index: f.index, text: text.slice(f.start, f.end), range: f.range, suggestions: f.suggestions.map((x) => x.desc), chain: f.chain })),
      [
        {
          index: 0, text: 'std::fs::read("b")', range: { start: { line: 2, character: 13 }, end: { line: 2, character: 31 } },
          suggestions: ['Use tokio::fs::read(..).await', 'Run it in tokio::task::spawn_blocking'], chain: [],
        },
        {
          index: 1, text: 'load()', range: { start: { line: 3, character: 4 }, end: { line: 3, character: 10 } },
          suggestions: ['Run it in tokio::task::spawn_blocking'],
          chain: [{ name: 'load', file: '/src/main.rs', line: 4, column: 5 }, { name: 'std::fs::read', file: '/src/main.rs', line: 1, column: 24 }],
        },
      ],
    );
    const fix = findings[0]!.suggestions[0]!.fix;
    assert.equal(text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]), text.replace('std::fs::read("b")', 'tokio::fs::read("b").await'));
  });
});
