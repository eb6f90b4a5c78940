import * as assert from 'node:assert/strict';
import { judge } from '../src/run/impact';
import { loadPattern } from '../src/patterns';
import { measuredStalls, measuredStallFor } from '../src/stalls';
import { percentile, median } from '../src/stats';
import type { ImpactReport, RunResult } from '../src/types';

function run(variant: 'blocking' | 'fixed', heartbeat: number, pingP99: number, extra: Partial<RunResult> = {}): RunResult {
  return {
    variant,
    connections: 10,
    rep: 1,
    windowStart: 0,
    windowMs: 5000,
    heartbeat: { maxLagMs: heartbeat, fires: 400, expectedFires: 500 },
    lagTimeline: [[0, heartbeat]],
    elu: 0.5,
    ping: { sent: 250, ok: 250, failed: 0, p50Ms: 2, p99Ms: pingP99, maxMs: pingP99 },
    work: { requests: 100, errors: 0, non2xx: 0, timeouts: 0, rps: 20, p50Ms: 100, p99Ms: 300, callMs: 25 },
    shutdown: { handlerMs: 1, exitMs: 20 },
    ...extra,
  };
}

const pbkdf2 = loadPattern('crypto-pbkdf2');
const late = loadPattern('late-timeout');

describe('verdict rules', () => {
  it('verified: both ratios at least 5, blocking heartbeat at least 50 ms, fixed without errors (medians of the reps)', () => {
    const result = judge(pbkdf2, 10, [run('blocking', 400, 900), run('fixed', 8, 12), run('blocking', 300, 1000), run('fixed', 6, 9), run('blocking', 500, 800), run('fixed', 90, 400)], 1);
    assert.equal(result.verdict, 'verified');
    assert.equal(result.blocking?.heartbeatMaxMs, 400);
    assert.equal(result.fixed?.heartbeatMaxMs, 8);
    assert.deepEqual(result.ratios, { heartbeat: 50, pingP99: 75 });
  });

  it('not verified when the /ping ratio is under 5, and says which figure failed', () => {
    const result = judge(pbkdf2, 10, [run('blocking', 400, 40), run('fixed', 8, 10)], 1);
    assert.equal(result.verdict, 'not verified');
    assert.match(result.reason, /^\/ping p99 ratio 4 < 5: heartbeat max 400 vs 8 ms \(x50\), \/ping p99 40 vs 10 ms \(x4\)$/);
  });

  it('not verified when the blocking heartbeat max is under 50 ms, even with large ratios', () => {
    const result = judge(pbkdf2, 10, [run('blocking', 45, 400), run('fixed', 1, 2)], 1);
    assert.equal(result.verdict, 'not verified');
    assert.match(result.reason, /blocking heartbeat max 45 ms < 50 ms/);
  });

  it('not verified when the fixed variant had errors (a /ping timeout counts)', () => {
    const fixed = run('fixed', 8, 10, { ping: { sent: 250, ok: 249, failed: 1, p50Ms: 2, p99Ms: 10, maxMs: 5000 } });
    const result = judge(pbkdf2, 10, [run('blocking', 400, 900), fixed], 1);
    assert.equal(result.verdict, 'not verified');
    assert.match(result.reason, /the fixed variant had errors \(0 failed runs, 0 \/work errors, 1 \/ping failures\)/);
  });

  it('a pattern with its own measurement also needs that ratio', () => {
    const ok = judge(late, 10, [run('blocking', 400, 900, { metric: 300 }), run('fixed', 8, 12, { metric: 2 })], 1);
    assert.equal(ok.verdict, 'verified');
    assert.equal(ok.ratios?.metric, 150);
    const bad = judge(late, 10, [run('blocking', 400, 900, { metric: 6 }), run('fixed', 8, 12, { metric: 2 })], 1);
    assert.equal(bad.verdict, 'not verified');
    assert.match(bad.reason, /the 50 ms deadline fired late by \(p99\) ratio 3 < 5/);
  });

  it('a pattern whose runs all failed is not verified with the error; one that needs a newer Node is "not run"', () => {
    const failed = judge(pbkdf2, 10, [run('blocking', 0, 0, { error: 'the run took longer than its limit of 100 ms' }), run('fixed', 1, 1)], 1);
    assert.equal(failed.verdict, 'not verified');
    assert.equal(failed.reason, 'the run took longer than its limit of 100 ms');
    const notRun = judge(pbkdf2, 10, [run('blocking', 0, 0, { error: 'pattern "x" needs Node 22.5.0 or later' })], 1);
    assert.equal(notRun.verdict, 'not run');
  });

  it('percentiles are nearest-rank and medians average the middle pair', () => {
    assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
    assert.equal(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99), 99);
    assert.equal(percentile([], 99), 0);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});

describe('measuredStalls', () => {
  const report = {
    date: '2026-11-25T20:00:00.000Z',
    patterns: [
      judge(pbkdf2, 10, [run('blocking', 400, 900), run('fixed', 8, 12)], 1),
      { ...judge(loadPattern('crypto-scrypt'), 10, [run('blocking', 900, 30), run('fixed', 8, 12)], 1) },
      judge(loadPattern('fs-read-file'), 10, [run('blocking', 120, 300), run('fixed', 9, 11)], 1),
    ],
  } as unknown as ImpactReport;

  it('gives each kind the figure of its verified pattern with the largest stall, and leaves out unmeasured kinds', () => {
    const stalls = measuredStalls(report);
    assert.equal(stalls.crypto?.pattern, 'crypto-pbkdf2', 'a verified pattern wins over a larger unverified one');
    assert.equal(stalls.crypto?.heartbeatMaxMs, 400);
    assert.equal(stalls.fs?.fixedHeartbeatMaxMs, 9);
    assert.equal(stalls.fs?.date, '2026-11-25T20:00:00.000Z');
    assert.equal(stalls.zlib, undefined);
    assert.equal(measuredStallFor('crypto.scryptSync', report)?.verified, false);
  });

  it('reads the committed fixtures/patterns/impact.json by default, with a figure for every kind it measured', () => {
    const stalls = measuredStalls();
    for (const kind of ['fs', 'child_process', 'crypto', 'zlib', 'sqlite', 'sync-http', 'wait'] as const) {
      assert.ok(stalls[kind], `no measured stall for ${kind}`);
      assert.ok((stalls[kind]?.heartbeatMaxMs ?? 0) > 0);
    }
  });
});
