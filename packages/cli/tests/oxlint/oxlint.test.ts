// oxlint as a second host (docs/oxlint.md): oxlint with only loopguard must report what ESLint with only
// loopguard reports without type information, on every fixture project, field by field. Where oxlint differs
// from a *typed* ESLint run it does so by design (oxlint gives a JS plugin no TypeScript program): the second
// table lists each such finding with the reason.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compare, REPO, rowKey, type Comparison } from './compare';

interface Expected {
  readonly typed: ReadonlyArray<{ file: string; line: number; column: number; message: string }>;
  readonly untyped: ReadonlyArray<{ file: string; line: number; column: number; message: string }>;
}

function expectedOf(project: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(REPO, project, 'expected-findings.json'), 'utf8')) as Expected;
}

/** Same findings, and the count that the fixture is known to give (so that a host that loads nothing fails). */
function assertSame(c: Comparison, findings: number): void {
  assert.deepEqual(c.oxlint, c.eslint, `oxlint and ESLint differ:\n${c.oxlintStderr}`);
  assert.equal(c.eslint.length, findings, `ESLint found ${c.eslint.length}:\n${c.eslint.map(rowKey).join('\n')}`);
  assert.ok(c.oxlint.every((r) => r.ruleId === 'loopguard/no-blocking-io'));
}

describe('oxlint with only loopguard reports what ESLint reports untyped', function () {
  it('fixtures/projects/cli-package (command-line code: nothing to report)', async () => {
    assertSame(await compare('fixtures/projects/cli-package'), 0);
  });
  it('fixtures/projects/express-service', async () => {
    assertSame(await compare('fixtures/projects/express-service'), 1);
  });
  it('fixtures/projects/fastify-tls', async () => {
    assertSame(await compare('fixtures/projects/fastify-tls'), 3);
  });
  it('fixtures/projects/js-sqlite-wrapper', async () => {
    assertSame(await compare('fixtures/projects/js-sqlite-wrapper'), 0);
  });
  it('fixtures/projects/js-worker', async () => {
    assertSame(await compare('fixtures/projects/js-worker'), 0);
  });
  it('fixtures/projects/nest-service', async () => {
    assertSame(await compare('fixtures/projects/nest-service'), 1);
  });
  it('fixtures/example-app', async () => {
    assertSame(await compare('fixtures/example-app'), 18);
  });
  it('fixtures/patterns (every pattern, blocking and fixed twins)', async () => {
    assertSame(await compare('fixtures/patterns'), 23);
  });
});

/**
 * What a typed ESLint run reports and oxlint cannot, by design: oxlint hands a JS plugin no TypeScript program,
 * so the rule runs as it does untyped. Calls into helpers of other files (`followHelpers` across files),
 * instances that arrive through types, and start-up callers in other files all need the program.
 */
describe('oxlint differs from typed ESLint only where type information is needed', function () {
  /** oxlint equals the fixture's untyped list; the typed-only and untyped-only rows are the ones listed. */
  async function assertByDesign(project: string, typedOnly: readonly string[], untypedOnly: readonly string[]): Promise<void> {
    const c = await compare(project);
    const expected = expectedOf(project);
    const key = (r: { file: string; line: number; column: number }): string => `${r.file}:${r.line}:${r.column}`;
    assert.deepEqual(c.oxlint.map((r) => `${key(r)} ${r.message}`), expected.untyped.map((r) => `${key(r)} ${r.message}`));
    const typed = new Set(expected.typed.map(key));
    const untyped = new Set(expected.untyped.map(key));
    assert.deepEqual([...typed].filter((k) => !untyped.has(k)), typedOnly);
    assert.deepEqual([...untyped].filter((k) => !typed.has(k)), untypedOnly);
  }

  it('cli-package: a helper of another file that only a typed run follows', async () => {
    // `loadSync()` reads a file in lib/loader.ts: finding it from src/index.ts needs the program.
    await assertByDesign('fixtures/projects/cli-package', ['src/index.ts:7:17'], []);
  });
  it('express-service: two calls into helpers of other files', async () => {
    await assertByDesign('fixtures/projects/express-service', ['src/routes/orders.ts:10:20', 'src/routes/orders.ts:22:12'], []);
  });
  it('fastify-tls: a cross-file helper found typed; a start-up-only function reported untyped', async () => {
    // config.ts's `readConfig` is async but only server.ts's start-up calls it: only the program shows that caller,
    // so without types its two calls are reported (as ESLint untyped does).
    await assertByDesign('fixtures/projects/fastify-tls', ['src/server.ts:14:10'], ['src/config.ts:10:15', 'src/config.ts:10:45']);
  });
  it('js-sqlite-wrapper: better-sqlite3 statements reached through helpers of other files', async () => {
    await assertByDesign('fixtures/projects/js-sqlite-wrapper', ['src/app.js:9:21', 'src/app.js:9:58', 'src/app.js:14:23'], []);
  });
  it('js-worker: helpers of other files', async () => {
    await assertByDesign('fixtures/projects/js-worker', ['lib/queue.js:8:8', 'server.js:8:34'], []);
  });
  it('nest-service: injected services whose methods block (instances that arrive through types)', async () => {
    await assertByDesign('fixtures/projects/nest-service', ['src/users/users.controller.ts:15:12', 'src/users/users.service.ts:11:18'], []);
  });
});
