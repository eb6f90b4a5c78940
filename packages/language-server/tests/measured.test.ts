import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MeasuredDiagnostics } from '../src/measured';
import { toFindings } from '../src/findings';
import { LintEngine } from '../src/lint-engine';
import { DEFAULT_SETTINGS } from '../src/settings';
import { copyFixture, MINI_APP, TestClient } from './support/lsp-client';
import { diagnosticAt, msg } from './support/scenarios';

/** A trace as `loopguard trace` writes it: readFileSync at handlers.ts:6 ran 312 times while serving. */
function writeTrace(root: string): void {
  const file = path.join(root, 'src', 'handlers.ts');
  const site = (entry: string, line: number, column: number, calls: number, durations: number[], maxMs: number, totalMs: number) => ({
    entry,
    phase: 'serving',
    frames: [{ file, line, column, fn: 'readConfig' }],
    calls,
    totalMs,
    maxMs,
    durations,
    delayedRequests: 40,
    lateTimers: 3,
  });
  const trace = {
    format: 'loopguard-trace',
    version: 1,
    tool: 'loopguard 0.1.0',
    startedAt: '2026-12-02T01:00:00.000Z',
    endedAt: '2026-12-02T01:05:00.000Z',
    cwd: root,
    command: ['node', 'dist/server.js'],
    sample: 1,
    exitCode: 0,
    processes: [
      {
        pid: 1,
        threadId: 0,
        isMainThread: true,
        argv: ['dist/server.js'],
        servingAtMs: 100,
        durationMs: 300000,
        sites: [
          site('fs.readFileSync', 6, 10, 312, [5, 6, 7, 41], 180, 3100),
          site('crypto.pbkdf2Sync', 10, 15, 2, [1, 2], 2, 3),
        ],
        stalls: [],
        droppedCalls: 0,
      },
    ],
  };
  fs.mkdirSync(path.join(root, '.loopguard'), { recursive: true });
  fs.writeFileSync(path.join(root, '.loopguard', 'trace.json'), JSON.stringify(trace));
}

describe('language server: the measured cost from .loopguard/trace.json', () => {
  let root: string;
  let client: TestClient | undefined;

  beforeEach(() => {
    root = copyFixture(MINI_APP);
    writeTrace(root);
  });

  afterEach(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('adds the measured cost to the message of findings that ran, and only to them', async () => {
    client = await TestClient.start({ profile: 'vscode', root });
    const uri = await client.open('src/handlers.ts');
    const diagnostics = await client.diagnostics(uri);
    const read = diagnosticAt(client, uri, diagnostics, 'readFileSync(file');
    assert.match(msg(read), / \(measured: 312 calls, p99 41 ms, max 180 ms, 3\.1 s in total \(trace of 2026-12-02\)\)$/u);
    assert.equal(read.severity, 2);
    const hash = diagnosticAt(client, uri, diagnostics, 'pbkdf2Sync(');
    assert.match(msg(hash), /measured: 2 calls, p99 2\.0 ms, max 2\.0 ms, 3 ms in total/u);
    const page = diagnosticAt(client, uri, diagnostics, 'loadTemplate(');
    assert.doesNotMatch(msg(page), /measured/u);
  });

  it('raises a finding whose p99 is above loopguard.raiseSeverityAboveMs to an error', async () => {
    client = await TestClient.start({ profile: 'vscode', root, settings: { '': { raiseSeverityAboveMs: 10 } } });
    const uri = await client.open('src/handlers.ts');
    const diagnostics = await client.diagnostics(uri);
    assert.equal(diagnosticAt(client, uri, diagnostics, 'readFileSync(file').severity, 1);
    assert.equal(diagnosticAt(client, uri, diagnostics, 'pbkdf2Sync(').severity, 2);
  });

  it('shows a trace recorded while the file is open, without a keystroke (the trace is polled off the keystroke path)', async () => {
    fs.rmSync(path.join(root, '.loopguard'), { recursive: true, force: true });
    client = await TestClient.start({ profile: 'neovim', root });
    const uri = await client.open('src/handlers.ts');
    const before = await client.diagnostics(uri, (d) => d.length > 0);
    assert.doesNotMatch(msg(diagnosticAt(client, uri, before, 'readFileSync(file')), /measured/u);
    writeTrace(root);
    const after = await client.waitFor(() => {
      const pushed = client!.published.get(uri)?.diagnostics ?? [];
      return pushed.some((d) => /measured: 312 calls/u.test(msg(d))) ? pushed : undefined;
    }, 'diagnostics with the measured cost once the trace is written');
    assert.match(msg(diagnosticAt(client, uri, after, 'readFileSync(file')), /\(measured: 312 calls, p99 41 ms/u);
  });

  it('joins a file with the trace once per change of its findings or of the trace, not once per lint', async () => {
    const file = path.join(root, 'src', 'handlers.ts');
    const text = fs.readFileSync(file, 'utf8');
    const engine = new LintEngine(root);
    const lint = (source: string) => {
      const document = TextDocument.create('file:///x', 'typescript', 1, source);
      const findings = toFindings(engine.lint({ text: source, filePath: file, options: {}, allowTypes: false }).messages, document);
      return { findings, diagnostics: findings.map((f) => ({ range: f.range, message: f.message })) };
    };
    let changes = 0;
    const measured = new MeasuredDiagnostics(() => undefined, () => (changes += 1));
    try {
      const first = lint(text);
      const decorated = measured.decorate(first.diagnostics, first.findings, file, DEFAULT_SETTINGS);
      assert.ok(decorated.some((d) => /measured: 312 calls/u.test(msg(d))), 'the first lint shows the trace');
      assert.equal(measured.joinsComputed, 1);
      // A keystroke that moves no finding (a comment at the end): the join is reused.
      const typed = lint(`${text}\n// x`);
      assert.deepEqual(measured.decorate(typed.diagnostics, typed.findings, file, DEFAULT_SETTINGS), decorated);
      assert.equal(measured.joinsComputed, 1);
      // A line added above every finding moves them: a new join (the trace was recorded at the old lines).
      const moved = lint(`// x\n${text}`);
      const movedDecorated = measured.decorate(moved.diagnostics, moved.findings, file, DEFAULT_SETTINGS);
      assert.equal(measured.joinsComputed, 2);
      assert.ok(movedDecorated.every((d) => !/measured: 312 calls/u.test(msg(d))), 'the trace was recorded at the old line: nothing matches it now');
      // The trace is recorded again: the poll notices, and the next lint joins with the new file.
      fs.utimesSync(path.join(root, '.loopguard', 'trace.json'), new Date(), new Date(Date.now() + 5000));
      const deadline = Date.now() + 10_000;
      while (changes === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(changes, 1, 'the change of the trace was noticed');
      measured.decorate(first.diagnostics, first.findings, file, DEFAULT_SETTINGS);
      assert.equal(measured.joinsComputed, 3);
    } finally {
      measured.dispose();
    }
  });
});
