import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildReport, readTrace, renderHtml, renderJson, renderTerminal, runTraced } from '../src';
import { isTestFile, isTestRunnerFile } from '../src/report';
import { REPO } from './helpers/build-app';
import { lint, Progress } from './helpers/lint';

const SUITE = path.join(REPO, 'fixtures', 'trace', 'test-suite');
const MOCHA = require.resolve('mocha/bin/mocha.js');

describe('loopguard trace of a test suite', function () {
  this.timeout(300_000);

  it('calls test code, not missed, the sync calls a test makes after its server listens; a handler\'s unreported call stays missed', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-trace-suite-')), 'trace.json');
    let stdout = '';
    const result = await runTraced({
      command: [process.execPath, MOCHA, '--no-config', '--reporter', 'dot', 'test/server.test.js'],
      cwd: SUITE,
      out,
      stdio: 'pipe',
      onSpawn: (child) => child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString())),
    });
    assert.equal(result.exitCode, 0, stdout);
    assert.match(stdout, /1 passing/u);
    const outcome = await lint({ paths: [], cwd: SUITE, severity: 'error', concurrency: 'off', types: true, progress: Progress.forRun(false, process.stderr) });
    assert.deepEqual(outcome.results.flatMap((r) => r.findings), [], 'the static analysis reports nothing in the fixture');
    const report = buildReport(readTrace(result.tracePath), result.tracePath, outcome.results, SUITE);

    const own = report.runtimeOnly
      .filter((r) => r.location && !r.viaRequire && r.cost.phases.includes('serving'))
      .map((r) => [path.relative(SUITE, r.location!.file), r.location!.line, r.entry, r.verdict])
      .sort();
    assert.deepEqual(own, [
      ['server.js', 11, 'fs.readFileSync', 'missed'],
      ['test/server.test.js', 27, 'fs.readFileSync', 'test'],
      ['test/server.test.js', 28, 'fs.writeSync', 'test'],
    ]);
    const testCode = report.runtimeOnly.find((r) => r.entry === 'fs.writeSync' && r.verdict === 'test')!;
    assert.match(testCode.reason, /^test code: every frame of the project's own code on its stack is in a test file/u);

    const terminal = renderTerminal(report, SUITE);
    assert.match(terminal, /missed finding: server\.js:11:\d+ {2}fs\.readFileSync/u);
    assert.doesNotMatch(terminal, /missed finding: test\//u);
    assert.match(terminal, /correct silence \(test code\): \d+ call sites.*\n {4}test code: every frame of the project's own code/u);
    assert.match(terminal, /test\/server\.test\.js:28:\d+ {2}fs\.writeSync/u);
    const json = JSON.parse(renderJson(report)) as { runtimeOnly: Array<{ entry: string; verdict: string; reason: string }> };
    assert.ok(json.runtimeOnly.some((r) => r.entry === 'fs.writeSync' && r.verdict === 'test' && r.reason === testCode.reason));
    assert.match(renderHtml(report, SUITE), /<td>test<\/td><td>test\/server\.test\.js:28:\d+<\/td><td>fs\.writeSync<\/td><td>test code: every frame/u);
  });

  it('tells test files and test runners\' frames by the usual conventions', () => {
    const root = path.join(path.sep, 'app');
    const files: Array<[string, boolean]> = [
      ['test/server.test.js', true],
      ['tests/unit/a.js', true],
      ['src/__tests__/a.js', true],
      ['src/a.test.ts', true],
      ['src/a.spec.mjs', true],
      ['src/testing.js', false],
      ['src/test.js', false],
      ['src/contest/a.js', false],
      ['lib/view.js', false],
    ];
    assert.deepEqual(files.map(([f]) => [f, isTestFile(path.join(root, f), root)]), files);
    const runners: Array<[string, boolean]> = [
      ['/app/node_modules/mocha/lib/reporters/base.js', true],
      ['/app/node_modules/.pnpm/mocha@11.7.1/node_modules/mocha/lib/runner.js', true],
      ['/app/node_modules/@jest/core/build/runJest.js', true],
      ['/app/node_modules/vitest/dist/runners.js', true],
      ['/app/node_modules/ava/lib/runner.js', true],
      ['node:internal/test_runner/runner', true],
      ['/app/node_modules/supertest/lib/test.js', false],
      ['/app/node_modules/express/lib/router/index.js', false],
      ['/app/test/mocha/a.js', false],
    ];
    assert.deepEqual(runners.map(([f]) => [f, isTestRunnerFile(f)]), runners);
  });
});
