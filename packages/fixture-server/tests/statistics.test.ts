import * as assert from 'node:assert/strict';
import {
  VERDICT, bootstrapInterval, decide, estimateRatio, geometricMean, median, percentile, type JudgedFigure, type RepPair,
} from '../src/verdict';

// Synthetic repetitions: what the verdict does with samples whose answer is known.
const BLOCKED: JudgedFigure = { id: 'blocked', label: 'heartbeat blocked time', floor: 10 };
const PING: JudgedFigure = { id: 'ping', label: '/ping p99', floor: 1 };
const FIGURES = [BLOCKED, PING];
const round = (v: number): number => Math.round(v * 100) / 100;
const pair = (blocked: [number, number], ping: [number, number]): RepPair => ({
  blocking: { blocked: blocked[0], ping: ping[0] },
  fixed: { blocked: blocked[1], ping: ping[1] },
});

describe('statistics of the verdict', () => {
  it('ratios multiply: the geometric mean of x10 and x0.1 is x1', () => {
    assert.equal(round(geometricMean([10, 0.1])), 1);
    assert.equal(round(geometricMean([4, 16])), 8);
    assert.equal(geometricMean([]), 0);
  });

  it('the bootstrap interval of two repetitions is their range, and the same samples give the same interval', () => {
    assert.deepEqual(bootstrapInterval([4, 16], geometricMean).map(round), [4, 16]);
    const a = bootstrapInterval([3, 9, 5, 40, 7], geometricMean);
    const b = bootstrapInterval([3, 9, 5, 40, 7], geometricMean);
    assert.deepEqual(a, b);
    assert.ok(a[0] > 3 && a[1] < 40, `the interval of the mean is narrower than the range: ${a.join(', ')}`);
  });

  it('estimateRatio floors the fixed figure: a fix measured at 0 ms/s blocked counts as 10 ms/s', () => {
    const e = estimateRatio([pair([900, 0], [800, 2]), pair([800, 4], [900, 3])], BLOCKED);
    assert.deepEqual(e.perRep, [90, 80]);
    assert.equal(round(e.low), 80);
    assert.equal(round(e.high), 90);
    assert.equal(e.call, 'above');
  });

  it('percentiles are nearest-rank and medians average the middle pair', () => {
    assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
    assert.equal(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99), 99);
    assert.equal(percentile([], 99), 0);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});

describe('decide: verified / refuted / inconclusive on synthetic samples', () => {
  it('a clear effect is verified after the first two repetitions', () => {
    const v = decide({
      figures: FIGURES,
      pairs: [pair([850, 12], [2400, 9]), pair([910, 20], [2600, 14])],
      blockingStallMs: 420,
      fixedNoiseShare: 0.01,
      fixedErrors: 0,
    });
    assert.equal(v.verdict, 'verified');
    assert.equal(v.more, false);
    assert.equal(v.ratios.blocked?.call, 'above');
    assert.equal(v.ratios.ping?.call, 'above');
    assert.match(v.reason, /^heartbeat blocked time x56\.8 \[45\.5, 70\.8\] over 2 reps; \/ping p99 x223 \[186, 267\] over 2 reps$/);
  });

  it('no effect on a quiet machine is refuted', () => {
    const v = decide({
      figures: FIGURES,
      pairs: [pair([300, 280], [900, 850]), pair([310, 300], [950, 800])],
      blockingStallMs: 120,
      fixedNoiseShare: 0.02,
      fixedErrors: 0,
    });
    assert.equal(v.verdict, 'refuted');
    assert.equal(v.more, false);
    assert.match(v.reason, /^heartbeat blocked time, \/ping p99 under x5 on a quiet machine \(the fixed loop waited for a CPU 2% of the window\)/);
  });

  it('huge variance between repetitions is inconclusive, and asks for another repetition', () => {
    const v = decide({
      figures: FIGURES,
      pairs: [pair([900, 10], [2000, 10]), pair([400, 330], [1900, 1500])],
      blockingStallMs: 400,
      fixedNoiseShare: 0.04,
      fixedErrors: 0,
    });
    assert.equal(v.verdict, 'inconclusive');
    assert.equal(v.more, true);
    assert.equal(round(v.ratios.blocked?.low ?? 0), 1.21);
    assert.equal(round(v.ratios.blocked?.high ?? 0), 90);
    assert.match(v.reason, /^the interval of heartbeat blocked time, \/ping p99 straddles x5: /);
  });

  it('a low ratio on a noisy machine is inconclusive, never refuted', () => {
    const v = decide({
      figures: FIGURES,
      pairs: [pair([900, 400], [2500, 900]), pair([950, 450], [2600, 1000])],
      blockingStallMs: 600,
      fixedNoiseShare: 0.45,
      fixedErrors: 0,
    });
    assert.equal(v.verdict, 'inconclusive');
    assert.match(v.reason, /the fixed loop waited for a CPU 45% of the window \(over 10%\): the machine was too noisy to tell/);
  });

  it('a low ratio where the noise is unknown (no schedstat) is inconclusive', () => {
    const v = decide({ figures: FIGURES, pairs: [pair([300, 280], [900, 850]), pair([310, 300], [950, 800])], blockingStallMs: 120 });
    assert.equal(v.verdict, 'inconclusive');
    assert.match(v.reason, /waited for a CPU unknown/);
  });

  it('a blocking variant that does not stall is refuted whatever the ratios: noise only lengthens stalls', () => {
    const v = decide({ figures: FIGURES, pairs: [pair([200, 10], [400, 5]), pair([200, 10], [400, 5])], blockingStallMs: 35, fixedNoiseShare: 0.5 });
    assert.equal(v.verdict, 'refuted');
    assert.match(v.reason, /^the blocking variant's heartbeat max 35\.0 ms is under 50 ms: not a stall/);
  });

  it('a fixed variant with failed requests is refuted', () => {
    const v = decide({ figures: FIGURES, pairs: [pair([900, 10], [2000, 5]), pair([900, 10], [2000, 5])], blockingStallMs: 400, fixedErrors: 3 });
    assert.equal(v.verdict, 'refuted');
    assert.match(v.reason, /^the fixed variant failed 3 time\(s\)/);
  });

  it('stops asking for repetitions at maxReps, and says nothing finished when no pair did', () => {
    const straddling = [pair([900, 10], [2000, 10]), pair([400, 330], [1900, 1500])];
    const pairs = [...straddling, ...straddling];
    assert.equal(pairs.length, VERDICT.maxReps);
    assert.equal(decide({ figures: FIGURES, pairs, blockingStallMs: 400, fixedNoiseShare: 0.01 }).more, false);
    assert.deepEqual(decide({ figures: FIGURES, pairs: [] }).verdict, 'inconclusive');
  });

  it('a pattern judged by its own figure alone (not a stall) needs no heartbeat stall', () => {
    const metric: JudgedFigure = { id: 'metric', label: 'a 30 ms wait returned late by (p99)', floor: 1 };
    const v = decide({
      figures: [metric],
      pairs: [{ blocking: { metric: 240 }, fixed: { metric: 0.4 } }, { blocking: { metric: 310 }, fixed: { metric: 1.5 } }],
      fixedNoiseShare: 0.01,
    });
    assert.equal(v.verdict, 'verified');
    assert.deepEqual(v.ratios.metric?.perRep.map(round), [240, 206.67]);
  });
});
