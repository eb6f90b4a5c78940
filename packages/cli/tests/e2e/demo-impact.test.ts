import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, PACKAGE, runCli } from '../helpers';

const REPO = path.resolve(PACKAGE, '..', '..');
const REPORT = path.join(FIXTURES, 'impact-report.json');

describe('loopguard demo, impact and measured figures (end to end)', () => {
  it('demo lints the example app and prints what its blocking APIs cost when measured', async () => {
    const result = await runCli(['demo', 'fixtures/example-app', '--impact-report', REPORT], REPO);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^loopguard demo: fixtures\/example-app$/m);
    assert.match(result.stdout, /^fixtures\/example-app\/src\/services\/users\.ts$/m);
    assert.match(result.stdout, /`crypto\.pbkdf2Sync` blocks the event loop/);
    assert.match(result.stdout, /^\d+ blocking calls of \d+ APIs in \d+ of \d+ files\.$/m);
    assert.match(result.stdout, /^What they cost, measured under load \(impact report of 2026-11-25T00:00:00\.000Z\):$/m);
    assert.match(result.stdout, /^ {2}crypto\.pbkdf2Sync \((?:once|\d+ times)\)$/m);
    assert.match(result.stdout, /^ {4}crypto-pbkdf2: the event loop stalled up to 482 ms \(fixed: 9 ms\); p99 of a cheap request served alongside 5\.25 s \(fixed: 10 ms\), at 10 concurrent connections$/m);
  });

  it('--explain adds the measured stall from an impact report', async () => {
    const result = await runCli(['--explain', 'fs.readFileSync', '--impact-report', REPORT], REPO);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Measured \(impact report of 2026-11-25T00:00:00\.000Z\):$/m);
    assert.match(result.stdout, /^ {2}fs-read-file: the event loop stalled up to 409 ms \(fixed: 37 ms\)/m);
  });

  it('--explain of an API without its own pattern shows the worst pattern of its kind', async () => {
    const result = await runCli(['--explain', 'fs.writeFileSync', '--impact-report', REPORT], REPO);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Measured for another API of the same kind, fs \(impact report of 2026-11-25T00:00:00\.000Z\):$/m);
    assert.match(result.stdout, /^ {2}fs-read-file: /m);
  });

  it('a missing --impact-report exits 2 and names the file', async () => {
    const result = await runCli(['--explain', 'fs.readFileSync', '--impact-report', 'nowhere/impact.json'], REPO);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^loopguard: --impact-report: cannot read .*nowhere\/impact\.json/m);
  });

  it('impact --list lists the fixture patterns of @loopguard/fixture-server', async () => {
    const result = await runCli(['impact', '--list'], REPO);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^crypto-pbkdf2$/m);
    assert.match(result.stdout, /^fs-read-file$/m);
  });

  it('impact with an unknown pattern exits 2 before measuring anything', async () => {
    const result = await runCli(['impact', 'no-such-pattern'], REPO);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^loopguard: impact: no pattern "no-such-pattern"\. `loopguard impact --list` lists them\.$/m);
  });
});
