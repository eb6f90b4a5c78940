import * as assert from 'node:assert/strict';
import { describeStall, type MeasuredStall } from '../../src/impact';

const stall = (extra: Partial<MeasuredStall>): MeasuredStall => ({
  kind: 'fs',
  pattern: 'fs-read-file',
  catalogIds: ['fs.readFileSync'],
  heartbeatMaxMs: 412.4,
  fixedHeartbeatMaxMs: 6.2,
  pingP99Ms: 2450,
  fixedPingP99Ms: 9,
  connections: 10,
  verified: false,
  date: '2026-12-02T06:00:00Z',
  ...extra,
});

describe('describeStall', () => {
  it('quotes a verified pattern with no caveat', () => {
    assert.equal(
      describeStall(stall({ verified: true, verdict: 'verified', reason: 'blocked time x40' })),
      'fs-read-file: the event loop stalled up to 412 ms (fixed: 6 ms); p99 of a cheap request served alongside 2.45 s (fixed: 9 ms), at 10 concurrent connections',
    );
  });

  it('says a refuted pattern was refuted, not that it was within the noise (issue 18)', () => {
    const text = describeStall(stall({ verdict: 'refuted', reason: 'fixed stalled as much' }));
    assert.match(text, /\(refuted on that run: the fixed variant did not stall less\)$/);
    assert.doesNotMatch(text, /noise/);
  });

  it('says an inconclusive pattern was inconclusive because of the machine', () => {
    assert.match(describeStall(stall({ verdict: 'inconclusive', reason: 'run queue wait 40%' })), /\(inconclusive: the machine was too noisy to tell the variants apart\)$/);
  });

  it('a p99 at the load client\'s ping timeout says the pings timed out instead of quoting the timeout as a latency', () => {
    assert.match(
      describeStall(stall({ verdict: 'verified', verified: true, pingP99Ms: 2000, pingTimeoutMs: 2000 })),
      /served alongside over 2\.00 s \(timed out\) \(fixed: 9 ms\)/,
    );
  });

  it('a report older than the verdicts (only `verified: false`) is "not verified", with no guessed reason', () => {
    assert.match(describeStall(stall({})), /\(not verified\)$/);
  });
});
