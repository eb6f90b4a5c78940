import assert from 'node:assert/strict';
import { join } from 'node:path';
import { median, VERDICT } from '@loopguard/fixture-server';
import { measureRustTicker, tickerVerdict, type TickerMeasurement, type TickerRun } from '../src';
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
        repetitions: 3,
      });
      // The figures are the point of this test: show them (they are not asserted, the machine is shared).
      console.log(
        `      ${m.pattern}: heartbeat max ${m.blocking.maxLagMs.toFixed(1)} vs ${m.fixed.maxLagMs.toFixed(1)} ms (x${m.ratio.toFixed(1)}), ` +
          `ping p99 ${m.blocking.pingP99Ms} vs ${m.fixed.pingP99Ms} ms (x${m.pingRatio.toFixed(1)}): ${m.verdict} (${m.reason})`,
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

    it('reports medians and the fixture server\'s verdict on its repetitions', () => {
      assert.equal(m.blocking.maxLagMs, median(m.runs.filter((r) => r.variant === 'blocking').map((r) => r.maxLagMs)));
      assert.equal(m.fixed.maxLagMs, median(m.runs.filter((r) => r.variant === 'fixed').map((r) => r.maxLagMs)));
      assert.equal(m.blocking.pingP99Ms, median(m.runs.filter((r) => r.variant === 'blocking').map((r) => r.pingP99Ms)));
      assert.equal(m.fixed.pingP99Ms, median(m.runs.filter((r) => r.variant === 'fixed').map((r) => r.pingP99Ms)));
      const { more: _more, ...again } = tickerVerdict(m.runs);
      assert.deepEqual(
        { ratio: m.ratio, pingRatio: m.pingRatio, ratioInterval: m.ratioInterval, pingRatioInterval: m.pingRatioInterval, verdict: m.verdict, reason: m.reason },
        again,
      );
      assert.notEqual(m.verdict, 'refuted', m.reason);
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
    assert.equal(m.verdict, 'inconclusive');
    assert.equal(m.reason, 'no repetition finished');
  });
});

/** A finished ticker run with the figures given: heartbeat max lag, ping p99, fixed-side failures, noise. */
function tick(variant: TickerRun['variant'], repetition: number, maxLagMs: number, pingP99Ms: number, extra: Partial<TickerRun> = {}): TickerRun {
  return { variant, repetition, maxLagMs, ticks: 100, accepted: 10, connectErrors: 0, pings: 50, pingP99Ms, pingFailed: 0, wallMs: 1000, noiseShare: 0.01, ...extra };
}

describe('tickerVerdict: the fixture server\'s verdict on Rust runs', () => {
  it('verified when every repetition shows the stall and the fix removes it', () => {
    const v = tickerVerdict([tick('blocking', 1, 800, 900), tick('fixed', 1, 10, 20), tick('blocking', 2, 700, 950), tick('fixed', 2, 14, 19)]);
    assert.equal(v.verdict, 'verified');
    assert.deepEqual(v.ratioInterval.map((x) => Math.round(x)), [50, 80]);
    assert.equal(v.more, false);
  });

  it('fixed figures under the timer resolution count as 1 ms', () => {
    const v = tickerVerdict([tick('blocking', 1, 60, 70), tick('fixed', 1, 0, 0.2)]);
    assert.deepEqual([Math.round(v.ratio), Math.round(v.pingRatio)], [60, 70]);
  });

  it('refuted when the blocking program does not stall (the article\'s multi-thread runtime: 18 vs 27 ms)', () => {
    const v = tickerVerdict([tick('blocking', 1, 18, 13), tick('fixed', 1, 27, 30), tick('blocking', 2, 17, 12), tick('fixed', 2, 25, 28)]);
    assert.equal(v.verdict, 'refuted');
    assert.match(v.reason, new RegExp(`under ${VERDICT.minBlockingStallMs} ms: not a stall`));
  });

  it('refuted when the fixed program drops pings or connections', () => {
    const v = tickerVerdict([tick('blocking', 1, 800, 900), tick('fixed', 1, 10, 20, { pingFailed: 2 })]);
    assert.equal(v.verdict, 'refuted');
    assert.match(v.reason, /^the fixed variant failed 2 time\(s\)/);
  });

  it('inconclusive when repetitions disagree, and asks for another', () => {
    const v = tickerVerdict([tick('blocking', 1, 800, 900), tick('fixed', 1, 10, 20), tick('blocking', 2, 800, 900), tick('fixed', 2, 400, 500, { noiseShare: 0.5 })]);
    assert.equal(v.verdict, 'inconclusive');
    assert.equal(v.more, true);
  });
});
