import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildReport, readTrace, renderHtml, renderJson, renderTerminal, runTraced, TraceError, TRACE_VERSION } from '../src';
import { compileApp, EXAMPLE_APP, REPO } from './helpers/build-app';
import { lint, Progress } from './helpers/lint';

const DISPATCH = path.join(REPO, 'fixtures', 'trace', 'runtime-dispatch');

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

function analyse(cwd: string, paths: string[] = []) {
  return lint({ paths, cwd, severity: 'error', concurrency: 'off', types: true, progress: Progress.forRun(false, process.stderr) });
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-trace-report-'));
}

describe('loopguard trace report', function () {
  this.timeout(300_000);

  it('lists a blocking call reached through runtime dispatch as a missed runtime-only call', async () => {
    const out = path.join(tmp(), 'trace.json');
    let requests: Promise<void> | undefined;
    const result = await runTraced({
      command: [process.execPath, 'server.js'],
      cwd: DISPATCH,
      out,
      stdio: 'pipe',
      onSpawn: (child) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          const port = /listening on (\d+)/u.exec(chunk.toString())?.[1];
          if (port && !requests) {
            requests = (async () => {
              for (let i = 0; i < 5; i++) assert.equal(await get(`http://127.0.0.1:${port}/stats`), 200);
            })().finally(() => child.kill('SIGTERM'));
          }
        });
      },
    });
    await requests;
    const outcome = await analyse(DISPATCH);
    assert.equal(outcome.results.flatMap((r) => r.findings).length, 0, 'the static analysis reports nothing here');
    const report = buildReport(readTrace(result.tracePath), result.tracePath, outcome.results, DISPATCH);
    const missed = report.runtimeOnly.filter((r) => r.verdict === 'missed');
    assert.deepEqual(
      missed.map((r) => [path.relative(DISPATCH, r.location!.file), r.location!.line, r.entry, r.cost.calls]),
      [['server.js', 17, 'fs.readFileSync', 5]],
    );
    assert.equal(missed[0]?.stack[0]?.fn, 'Object.handle');
    assert.match(renderTerminal(report, DISPATCH), /missed finding: server\.js:17:\d+ {2}fs\.readFileSync {2}5 calls/u);
    assert.match(renderHtml(report, DISPATCH), /<svg[^>]*>.*server\.js:17/su);
    assert.equal((JSON.parse(renderJson(report)) as { runtimeOnly: unknown[] }).runtimeOnly.length, report.runtimeOnly.length);
  });

  it('refuses a truncated trace with an error that names the file and says to record again', () => {
    const file = path.join(tmp(), 'trace.json');
    fs.writeFileSync(file, '{"format":"loopguard-trace","version":1,"processes":[{"pid":1,"si');
    assert.throws(() => readTrace(file), (error: Error) => {
      assert.ok(error instanceof TraceError);
      assert.match(error.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}: the trace is not valid JSON .*cut short.*Record it again\\.$`, 'u'));
      return true;
    });
  });

  it('refuses a trace of another format version, naming the version and the tool that wrote it', () => {
    const file = path.join(tmp(), 'trace.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'loopguard-trace', version: TRACE_VERSION + 1, tool: 'loopguard 9.0.0', processes: [] }));
    assert.throws(() => readTrace(file), {
      name: 'TraceError',
      message: `${file}: trace format version ${TRACE_VERSION + 1} written by loopguard 9.0.0; this loopguard reads version ${TRACE_VERSION}. Record the trace again with this loopguard, or report it with the loopguard that recorded it.`,
    });
  });

  it('refuses a file that is not a trace, and a missing trace with how to record one', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'other.json'), '{"results":[]}');
    assert.throws(() => readTrace(path.join(dir, 'other.json')), { message: `${path.join(dir, 'other.json')}: not a loopguard trace (no "format": "loopguard-trace").` });
    assert.throws(() => readTrace(path.join(dir, 'none.json')), /none\.json: no trace here\. Record one first: `loopguard trace -- <command>`/u);
  });

  it('reports a missing source map as a problem and shows those frames in the compiled JavaScript, without crashing', async () => {
    const { root, outDir } = compileApp(EXAMPLE_APP, ['scripts']);
    const script = path.join(outDir, 'scripts', 'migrate.js');
    fs.rmSync(`${script}.map`);
    // migrate.js runs its own top level; it fails without its data folder, after its first calls are traced.
    const result = await runTraced({ command: [process.execPath, script], cwd: root, stdio: 'ignore' });
    const outcome = await analyse(EXAMPLE_APP);
    const report = buildReport(readTrace(result.tracePath), result.tracePath, outcome.results, EXAMPLE_APP);
    assert.deepEqual(report.problems, [
      `${script}: its source map ${script}.map is missing, so its frames are shown in the compiled JavaScript. Rebuild with source maps (tsc "sourceMap": true) and report again.`,
    ]);
    assert.ok(renderTerminal(report, EXAMPLE_APP).includes(`note: ${script}: its source map`));
    // A script that never serves: its blocking calls are the CLI's correct silence.
    const own = report.runtimeOnly.filter((r) => r.stack[0]?.file === script && !r.viaRequire);
    assert.deepEqual(own.map((r) => [r.entry, r.verdict]).sort(), [
      ['better-sqlite3.Database.new', 'cli'],
      ['fs.readdirSync', 'cli'],
    ]);
  });
});
