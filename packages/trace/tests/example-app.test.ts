import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { lint, Progress } from './helpers/lint';
import { buildReport, readTrace, runTraced, type TraceReport } from '../src';
import { EXAMPLE_APP } from './helpers/build-app';
import { prepareExampleApp } from './helpers/example-app';

/** Waits until the app prints `listening`, then loads every route with autocannon on loopback, then stops it. */
async function traceUnderLoad(): Promise<{ report: TraceReport; exitSignal: string | null }> {
  const app = await prepareExampleApp();
  const out = path.join(app.root, '.loopguard', 'trace.json');
  let loading: Promise<void> | undefined;
  const result = await runTraced({
    command: [process.execPath, app.entry],
    cwd: app.root,
    out,
    env: app.env,
    stdio: 'pipe',
    onSpawn: (child) => {
      let text = '';
      child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (!loading && text.includes('listening on')) loading = load(app.port, app.password).finally(() => child.kill('SIGTERM'));
      });
    },
  });
  if (!loading) throw new Error(`the example app exited (code ${result.exitCode}) before it listened`);
  await loading;
  const outcome = await lint({ paths: [], cwd: EXAMPLE_APP, severity: 'error', concurrency: 'off', types: true, progress: Progress.forRun(false, process.stderr) });
  return { report: buildReport(readTrace(result.tracePath), result.tracePath, outcome.results, EXAMPLE_APP), exitSignal: result.signal };
}

async function load(port: number, password: string): Promise<void> {
  const url = `http://127.0.0.1:${port}`;
  const run = (opts: autocannon.Options) => autocannon({ connections: 4, ...opts });
  await run({ url: `${url}/users/1`, amount: 60 });
  await run({ url: `${url}/login`, method: 'POST', body: JSON.stringify({ id: 1, password }), amount: 12 });
  await run({ url: `${url}/report`, amount: 12 });
  await run({ url: `${url}/upload/a.txt`, method: 'POST', body: 'hello', amount: 12 });
  await run({ url: `${url}/health`, amount: 20 });
}

const rel = (file: string) => path.relative(EXAMPLE_APP, file).split(path.sep).join('/');

describe('the example app under loopguard trace and autocannon', function () {
  this.timeout(600_000);
  let report: TraceReport;
  let signal: string | null;

  before(async () => {
    ({ report, exitSignal: signal } = await traceUnderLoad());
  });

  it('lets SIGTERM stop the app as it would without the trace', () => {
    assert.equal(signal, 'SIGTERM');
  });

  it('measures every finding of the request handlers and the login listener, and nothing else ran', () => {
    const ran = report.ran.map((m) => `${rel(m.finding.filePath)}:${m.finding.line} ${m.finding.catalogId}`).sort();
    assert.deepEqual(ran, [
      'src/events.ts:8 fs.appendFileSync',
      'src/server.ts:32 fs.readFileSync',
      'src/server.ts:34 fs.readFileSync',
      'src/server.ts:56 fs.writeFileSync',
      'src/services/reports.ts:10 child_process.execSync',
      'src/services/reports.ts:11 zlib.gzipSync',
      'src/services/reports.ts:8 glob.globSync',
      'src/services/reports.ts:9 fs.readFileSync',
      'src/services/users.ts:20 better-sqlite3.Statement.get',
      'src/services/users.ts:29 crypto.pbkdf2Sync',
    ]);
    for (const m of report.ran) {
      assert.ok(m.cost.calls > 0 && m.cost.totalMs > 0 && m.cost.maxMs > 0, `${rel(m.finding.filePath)}:${m.finding.line} has a measured duration`);
      assert.deepEqual(m.cost.phases, ['serving']);
    }
    // 12 logins, one pbkdf2Sync each.
    const login = report.ran.find((m) => m.finding.catalogId === 'crypto.pbkdf2Sync');
    assert.equal(login?.cost.calls, 12);
    assert.ok((login?.cost.delayedRequests ?? 0) > 0, 'logins made other requests wait');
  });

  it('lists the findings of code no request reached as never ran', () => {
    const never = report.neverRan.map((f) => `${rel(f.filePath)}:${f.line} ${f.catalogId}`).sort();
    assert.deepEqual(never, [
      'src/jobs/cleanup.ts:7 fs.readdirSync',
      'src/jobs/cleanup.ts:9 fs.statSync',
      'src/jobs/cleanup.ts:9 fs.unlinkSync',
      'src/services/reports.ts:16 fs.readFileSync',
      'src/services/reports.ts:17 fs.writeFileSync',
      'src/services/reports.ts:17 zlib.brotliCompressSync',
      'src/services/users.ts:24 better-sqlite3.Database.prepare',
      'src/services/users.ts:25 better-sqlite3.Statement.all',
      'src/services/users.ts:35 crypto.pbkdf2Sync',
      'src/services/users.ts:36 better-sqlite3.Statement.run',
    ]);
  });

  it('classifies the start-up calls in the app\'s own code as start-up', () => {
    const startup = report.runtimeOnly
      .filter((r) => r.location && !r.viaRequire && r.cost.phases.includes('startup'))
      .map((r) => `${r.verdict} ${rel(r.location!.file)}:${r.location!.line} ${r.entry}`)
      .sort();
    assert.deepEqual(startup, [
      'start-up src/config.ts:16 fs.existsSync',
      'start-up src/config.ts:16 fs.readFileSync',
      'start-up src/server.ts:73 fs.readFileSync',
      'start-up src/services/users.ts:15 better-sqlite3.Database.new',
      'start-up src/services/users.ts:16 better-sqlite3.Database.exec',
    ]);
  });

  it('reports no blocking call of the app\'s own code as missed', () => {
    const missed = report.runtimeOnly.filter((r) => r.verdict === 'missed').map((r) => `${rel(r.location!.file)}:${r.location!.line} ${r.entry}`);
    assert.deepEqual(missed, []);
  });
});
