import * as assert from 'node:assert/strict';
import { judge } from '../src/run/impact';
import { loadPattern } from '../src/patterns';
import { measuredStalls, measuredStallFor } from '../src/stalls';
import type { ImpactReport, RunResult } from '../src/types';

/** A finished run of 5 s whose loop was blocked `blocked` ms per second, with heartbeat max and /ping p99 as given. */
function run(
  variant: 'blocking' | 'fixed',
  rep: number,
  heartbeat: number,
  blocked: number,
  pingP99: number,
  extra: Partial<RunResult> = {},
): RunResult {
  return {
    variant,
    connections: 10,
    rep,
    windowStart: 0,
    windowMs: 5000,
    heartbeat: { maxLagMs: heartbeat, fires: 400, expectedFires: 500, blockedMs: blocked * 5 },
    noise: { runQueueMs: 50, share: 0.01 },
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
const deasync = loadPattern('deasync-sleep');

describe('judge: the runs of a pattern to a verdict', () => {
  it('verified: blocked time and /ping p99 ratios above 5 in every repetition, blocking heartbeat max over 50 ms', () => {
    const result = judge(pbkdf2, 10, [
      run('blocking', 1, 400, 900, 900), run('fixed', 1, 8, 0, 12),
      run('blocking', 2, 300, 880, 1000), run('fixed', 2, 60, 20, 9),
    ], 1);
    assert.equal(result.verdict, 'verified');
    assert.equal(result.reps, 2);
    assert.equal(result.blocking?.heartbeatMaxMs, 350);
    assert.equal(result.blocking?.blockedMsPerS, 890);
    assert.deepEqual(result.stats?.blocked?.perRep, [90, 44]);
    assert.deepEqual(result.ratios, { heartbeat: 15.8, blocked: 62.9, pingP99: 91.3 });
  });

  it('a fixed run whose max caught one hiccup (60 ms) is still verified: its blocked time stays small (issue 18)', () => {
    const result = judge(pbkdf2, 10, [run('blocking', 1, 250, 800, 900), run('fixed', 1, 60, 12, 20), run('blocking', 2, 260, 820, 950), run('fixed', 2, 70, 15, 25)], 1);
    assert.equal(result.verdict, 'verified');
    assert.ok((result.ratios?.heartbeat ?? 0) < 5, 'the old heartbeat-max ratio would have failed it');
  });

  it('refuted when the /ping ratio is under 5 on a quiet machine, and says which figure failed', () => {
    const result = judge(pbkdf2, 10, [run('blocking', 1, 400, 900, 40), run('fixed', 1, 8, 0, 10), run('blocking', 2, 400, 900, 40), run('fixed', 2, 8, 0, 10)], 1);
    assert.equal(result.verdict, 'refuted');
    assert.match(result.reason, /^\/ping p99 under x5 on a quiet machine \(the fixed loop waited for a CPU 1% of the window\)/);
  });

  it('inconclusive when the ratio is low because the fixed loop waited for a CPU (noise), and asks for more', () => {
    const noisy = { noise: { runQueueMs: 2000, share: 0.4 } };
    const result = judge(pbkdf2, 10, [run('blocking', 1, 900, 900, 2000), run('fixed', 1, 300, 400, 900, noisy), run('blocking', 2, 900, 900, 2000), run('fixed', 2, 300, 400, 900, noisy)], 1);
    assert.equal(result.verdict, 'inconclusive');
    assert.equal(result.more, true);
  });

  it('refuted when the blocking heartbeat max is under 50 ms, even with large ratios', () => {
    const result = judge(pbkdf2, 10, [run('blocking', 1, 45, 300, 400), run('fixed', 1, 1, 0, 2)], 1);
    assert.equal(result.verdict, 'refuted');
    assert.match(result.reason, /heartbeat max 45\.0 ms is under 50 ms: not a stall/);
  });

  it('refuted when the fixed variant answered /work with errors (non-2xx)', () => {
    const fixed = run('fixed', 1, 8, 0, 10, { work: { requests: 100, errors: 0, non2xx: 2, timeouts: 0, rps: 20, p50Ms: 1, p99Ms: 3, callMs: 1 } });
    const result = judge(pbkdf2, 10, [run('blocking', 1, 400, 900, 900), fixed], 1);
    assert.equal(result.verdict, 'refuted');
    assert.match(result.reason, /^the fixed variant failed 2 time\(s\)/);
  });

  it('fixed /work timeouts alone do not refute: a starved machine causes them too', () => {
    const fixed = run('fixed', 1, 8, 0, 10, { work: { requests: 100, errors: 3, non2xx: 0, timeouts: 3, rps: 20, p50Ms: 1, p99Ms: 3, callMs: 1 } });
    const result = judge(pbkdf2, 10, [run('blocking', 1, 400, 900, 900), fixed], 1);
    assert.equal(result.verdict, 'verified');
    assert.equal(result.fixed?.workErrors, 6);
  });

  it('a pattern with its own measurement also needs that ratio', () => {
    const ok = judge(late, 10, [run('blocking', 1, 400, 900, 900, { metric: 300 }), run('fixed', 1, 8, 0, 12, { metric: 2 })], 1);
    assert.equal(ok.verdict, 'verified');
    assert.equal(ok.ratios?.metric, 150);
    const bad = judge(late, 10, [run('blocking', 1, 400, 900, 900, { metric: 6 }), run('fixed', 1, 8, 0, 12, { metric: 2 })], 1);
    assert.equal(bad.verdict, 'refuted');
    assert.match(bad.reason, /^the 50 ms deadline fired late by \(p99\) under x5 on a quiet machine/);
  });

  it('a figure marked "judged": false (SIGTERM, one sample a run) is reported but does not decide', () => {
    const sigterm = loadPattern('shutdown-sigterm');
    const result = judge(sigterm, 5, [run('blocking', 1, 400, 900, 900, { metric: 3 }), run('fixed', 1, 8, 0, 12, { metric: 2 }), run('blocking', 2, 400, 900, 900, { metric: 3 }), run('fixed', 2, 8, 0, 12, { metric: 2 })], 1);
    assert.equal(result.verdict, 'verified');
    assert.equal(result.ratios?.metric, 1.5);
    assert.equal(result.stats?.metric, undefined);
  });

  it('a pattern that is not a stall (deasync) is judged by its own figure alone, and says so', () => {
    const result = judge(deasync, 10, [run('blocking', 1, 9, 0, 8, { metric: 250 }), run('fixed', 1, 8, 0, 7, { metric: 0.5 })], 1);
    assert.equal(result.verdict, 'verified');
    assert.match(result.reason, /^judged by its own figure \(/);
  });

  it('a pattern whose fixed runs all failed is refuted with the error; one that needs a newer Node is "not run"', () => {
    const failed = judge(pbkdf2, 10, [run('blocking', 1, 400, 900, 900), run('fixed', 1, 0, 0, 0, { error: 'the run took longer than its limit of 100 ms' })], 1);
    assert.equal(failed.verdict, 'refuted');
    assert.equal(failed.reason, 'the run took longer than its limit of 100 ms');
    const blockingFailed = judge(pbkdf2, 10, [run('blocking', 1, 0, 0, 0, { error: 'boom' }), run('fixed', 1, 1, 0, 1)], 1);
    assert.equal(blockingFailed.verdict, 'inconclusive');
    const notRun = judge(pbkdf2, 10, [run('blocking', 1, 0, 0, 0, { error: 'pattern "x" needs Node 22.5.0 or later' })], 1);
    assert.equal(notRun.verdict, 'not run');
  });
});

describe('measuredStalls', () => {
  const report = {
    date: '2026-11-25T20:00:00.000Z',
    patterns: [
      judge(pbkdf2, 10, [run('blocking', 1, 400, 900, 900), run('fixed', 1, 8, 0, 12)], 1),
      { ...judge(loadPattern('crypto-scrypt'), 10, [run('blocking', 1, 900, 900, 30), run('fixed', 1, 8, 0, 12)], 1) },
      judge(loadPattern('fs-read-file'), 10, [run('blocking', 1, 120, 500, 300), run('fixed', 1, 9, 0, 11)], 1),
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
