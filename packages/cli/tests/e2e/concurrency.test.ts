import * as assert from 'node:assert/strict';
import { copyFixture, findingKeys, parseJson, removeFixture, runCli } from '../helpers';

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

  it('works with --cache: the worker threads lint only what changed', async () => {
    const first = parseJson((await runCli(['--format', 'json', '--concurrency', '2', '--cache'], app)).stdout);
    const second = parseJson((await runCli(['--format', 'json', '--concurrency', '2', '--cache'], app)).stdout);
    assert.equal(second.summary.linted, 0);
    assert.deepEqual(findingKeys(second), findingKeys(first));
  });
});
