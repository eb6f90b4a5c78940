import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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
});
