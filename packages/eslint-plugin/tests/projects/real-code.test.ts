import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { lintProject, PROJECTS, type Finding } from './lint-project';

/**
 * One fixture project per way the analysis went wrong on real servers (fixtures/real-code has the labelled
 * lines). Each list is every finding of the project: what is not in it must not be reported.
 */
function keys(findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.messageId}`);
}

async function typedKeys(name: string): Promise<string[]> {
  return keys(await lintProject(path.join(PROJECTS, name), true));
}

describe('real-code classes (whole-program analysis)', function () {
  this.timeout(180_000);

  it('test-file callers: a route that a test calls at its module level is not start-up code', async () => {
    assert.deepEqual(await typedKeys('real-test-callers'), ['src/health.ts:6:18 blockingVia', 'src/health.ts:7:24 blocking']);
  });

  it('object-literal properties: `{ listDir }`, `{ log: appendLog }` and inline arrows are followed; module level is start-up', async () => {
    assert.deepEqual(await typedKeys('real-object-property'), ['jobs.ts:4:17 blockingVia', 'jobs.ts:5:3 blockingVia', 'jobs.ts:6:10 blockingVia']);
  });

  it('CommonJS exports: `exports.load = ...` is followed from `store.load()`, `exports.load()` and a destructured require; `module.exports = { start }` keeps start() start-up', async () => {
    assert.deepEqual(await typedKeys('real-cjs-exports'), ['routes.js:6:48 blockingVia', 'routes.js:8:5 blockingVia', 'store.js:12:34 blockingVia']);
  });

  it('CLI commands: a `cli/` folder and a `cli.js` are command-line code; `module.exports = function` is followed to its callers through `require`, an object of requires and a call in place, and from its callers; a shebang file that another file loads is library code', async () => {
    // Only the request handler of the server that `serve` starts, with the helpers it loads by `require`;
    // init, banner and the promise callback of serve run for the command, and tools/cli/upgrade.js is in a
    // `cli/` folder.
    const typed = await lintProject(path.join(PROJECTS, 'real-cli-commands'), true);
    // lib/assets.js starts with a shebang, but serve.js loads it: library code, where an exported async
    // function with no caller in the project is reported like any other.
    assert.deepEqual(keys(typed), [
      'lib/assets.js:10:10 blocking',
      'lib/commands/serve.js:14:41 blocking',
      'lib/commands/serve.js:15:48 blockingVia',
      'lib/commands/serve.js:16:58 blockingVia',
      'lib/commands/serve.js:17:22 blockingVia',
    ]);
    // An anonymous `module.exports = function` is named after its module.
    assert.match(typed.find((f) => f.line === 15)?.message ?? '', /^`require\('\.\.\/stats'\)\(\)` blocks .* The blocking call is in `stats\(\)`/);
    assert.match(typed.find((f) => f.line === 17)?.message ?? '', /^`render\(\)` blocks .* The blocking call is in `render\(\)`/);
  });

  it('server start-up: a function that starts a server is start-up code whoever calls it; a start-up method run once through a cached promise stays start-up', async () => {
    // Reported: the request handler's read, and rebuild(), which the hook runs on every change. Silent: the
    // certificate runServer() reads before it listens (an admin endpoint that calls it re-initialises), and
    // setup(), which the hook runs once (`if (!ready) ready = this.setup()`).
    assert.deepEqual(await typedKeys('real-server-start'), ['server.js:7:58 blocking', 'server.js:22:12 blocking']);
  });

  it('start-up paths: recursion in start-up code and a restart() that re-runs start() stay start-up; an exported async function does not', async () => {
    assert.deepEqual(await typedKeys('real-startup-paths'), ['server.js:27:10 blocking']);
  });

  it('per-request functions: middleware factories, onerror hooks, Nest filters, methods passed by reference, watch and child exit listeners, stream callbacks, promise executors', async () => {
    const typed = await lintProject(path.join(PROJECTS, 'real-contexts'), true);
    assert.deepEqual(keys(typed), [
      'errors.ts:9:19 blockingVia',
      'events.ts:8:17 blocking',
      'events.ts:15:5 blocking',
      'events.ts:25:16 blocking',
      'events.ts:31:5 blocking',
      'events.ts:44:10 blockingVia',
      'fallback.ts:10:9 blockingVia',
      'not-found.filter.ts:9:16 blocking',
      'uploads.ts:5:5 blocking',
    ]);
    // process.on('exit') (events.ts:19) runs while the process goes down; rootExists() is not a handler.
    assert.match(typed.find((f) => f.line === 25)?.message ?? '', /^`zlib\.gzipSync` blocks the event loop in an event listener/);
    assert.match(typed.find((f) => f.file === 'fallback.ts')?.message ?? '', /in a request handler: it calls `fs\.existsSync`/);
  });

  it('per-request functions are contexts without type information too', async () => {
    assert.deepEqual(keys(await lintProject(path.join(PROJECTS, 'real-contexts'), false)), [
      'errors.ts:9:19 blockingVia',
      'events.ts:8:17 blocking',
      'events.ts:15:5 blocking',
      'events.ts:25:16 blocking',
      'events.ts:31:5 blocking',
      'events.ts:44:10 blockingVia',
      'fallback.ts:10:9 blockingVia',
      'not-found.filter.ts:9:16 blocking',
      'uploads.ts:5:5 blocking',
    ]);
  });

  it('`await import()` bindings: a destructured name is a reference of the export, followed and counted as a caller', async () => {
    // buildShell() is reached only from start-up code; readManifest() at start-up is not reported, in a handler it is.
    assert.deepEqual(await typedKeys('real-dynamic-import'), ['preview.ts:10:10 blocking', 'server.ts:11:53 blockingVia']);
  });

  it('index-signature dispatch: a call through an interface member follows the object literals and classes that implement it', async () => {
    // probe() dispatches to implementations that do not block; module level is start-up.
    assert.deepEqual(await typedKeys('real-signature-dispatch'), ['routes.ts:9:14 blockingVia', 'routes.ts:12:14 blockingVia']);
  });

  it('`require` in TypeScript: `require()` bindings and namespaces reach ES exports and `exports.x =` exports', async () => {
    // tpl.escape() does not block, lib is a package; module level is start-up.
    assert.deepEqual(await typedKeys('real-cjs-typescript'), [
      'app.ts:10:40 blockingVia',
      'app.ts:11:43 blockingVia',
      'app.ts:12:46 blockingVia',
      'app.ts:13:42 blockingVia',
    ]);
  });

  it('sync generators: a generator consumed at once blocks like a function; one only created, or async, does not', async () => {
    assert.deepEqual(await typedKeys('real-generator-helper'), [
      'jobs.ts:4:36 blockingVia',
      'jobs.ts:9:24 blockingVia',
      'jobs.ts:10:18 blockingVia',
      'jobs.ts:14:19 blockingVia',
    ]);
  });

  it('worker threads: files using parentPort/workerData and files handed to new Worker() or a pool are not the event loop', async () => {
    assert.deepEqual(await typedKeys('real-worker-threads'), ['server.js:14:34 blocking']);
  });

  it('worker threads without type information: parentPort and workerData still say so; a pool task cannot be known', async () => {
    assert.deepEqual(keys(await lintProject(path.join(PROJECTS, 'real-worker-threads'), false)), ['server.js:14:34 blocking', 'tasks/hash.js:5:42 blocking']);
  });
});
