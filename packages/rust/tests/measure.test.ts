import assert from 'node:assert/strict';
import { join } from 'node:path';
import { measureRustTicker, median, tickerVerdict, type TickerMeasurement } from '../src';
import { fixtureBinaries } from './helpers/fixtures';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('measureRustTicker: the article\'s demonstration, measured end to end', () => {
  let bin: string;
  before(async function () {
    // A first build compiles tokio: about a minute alone, several on a loaded machine.
    this.timeout(20 * 60_000);
    bin = await fixtureBinaries();
  });

  describe('the ticker with a current-thread runtime (std accept vs tokio accept)', () => {
    let m: TickerMeasurement;
    before(async () => {
      m = await measureRustTicker({
        pattern: 'rust/ticker-current-thread',
        blockingBinary: join(bin, 'ticker_blocking'),
        fixedBinary: join(bin, 'ticker_fixed'),
        durationMs: 800,
        connectEveryMs: 100,
      });
      // The figures are the point of this test: show them (they are not asserted, the machine is shared).
      console.log(
        `      ${m.pattern}: heartbeat max ${m.blocking.maxLagMs.toFixed(1)} vs ${m.fixed.maxLagMs.toFixed(1)} ms (x${m.ratio.toFixed(1)}), ` +
          `ping p99 ${m.blocking.pingP99Ms} vs ${m.fixed.pingP99Ms} ms (x${m.pingRatio.toFixed(1)}): ${m.verdict}${m.reasons.length ? ` (${m.reasons.join('; ')})` : ''}`,
      );
    });

    it('runs blocking and fixed interleaved, three repetitions each, every run ending with figures', () => {
      assert.deepEqual(m.runs.map((r) => `${r.variant}#${r.repetition}`), ['blocking#1', 'fixed#1', 'blocking#2', 'fixed#2', 'blocking#3', 'fixed#3']);
      assert.deepEqual(m.runs.filter((r) => r.error !== undefined), []);
      for (const r of m.runs) assert.ok(Number.isFinite(r.maxLagMs) && r.accepted > 0 && r.pings > 0 && Number.isFinite(r.pingP99Ms), JSON.stringify(r));
    });

    it('with std\'s accept the background tasks never run; with tokio\'s they tick and answer', () => {
      // Not a timing: the blocking loop never awaits, so a current-thread runtime polls neither the ticker nor the
      // ping server until it exits; every ping of a blocking run goes unanswered.
      const blocking = m.runs.filter((r) => r.variant === 'blocking');
      assert.deepEqual(blocking.map((r) => r.ticks), [0, 0, 0]);
      assert.deepEqual(blocking.map((r) => r.pingFailed), blocking.map((r) => r.pings));
      assert.ok(m.runs.filter((r) => r.variant === 'fixed').every((r) => r.ticks > 0 && r.pingFailed < r.pings));
    });

    it('reports medians and the verdict that the issue-5 method gives for them', () => {
      assert.equal(m.blocking.maxLagMs, median(m.runs.filter((r) => r.variant === 'blocking').map((r) => r.maxLagMs)));
      assert.equal(m.fixed.maxLagMs, median(m.runs.filter((r) => r.variant === 'fixed').map((r) => r.maxLagMs)));
      assert.equal(m.blocking.pingP99Ms, median(m.runs.filter((r) => r.variant === 'blocking').map((r) => r.pingP99Ms)));
      assert.equal(m.fixed.pingP99Ms, median(m.runs.filter((r) => r.variant === 'fixed').map((r) => r.pingP99Ms)));
      assert.deepEqual(
        { ratio: m.ratio, pingRatio: m.pingRatio, verdict: m.verdict, reasons: m.reasons },
        tickerVerdict({
          blockingMaxLagMs: m.blocking.maxLagMs, fixedMaxLagMs: m.fixed.maxLagMs,
          blockingPingP99Ms: m.blocking.pingP99Ms, fixedPingP99Ms: m.fixed.pingP99Ms, fixedErrors: m.fixed.errors,
        }),
      );
    });
  });

  it('kills a run that does not finish in time, and says so', async () => {
    let pid = 0;
    // No connection ever comes (one every 60 s), so std's accept blocks until the harness kills the program.
    const m = await measureRustTicker({
      pattern: 'rust/ticker-hung',
      blockingBinary: join(bin, 'ticker_blocking'),
      fixedBinary: join(bin, 'no-such-binary'),
      durationMs: 200,
      connectEveryMs: 60_000,
      repetitions: 1,
      runTimeoutMs: 1500,
      onProgress: (run) => {
        if (run.variant === 'blocking') pid = run.pid ?? 0;
      },
    });
    assert.match(m.runs[0]!.error ?? '', /did not finish within 1500 ms \(killed\)/);
    assert.ok(pid > 0 && !alive(pid), `ticker_blocking (pid ${pid}) must be gone`);
    assert.match(m.runs[1]!.error ?? '', /no-such-binary does not exist: build fixtures\/rust first/);
    assert.equal(m.verdict, 'not verified');
    assert.ok(m.reasons.includes('1 error(s) in the fixed runs'), m.reasons.join('; '));
  });
});

describe('tickerVerdict (issue 5: heartbeat and ping p99 ratios >= 5, blocking max >= 50 ms, no error in the fixed runs)', () => {
  it('verified', () => {
    assert.deepEqual(
      tickerVerdict({ blockingMaxLagMs: 800, fixedMaxLagMs: 10, blockingPingP99Ms: 900, fixedPingP99Ms: 20, fixedErrors: 0 }),
      { ratio: 80, pingRatio: 45, verdict: 'verified', reasons: [] },
    );
  });
  it('fixed figures under the timer resolution count as 1 ms', () => {
    const v = tickerVerdict({ blockingMaxLagMs: 60, fixedMaxLagMs: 0, blockingPingP99Ms: 70, fixedPingP99Ms: 0.2, fixedErrors: 0 });
    assert.deepEqual([v.ratio, v.pingRatio], [60, 70]);
  });
  it('not verified, with every reason', () => {
    assert.deepEqual(
      tickerVerdict({ blockingMaxLagMs: 40, fixedMaxLagMs: 10, blockingPingP99Ms: 30, fixedPingP99Ms: 10, fixedErrors: 2 }),
      {
        ratio: 4,
        pingRatio: 3,
        verdict: 'not verified',
        reasons: ['heartbeat lag ratio 4.0 < 5', 'ping p99 ratio 3.0 < 5', 'blocking heartbeat max 40.0 ms < 50 ms', '2 error(s) in the fixed runs'],
      },
    );
  });
});
