import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { copyFixture, findingKeys, PACKAGE, parseJson, removeFixture, runCli } from '../helpers';

describe('--concurrency (end to end)', () => {
  let app: string;
  before(() => {
    app = copyFixture('typed-app');
  });
  after(() => removeFixture(app));

  it('finds the same problems on worker threads as on one thread', async () => {
    const single = await runCli(['--format', 'json'], app);
    const threads = await runCli(['--format', 'json', '--concurrency', '2'], app);
    assert.equal(single.code, 1, single.stderr);
    assert.equal(threads.code, 1, threads.stderr);
    const a = parseJson(single.stdout);
    const b = parseJson(threads.stdout);
    assert.ok(a.findings.length >= 3, findingKeys(a).join('\n'));
    // Typed findings (the re-export) and untyped ones (loose/) both survive the trip through workers.
    assert.deepEqual(findingKeys(b), findingKeys(a));
    assert.deepEqual(b.findings, a.findings);
    assert.deepEqual(b.files, a.files);
  });

  it('keeps the call chains of reports through helpers in other files (the example app)', async () => {
    const repo = path.resolve(PACKAGE, '..', '..');
    const single = parseJson((await runCli(['--format', 'json', 'fixtures/example-app'], repo)).stdout);
    const threads = parseJson((await runCli(['--format', 'json', '--concurrency', '2', 'fixtures/example-app'], repo)).stdout);
    const chained = single.findings.filter((f) => f.chain && f.chain.length > 1);
    assert.ok(chained.length > 0, 'the example app has reports through helpers');
    assert.deepEqual(threads.findings, single.findings);
  });

  it('works with --cache: the worker threads lint only what changed', async () => {
    const first = parseJson((await runCli(['--format', 'json', '--concurrency', '2', '--cache'], app)).stdout);
    const second = parseJson((await runCli(['--format', 'json', '--concurrency', '2', '--cache'], app)).stdout);
    assert.equal(second.summary.linted, 0);
    assert.deepEqual(findingKeys(second), findingKeys(first));
  });
});
