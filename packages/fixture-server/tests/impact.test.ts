import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_PATTERNS_DIR } from '../src/patterns';
import { liveChildren } from '../src/run/processes';
import { runImpact, type RunInfo } from '../src/run/impact';
import type { ImpactReport } from '../src/types';

// Real measurements on 127.0.0.1 with shortened runs. Timing figures are only compared within one run
// (blocking against fixed of the same pattern), never against absolute thresholds.
const SHORT = { warmupMs: 300, durationMs: 1200, reps: 1, sweep: false as const, noiseThresholdMs: Number.MAX_SAFE_INTEGER, pingTimeoutMs: 3000 };

describe('runImpact end to end', function () {
  this.timeout(120_000);
  let outDir: string;
  let report: ImpactReport;
  const events: string[] = [];

  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-impact-'));
    report = await runImpact({
      ...SHORT,
      patterns: ['atomics-wait', 'shutdown-sigterm'],
      outDir,
      reporter: {
        onBaseline: () => events.push('baseline'),
        onRunEnd: (info: RunInfo) => events.push(`${info.index}/${info.total} ${info.pattern} ${info.variant}`),
        onPattern: (r) => events.push(`pattern ${r.id}`),
        onEnd: () => events.push('end'),
      },
    });
  });

  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('reports progress in order: baseline, interleaved runs, each pattern, end', () => {
    assert.deepEqual(events, [
      'baseline',
      '1/4 atomics-wait blocking',
      '2/4 atomics-wait fixed',
      'pattern atomics-wait',
      '3/4 shutdown-sigterm blocking',
      '4/4 shutdown-sigterm fixed',
      'pattern shutdown-sigterm',
      'end',
    ]);
  });

  it('writes impact.json with the report structure, machine info and options', () => {
    const written = JSON.parse(fs.readFileSync(path.join(outDir, 'impact.json'), 'utf8')) as ImpactReport;
    assert.deepEqual(written, JSON.parse(JSON.stringify(report)));
    assert.equal(written.tool.name, '@loopguard/fixture-server');
    assert.ok(written.machine.cpus > 0 && written.machine.node.startsWith('v'));
    assert.equal(written.options.durationMs, 1200);
    assert.ok(written.baseline && !written.baseline.error, written.baseline?.error);
    assert.deepEqual(written.patterns.map((p) => [p.id, p.runs.map((r) => r.variant)]), [
      ['atomics-wait', ['blocking', 'fixed']],
      ['shutdown-sigterm', ['blocking', 'fixed']],
    ]);
    assert.ok(fs.statSync(path.join(outDir, 'impact.html')).size > 1000);
  });

  it('every run measured a window: heartbeat fires, pings sent, /work requests served', () => {
    for (const p of report.patterns) {
      for (const r of p.runs) {
        assert.equal(r.error, undefined, `${p.id} ${r.variant}: ${r.error}`);
        assert.ok(r.windowMs >= 1000, `${p.id} ${r.variant} window ${r.windowMs}`);
        assert.ok(r.heartbeat.fires > 0 && r.lagTimeline.length > 0);
        assert.equal(r.ping.sent, 60);
        assert.ok(r.work.requests > 0);
        assert.ok(r.work.callMs > 0);
      }
    }
  });

  it('the blocking heartbeat max exceeds the fixed one, pattern by pattern', () => {
    for (const p of report.patterns) {
      assert.ok(p.blocking && p.fixed, p.reason);
      assert.ok(p.blocking.heartbeatMaxMs > p.fixed.heartbeatMaxMs, `${p.id}: ${p.reason}`);
      assert.ok(['verified', 'refuted', 'inconclusive'].includes(p.verdict), p.verdict);
    }
  });

  it('measures the shutdown pattern\'s own figure for both variants: when the SIGTERM handler started', () => {
    // Not compared: a SIGTERM that lands between two blocked batches is handled at once, so one short run
    // can show the blocking variant fast; the full runs' medians make the comparison.
    const p = report.patterns.find((r) => r.id === 'shutdown-sigterm');
    assert.equal(p?.metric?.name, 'sigtermMs');
    for (const r of p?.runs ?? []) {
      assert.equal(r.metric, r.shutdown.handlerMs);
      assert.ok(r.shutdown.handlerMs >= 0 && r.shutdown.handlerMs < 10_000, `${r.variant}: SIGTERM handler never ran`);
      assert.ok(r.shutdown.exitMs >= r.shutdown.handlerMs);
    }
  });

  it('leaves no child process behind', () => {
    assert.deepEqual(liveChildren(), []);
  });
});

describe('runImpact when things go wrong', function () {
  this.timeout(120_000);

  it('stops with "machine too noisy" when the baseline is over the threshold, and writes why', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-noisy-'));
    try {
      const report = await runImpact({ ...SHORT, noiseThresholdMs: 0, patterns: ['atomics-wait'], outDir });
      assert.equal(report.quiet, false);
      assert.match(report.aborted ?? '', /^machine too noisy: the no-op baseline's heartbeat max was .* ms, over the 0 ms threshold/);
      assert.deepEqual(report.patterns, []);
      assert.match(JSON.parse(fs.readFileSync(path.join(outDir, 'impact.json'), 'utf8')).aborted, /machine too noisy/);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('a failing pattern is reported with its error and the next pattern still runs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-broken-'));
    try {
      fs.cpSync(path.join(DEFAULT_PATTERNS_DIR, 'atomics-wait'), path.join(dir, 'atomics-wait'), { recursive: true });
      fs.cpSync(path.join(DEFAULT_PATTERNS_DIR, 'crypto-pbkdf2'), path.join(dir, 'broken-setup'), { recursive: true });
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'broken-setup', 'manifest.json'), 'utf8'));
      fs.writeFileSync(path.join(dir, 'broken-setup', 'manifest.json'), JSON.stringify({ ...manifest, id: 'broken-setup' }));
      fs.writeFileSync(path.join(dir, 'broken-setup', 'setup.ts'), "export function setup(): never { throw new Error('the database is unreachable'); }\n");
      const report = await runImpact({ ...SHORT, skipBaseline: true, patternsDir: dir });
      const broken = report.patterns.find((p) => p.id === 'broken-setup');
      // Neither variant ran: nothing to compare, and it says why (never a silent "not verified").
      assert.equal(broken?.verdict, 'inconclusive');
      assert.match(broken?.reason ?? '', /the blocking server of pattern "broken-setup" exited \(code 1\) before it was ready: Error: the database is unreachable/);
      const next = report.patterns.find((p) => p.id === 'atomics-wait');
      assert.ok(next?.blocking && next.fixed, next?.reason);
      assert.deepEqual(liveChildren(), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a run over its time limit is stopped, reported as failed, and its processes are killed', async () => {
    const report = await runImpact({ ...SHORT, skipBaseline: true, patterns: ['atomics-wait'], warmupMs: 5000, runTimeoutMs: 2500 });
    const runs = report.patterns[0]?.runs ?? [];
    assert.equal(runs.length, 2);
    for (const r of runs) assert.equal(r.error, 'the run took longer than its limit of 2500 ms');
    assert.deepEqual(liveChildren(), []);
  });
});
