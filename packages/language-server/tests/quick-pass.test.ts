/**
 * The quick first pass (src/quick-pass.ts, src/quick-parser.ts): the rule on oxc's parse gives what it gives on
 * typescript-estree's; the merge with the last full pass keeps what the edit cannot have changed; and a real
 * client gets the quick diagnostics first, then the full pass's.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { lintConfig } from 'eslint-plugin-loopguard/findings';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../src/findings';
import { quickParser } from '../src/quick-parser';
import { changeBetween, mergeQuick } from '../src/quick-pass';
import { copyFixture, delay, MINI_APP, TestClient } from './support/lsp-client';

const REPO = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(?:[cm]?[jt]sx?)$/u.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** A message as the editor shows it: position, text, and each suggestion's output. */
function shown(m: Linter.LintMessage, text: string): string {
  // The suggestion's output around the fix (the whole output would repeat the file for each suggestion).
  const suggestions = (m.suggestions ?? []).map((s) => `${s.desc} => ${text.slice(Math.max(0, s.fix.range[0] - 40), s.fix.range[0])}${s.fix.text}${text.slice(s.fix.range[1], s.fix.range[1] + 40)}`);
  return `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.messageId} ${m.message} [${suggestions.join(' | ')}]`;
}

describe('quick pass: the rule on the quick parser', function () {
  this.timeout(120_000);
  const linter = new Linter({ configType: 'flat', cwd: path.parse(REPO).root });
  const config = (parser: Linter.Parser) =>
    lintConfig({ parser, cwd: REPO, typed: false, rule: { severity: 'error', options: {} }, longRunning: true, name: 'quick-test' });
  const files = [...sourceFiles(path.join(REPO, 'fixtures')), ...sourceFiles(path.join(__dirname, 'fixtures'))];
  let compared = 0;

  it('gives the same findings, positions, messages and suggestions as typescript-estree on every fixture file', () => {
    const differences: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const full = linter.verify(text, config(tsParser as unknown as Linter.Parser), { filename: file });
      const quick = linter.verify(text, config(quickParser), { filename: file });
      // A file that typescript-estree cannot parse is not compared: both report a parse error (next test).
      if (full.some((m) => m.fatal)) continue;
      const a = full.map((m) => shown(m, text)).join('\n');
      const b = quick.map((m) => shown(m, text)).join('\n');
      if (a !== b) differences.push(`${path.relative(REPO, file)}:\n  typescript-estree: ${a}\n  quick: ${b}`);
      compared += full.length;
    }
    assert.deepEqual(differences, []);
  });

  it('compared findings (a test that can fail: an empty comparison agrees with itself)', () => {
    assert.ok(files.length > 50, `${files.length} fixture files`);
    assert.ok(compared > 50, `${compared} findings compared`);
  });

  it('reports a syntax error as a parse error, and a minified one-line file without crashing', () => {
    const broken = linter.verify('export async function f() {\n  readFileSync(\n', config(quickParser), { filename: '/x/broken.ts' });
    assert.equal(broken.length, 1);
    assert.equal(broken[0]?.fatal, true);
    assert.match(broken[0]?.message ?? '', /^Parsing error: /u);
    assert.equal(broken[0]?.line, 3);
    const minified = `const fs=require("fs");${Array.from({ length: 3000 }, (_, i) => `async function f${i}(a){return fs.readFileSync(a)}`).join(';')}`;
    const messages = linter.verify(minified, config(quickParser), { filename: '/x/min.js' });
    assert.equal(messages.length, 3000);
    assert.equal(messages[2999]?.line, 1);
  });
});

/** A finding as the server keeps it, for the merge's tables. */
function finding(document: TextDocument, text: string, message: string, chainFile?: string, occurrence = 0): Finding {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = document.getText().indexOf(text, start + 1);
  assert.ok(start >= 0, `${text} is in the document`);
  const end = start + text.length;
  return {
    index: 0,
    range: { start: document.positionAt(start), end: document.positionAt(end) },
    start,
    end,
    message,
    entry: undefined,
    suggestions: [{ desc: 'fix', messageId: 'x', fix: { range: [start, end], text: 'await x' } }],
    chain: chainFile ? [{ file: chainFile, line: 1, column: 1, name: 'helper' }] : [],
    transitive: chainFile !== undefined,
  };
}

describe('quick pass: merging with the last full pass', () => {
  const OLD = [
    "import { helper } from './helper';",
    'export async function a() {',
    "  readFileSync('a');",
    '  helper();',
    '}',
    'export async function b() {',
    "  readFileSync('b');",
    '  helper();',
    '}',
    '',
  ].join('\n');
  const FILE = '/p/src/handlers.ts';
  const oldDocument = TextDocument.create('file:///p/src/handlers.ts', 'typescript', 1, OLD);
  const full = {
    text: OLD,
    findings: [
      finding(oldDocument, "readFileSync('a')", 'direct a'),
      finding(oldDocument, 'helper()', 'via helper in a', '/p/src/helper.ts'),
      finding(oldDocument, "readFileSync('b')", 'direct b'),
      finding(oldDocument, 'helper()', 'via helper in b', '/p/src/helper.ts', 1),
    ],
  };
  /** Top-level statements of a text, as the quick parse gives them (one per `export`/`import` line block). */
  const topLevel = (text: string): Array<{ range: [number, number]; imports: boolean }> => {
    const starts = [...text.matchAll(/^(?:import|export)/gmu)].map((m) => m.index);
    return starts.map((s, i) => ({ range: [s, i + 1 < starts.length ? (starts[i + 1] as number) - 1 : text.length - 1], imports: text.startsWith('import', s) }));
  };

  it('changeBetween: the common prefix and suffix bound the changed span', () => {
    assert.deepEqual(changeBetween('abcdef', 'abXYdef'), { start: 2, oldEnd: 3, newEnd: 4 });
    assert.deepEqual(changeBetween('abc', 'abc'), { start: 3, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(changeBetween('aaa', 'aaaa'), { start: 3, oldEnd: 3, newEnd: 4 });
    assert.deepEqual(changeBetween('', 'x'), { start: 0, oldEnd: 0, newEnd: 1 });
  });

  it('takes the quick findings in the edited function and the full ones elsewhere, moved by the edit', () => {
    // A line inserted in b(): b's statement is the edited region; a's findings come from the full pass, unmoved.
    const text = OLD.replace("  readFileSync('b');", "  execSync('x');\n  readFileSync('b');");
    const document = TextDocument.create(oldDocument.uri, 'typescript', 2, text);
    const quick = [finding(document, "execSync('x')", 'quick exec'), finding(document, "readFileSync('b')", 'quick direct b')];
    const merged = mergeQuick(document, quick, topLevel(text), full, FILE);
    assert.deepEqual(
      merged.map((f) => [document.getText(f.range), f.message, f.index]),
      [
        ["readFileSync('a')", 'direct a', 0],
        ['helper()', 'via helper in a', 1],
        ["execSync('x')", 'quick exec', 2],
        ["readFileSync('b')", 'quick direct b', 3],
        // The quick pass cannot see into helper.ts: the full pass's chain stays, moved down a line.
        ['helper()', 'via helper in b', 4],
      ],
    );
    const moved = merged[4]!;
    assert.equal(moved.range.start.line, 8);
    assert.deepEqual(moved.suggestions.map((s) => text.slice(s.fix.range[0], s.fix.range[1])), ['helper()']);
  });

  it('drops what the edit changed, and an edit before everything moves every full finding', () => {
    // The helper call in a() is edited: the full pass's chain at it is gone until the full pass runs.
    const text = OLD.replace('  helper();', '  helpr();');
    const document = TextDocument.create(oldDocument.uri, 'typescript', 2, text);
    const quick = [finding(document, "readFileSync('a')", 'quick direct a')];
    assert.deepEqual(
      mergeQuick(document, quick, topLevel(text), full, FILE).map((f) => [document.getText(f.range), f.message]),
      [
        ["readFileSync('a')", 'quick direct a'],
        ["readFileSync('b')", 'direct b'],
        ['helper()', 'via helper in b'],
      ],
    );
    const shifted = `// header\n${OLD}`;
    const shiftedDocument = TextDocument.create(oldDocument.uri, 'typescript', 3, shifted);
    const merged = mergeQuick(shiftedDocument, [], topLevel(shifted), full, FILE);
    assert.deepEqual(merged.map((f) => [f.range.start.line, f.message]), [
      [3, 'direct a'],
      [4, 'via helper in a'],
      [7, 'direct b'],
      [8, 'via helper in b'],
    ]);
  });

  it('an edited import drops every chain into other files (it may lead elsewhere now), and keeps the rest', () => {
    const text = OLD.replace("from './helper'", "from './helpers'");
    const document = TextDocument.create(oldDocument.uri, 'typescript', 2, text);
    assert.deepEqual(
      mergeQuick(document, [], topLevel(text), full, FILE).map((f) => f.message),
      ['direct a', 'direct b'],
    );
  });

  it('without a full pass gives the quick findings alone', () => {
    const document = TextDocument.create(oldDocument.uri, 'typescript', 2, OLD);
    const quick = [finding(document, "readFileSync('a')", 'quick a')];
    assert.deepEqual(mergeQuick(document, quick, topLevel(OLD), undefined, FILE).map((f) => f.message), ['quick a']);
  });

  it('when the quick parse fails (a word half typed), keeps the full findings that the edit did not touch', () => {
    // `readFileSync('b')` is being retyped: the text does not parse; everything else stays as the full pass saw it.
    const text = OLD.replace("  readFileSync('b');", "  readFileSync('b'");
    const document = TextDocument.create(oldDocument.uri, 'typescript', 2, text);
    assert.deepEqual(
      mergeQuick(document, [], undefined, full, FILE).map((f) => [document.getText(f.range), f.message]),
      [
        ["readFileSync('a')", 'direct a'],
        ['helper()', 'via helper in a'],
        ['helper()', 'via helper in b'],
      ],
    );
  });
});

describe('quick pass: a client gets the quick diagnostics, then the full pass', function () {
  this.timeout(180_000);
  let root: string;
  let client: TestClient;
  const phases: Array<{ uri: string; version?: number; phase?: string; findings: number }> = [];

  before(async () => {
    root = copyFixture(MINI_APP);
    client = await TestClient.start({ profile: 'neovim', root, quickPass: true });
    client.connection.onNotification('loopguard/status', (params: { lastLint?: { uri: string; version?: number; phase?: string; findings: number } }) => {
      if (params.lastLint) phases.push(params.lastLint);
    });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('on opening: the quick pass first (no cross-file chain yet), then the full pass adds the chain', async () => {
    const uri = await client.open('src/handlers.ts');
    const full = await client.diagnostics(uri, (d) => d.length === 3);
    const mine = phases.filter((p) => p.uri === uri && p.version === 1);
    assert.deepEqual(mine.map((p) => [p.phase, p.findings]), [
      ['quick', 2],
      ['full', 3],
    ]);
    assert.equal(client.pushes.filter((p) => p.uri === uri && p.version === 1).length, 2);
    assert.ok(full.some((d) => d.message.includes('loadTemplate')));
  });

  it('after an edit: the quick push already has the new finding and the moved cross-file chain, and the full pass agrees', async () => {
    const uri = client.uri('src/handlers.ts');
    await client.diagnostics(uri, (d) => d.length === 3);
    const before = client.pushes.length;
    const version = await client.edit(uri, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: "export async function extra(): Promise<string> {\n  return readFileSync('x', 'utf8');\n}\n\n" }]);
    const quick = await client.waitFor(() => client.pushes.slice(before).find((p) => p.uri === uri && p.version === version), 'the first push after the edit');
    assert.deepEqual(
      quick.diagnostics.map((d) => [d.range.start.line, d.message.split(':')[0]]).sort((a, b) => (a[0] as number) - (b[0] as number)),
      [
        [5, '`fs.readFileSync` blocks the event loop in an async function'],
        [9, '`fs.readFileSync` blocks the event loop in an async function'],
        [13, '`crypto.pbkdf2Sync` blocks the event loop in an async function'],
        [18, '`loadTemplate()` blocks the event loop in an async function'],
      ],
    );
    assert.equal(phases.filter((p) => p.uri === uri && p.version === version)[0]?.phase, 'quick');
    // The full pass follows the pause; its findings are the quick ones here, so nothing more is pushed.
    await client.waitFor(() => phases.find((p) => p.uri === uri && p.version === version && p.phase === 'full'), 'the full pass');
    await delay(300);
    assert.deepEqual(
      client.published.get(uri)?.diagnostics.map((d) => d.message),
      quick.diagnostics.map((d) => d.message),
    );
  });
});
