import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintProject, PROJECTS, type Finding } from './lint-project';

/** `file:line:column messageId` of each finding, for exact comparison. */
function keys(findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.messageId}`);
}

function byKey(findings: Finding[], key: string): Finding {
  const found = findings.find((f) => `${f.file}:${f.line}:${f.column} ${f.messageId}` === key);
  assert.ok(found, `no finding ${key}`);
  return found;
}

describe('multi-file fixture projects (whole-program analysis)', function () {
  this.timeout(120_000);

  describe('express-service: a sync helper three calls deep in another module', () => {
    let typed: Finding[];
    let untyped: Finding[];
    before(async () => {
      typed = await lintProject(path.join(PROJECTS, 'express-service'), true);
      untyped = await lintProject(path.join(PROJECTS, 'express-service'), false);
    });

    it('reports the helper at its call site in the handler, the object-literal method, and the timer', () => {
      assert.deepEqual(keys(typed), [
        'src/lib/cache.ts:9:5 blocking',
        'src/routes/orders.ts:10:20 blockingVia',
        'src/routes/orders.ts:22:12 blockingVia',
      ]);
    });

    it('names every step of the chain with file, line and column', () => {
      const f = byKey(typed, 'src/routes/orders.ts:10:20 blockingVia');
      assert.equal(
        f.message,
        '`loadSettings()` blocks the event loop in a request handler: it calls `fs.readFileSync` (../config/settings.ts:22:21) ' +
          'via `parseFile()` (../config/settings.ts:13:10) → `readJson()` (../config/settings.ts:17:16). ' +
          'The blocking call is in `readJson()`; make it async (`await readFile()` from `fs/promises`) or move its work to a worker thread.',
      );
      const chain = f.chain;
      assert.deepEqual(
        chain.map((s) => `${s.name} ${path.relative(PROJECTS, s.file)}:${s.line}:${s.column}`),
        [
          'parseFile() express-service/src/config/settings.ts:13:10',
          'readJson() express-service/src/config/settings.ts:17:16',
          'fs.readFileSync express-service/src/config/settings.ts:22:21',
        ],
      );
    });

    it('does not report start-up use, deferred writes, recursion or work moved to a worker', () => {
      const files = typed.map((f) => f.file);
      assert.ok(!files.includes('src/app.ts'), 'BOOT_SETTINGS at module level is start-up');
      assert.ok(!files.includes('src/config/settings.ts'), 'the helpers themselves are not reported');
      assert.ok(!typed.some((f) => f.message.includes('remember()')), 'remember() only schedules a timer');
      assert.ok(!typed.some((f) => f.message.includes('depth()')), 'recursion terminates and does not block');
      assert.ok(!typed.some((f) => f.message.includes('renderPdf()')), 'a worker thread does the work');
    });

    it('without types follows calls only within a file', () => {
      assert.deepEqual(keys(untyped), ['src/lib/cache.ts:9:5 blocking']);
    });
  });

  describe('fastify-tls: an async start() that reads TLS and config files', () => {
    let typed: Finding[];
    let untyped: Finding[];
    before(async () => {
      typed = await lintProject(path.join(PROJECTS, 'fastify-tls'), true);
      untyped = await lintProject(path.join(PROJECTS, 'fastify-tls'), false);
    });

    it('reports the hook and the route, not the start-up reads', () => {
      assert.deepEqual(keys(typed), ['src/server.ts:14:10 blockingVia', 'src/server.ts:21:19 blocking']);
      assert.match(byKey(typed, 'src/server.ts:14:10 blockingVia').message, /^`allowList\(\)` blocks the event loop in a request handler: it calls `fs\.readFileSync` \(config\.ts:16:21\)\./);
    });

    it('without types, an exported async function with no caller in its file is reported (callers unknown)', () => {
      assert.deepEqual(keys(untyped), ['src/config.ts:10:15 blocking', 'src/config.ts:10:45 blocking', 'src/server.ts:21:19 blocking']);
    });

    it('the `startup` option declares start-up functions by glob', async () => {
      const withOption = await lintProject(path.join(PROJECTS, 'fastify-tls'), false, { startup: ['read*'] });
      assert.deepEqual(keys(withOption), ['src/server.ts:21:19 blocking']);
    });
  });

  describe('nest-service: a class-based service layer', () => {
    let typed: Finding[];
    before(async () => {
      typed = await lintProject(path.join(PROJECTS, 'nest-service'), true);
    });

    it('follows this.service.method(), private methods and getters across files', () => {
      assert.deepEqual(keys(typed), [
        'src/users/users.controller.ts:15:12 blockingVia',
        'src/users/users.service.ts:11:18 blockingVia',
        'src/users/users.service.ts:12:28 blockingVia',
      ]);
      assert.match(byKey(typed, 'src/users/users.controller.ts:15:12 blockingVia').message, /^`this\.users\.banner` blocks the event loop in a request handler/);
      assert.match(byKey(typed, 'src/users/users.service.ts:11:18 blockingVia').message, /it calls `Statement\.prototype\.get \(better-sqlite3\)` \(users\.repository\.ts:15:12\)/);
    });
  });

  describe('cli-package: a bin CLI and a sync API next to its async twin', () => {
    let typed: Finding[];
    before(async () => {
      typed = await lintProject(path.join(PROJECTS, 'cli-package'), true);
    });

    it('reports the server use, suggests the async twin, and leaves the CLI and scripts alone', () => {
      assert.deepEqual(keys(typed), ['src/index.ts:7:17 blockingVia']);
      assert.deepEqual(byKey(typed, 'src/index.ts:7:17 blockingVia').suggestions, ['Replace with `await load(...)`, the async twin of `loadSync()`.']);
    });

    it('reports CLI code when asked to (the bin\'s own run() is still start-up code)', async () => {
      const all = await lintProject(path.join(PROJECTS, 'cli-package'), true, { reportCliFiles: true });
      assert.deepEqual(keys(all), ['scripts/release.ts:5:3 blocking', 'src/index.ts:7:17 blockingVia']);
    });
  });

  describe('js-worker: a JavaScript project linted with allowJs', () => {
    it('follows require() across files with types', async () => {
      const typed = await lintProject(path.join(PROJECTS, 'js-worker'), true);
      assert.deepEqual(keys(typed), ['lib/queue.js:8:8 blockingVia', 'server.js:8:34 blockingVia']);
      assert.match(byKey(typed, 'server.js:8:34 blockingVia').message, /^`sizeOf\(\)` blocks the event loop in a request handler: it calls `fs\.statSync` \(lib\/thumbs\.js:6:10\)/);
    });
  });

  describe('js-sqlite-wrapper: untyped JavaScript around better-sqlite3 (the shape of real servers)', () => {
    it('follows the instance into a wrapper class, past a cached getter, through constructor injection', async () => {
      const typed = await lintProject(path.join(PROJECTS, 'js-sqlite-wrapper'), true);
      assert.deepEqual(keys(typed), ['src/app.js:9:21 blockingVia', 'src/app.js:9:58 blockingVia', 'src/app.js:14:23 blockingVia']);
      assert.match(byKey(typed, 'src/app.js:9:21 blockingVia').message, /^`notes\.list\(\)` blocks the event loop in a request handler: it calls `Statement\.prototype\.all \(better-sqlite3\)` \(db\.js:11:12\) via `rows\(\)`/);
      assert.match(byKey(typed, 'src/app.js:9:58 blockingVia').message, /via `one\(\)` \(services\/notes\.js:19:10\) → `rows\(\)` \(db\.js:15:18\)/);
    });

    it('regression: a cached `if (store === undefined) store = open()` getter is not blocking (/health)', async () => {
      const typed = await lintProject(path.join(PROJECTS, 'js-sqlite-wrapper'), true);
      assert.ok(!typed.some((f) => f.line === 19), 'getStore() only opens the database on first use');
      assert.ok(!typed.some((f) => f.message.includes('new Database()')), 'chains end in the query, not in the open');
    });
  });

  it('keeps each project expected-findings.json in step with the analysis', async () => {
    for (const name of ['express-service', 'fastify-tls', 'nest-service', 'cli-package', 'js-worker', 'js-sqlite-wrapper']) {
      const dir = path.join(PROJECTS, name);
      const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected-findings.json'), 'utf8')) as { typed: Finding[] };
      assert.deepEqual(keys(await lintProject(dir, true)), keys(expected.typed), name);
    }
  });
});
