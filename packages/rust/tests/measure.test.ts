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
      console.log(`      ${m.pattern}: blocking max lag ${m.blocking.maxLagMs.toFixed(1)} ms, fixed ${m.fixed.maxLagMs.toFixed(1)} ms, ratio ${m.ratio.toFixed(1)}: ${m.verdict}${m.reasons.length ? ` (${m.reasons.join('; ')})` : ''}`);
    });

    it('runs blocking and fixed interleaved, three repetitions each, every run ending with figures', () => {
      assert.deepEqual(m.runs.map((r) => `${r.variant}#${r.repetition}`), ['blocking#1', 'fixed#1', 'blocking#2', 'fixed#2', 'blocking#3', 'fixed#3']);
      assert.deepEqual(m.runs.filter((r) => r.error !== undefined), []);
      for (const r of m.runs) assert.ok(Number.isFinite(r.maxLagMs) && r.accepted > 0, JSON.stringify(r));
    });

    it('with std\'s accept the background task never runs; with tokio\'s it ticks', () => {
      // Not a timing: the blocking loop never awaits, so a current-thread runtime cannot poll the ticker at all.
      assert.deepEqual(m.runs.filter((r) => r.variant === 'blocking').map((r) => r.ticks), [0, 0, 0]);
      assert.ok(m.runs.filter((r) => r.variant === 'fixed').every((r) => r.ticks > 0));
    });

    it('reports medians and the verdict that the issue-5 method gives for them', () => {
      assert.equal(m.blocking.maxLagMs, median(m.runs.filter((r) => r.variant === 'blocking').map((r) => r.maxLagMs)));
      assert.equal(m.fixed.maxLagMs, median(m.runs.filter((r) => r.variant === 'fixed').map((r) => r.maxLagMs)));
      assert.deepEqual({ ratio: m.ratio, verdict: m.verdict, reasons: m.reasons }, tickerVerdict(m.blocking.maxLagMs, m.fixed.maxLagMs, m.fixed.errors));
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

describe('tickerVerdict (issue 5: ratio >= 5, blocking max >= 50 ms, no error in the fixed runs)', () => {
  it('verified', () => {
    assert.deepEqual(tickerVerdict(800, 12, 0), { ratio: 800 / 12, verdict: 'verified', reasons: [] });
  });
  it('a fixed lag under the timer resolution counts as 1 ms', () => {
    assert.equal(tickerVerdict(60, 0, 0).ratio, 60);
  });
  it('not verified, with every reason', () => {
    assert.deepEqual(tickerVerdict(40, 10, 2), {
      ratio: 4,
      verdict: 'not verified',
      reasons: ['heartbeat lag ratio 4.0 < 5', 'blocking heartbeat max 40.0 ms < 50 ms', '2 error(s) in the fixed runs'],
    });
  });
});
