import * as assert from 'node:assert/strict';
import { nodeFor } from '@loopguard/fixture-server';
import { callsOf, runPlain, runScript } from './helpers/run-script';

describe('the wrappers never change behaviour', function () {
  this.timeout(120_000);

  it('keeps name and length of wrapped fs, child_process, crypto and zlib functions, and their own properties', async () => {
    const run = await runScript(
      'names.js',
      `const fs = require('fs'), cp = require('child_process'), crypto = require('crypto'), zlib = require('zlib');
       const { promisify } = require('util');
       console.log(JSON.stringify([
         fs.readFileSync.name, fs.readFileSync.length, fs.existsSync.name, fs.existsSync.length,
         cp.execSync.name, cp.execSync.length, crypto.pbkdf2Sync.name, crypto.pbkdf2Sync.length,
         zlib.gzipSync.name, zlib.gzipSync.length, typeof fs.realpathSync.native, fs.realpathSync.native.name,
         typeof Function.prototype.toString.call(fs.statSync), Atomics.wait.name, Atomics.wait.length,
       ]));
       fs.existsSync(__filename);`,
    );
    // Node's own values (zlib's sync functions are all named `syncBufferWrapper`, `realpathSync.native` has no name).
    assert.deepEqual(JSON.parse(run.stdout), [
      'readFileSync', 2, 'existsSync', 1, 'execSync', 2, 'pbkdf2Sync', 5, 'syncBufferWrapper', 2, 'function', '', 'string', 'wait', 4,
    ]);
    assert.equal(run.stdout, runPlain(run, 'names.js'));
    // And they are wrapped: the call is in the trace.
    assert.equal(callsOf(run, 'fs.existsSync').length, 1);
  });

  it('returns the same values: file contents, a gzip that gunzips back, a derived key', async () => {
    const run = await runScript(
      'values.js',
      `const fs = require('fs'), zlib = require('zlib'), crypto = require('crypto');
       const text = fs.readFileSync(__filename, 'utf8');
       const back = zlib.gunzipSync(zlib.gzipSync('hello')).toString();
       const key = crypto.pbkdf2Sync('pw', 'salt', 1, 8, 'sha256').toString('hex');
       console.log(JSON.stringify([text.length === require('fs').statSync(__filename).size, back, key]));`,
    );
    assert.deepEqual(JSON.parse(run.stdout), [true, 'hello', '6f4ad8c78ec365c0']);
    assert.equal(run.stdout, runPlain(run, 'values.js'));
    assert.equal(callsOf(run, 'zlib.gzipSync')[0]?.calls, 1);
  });

  it('throws the same exception, and still records the call', async () => {
    const run = await runScript(
      'throws.js',
      `const fs = require('fs');
       try { fs.readFileSync('/no/such/file'); } catch (e) {
         console.log(JSON.stringify([e instanceof Error, e.code, e.syscall, e.path, e.stack.split('\\n')[1].includes('throws.js')]));
       }`,
    );
    // The error's stack still starts in Node's fs, not in the wrapper.
    assert.deepEqual(JSON.parse(run.stdout), [true, 'ENOENT', 'open', '/no/such/file', false]);
    assert.equal(run.stdout, runPlain(run, 'throws.js'));
    assert.equal(callsOf(run, 'fs.readFileSync')[0]?.calls, 1);
  });

  it('keeps `this`: a function called with a receiver sees it, and prototype methods see their instance', async () => {
    const run = await runScript(
      'this.js',
      `const Database = require('better-sqlite3');
       const db = new Database(':memory:');
       db.exec('create table t (x)');
       const insert = db.prepare('insert into t values (?)');
       insert.run(1); insert.run.call(insert, 2);
       const rows = db.prepare('select x from t order by x').all();
       let seen;
       const holder = { f: require('fs').existsSync };
       console.log(JSON.stringify([rows, db instanceof Database, Database.name, db.prepare.name, insert.run.name, typeof holder.f.call(null, '/')]));`,
    );
    assert.deepEqual(JSON.parse(run.stdout), [[{ x: 1 }, { x: 2 }], true, 'Database', 'prepare', 'run', 'boolean']);
    assert.equal(run.stdout, runPlain(run, 'this.js'));
    assert.equal(callsOf(run, 'better-sqlite3.Database.new')[0]?.calls, 1);
    assert.equal(callsOf(run, 'better-sqlite3.Statement.run').reduce((n, s) => n + s.calls, 0), 2);
    assert.equal(callsOf(run, 'better-sqlite3.Statement.all')[0]?.calls, 1);
  });

  it('counts the fs calls a wrapped package makes inside its own call once, as that call (glob.globSync)', async () => {
    const run = await runScript(
      'nested.js',
      `const { globSync } = require('glob');
       console.log(JSON.stringify(globSync('*.js', { cwd: __dirname })));`,
    );
    assert.deepEqual(JSON.parse(run.stdout), ['nested.js']);
    assert.equal(run.stdout, runPlain(run, 'nested.js'));
    // `glob.sync` and `globSync` are one function: one wrapper, recorded under the first catalog id.
    assert.deepEqual(run.sites.filter((s) => s.entry.startsWith('glob.') && s.frames[0]?.file.startsWith(run.dir)).map((s) => [s.entry, s.calls]), [['glob.sync', 1]]);
    // glob reads the folder with fs.readdirSync (and lstat); none of it is a call of its own.
    assert.deepEqual(run.sites.filter((s) => s.entry.startsWith('fs.') && s.frames.some((f) => f.file.includes('glob'))).map((s) => s.entry), []);
  });

  it('deasync-sleep traced: calls made by callbacks that deasync.sleep runs inside its wait are calls of their own', async () => {
    // deasync.sleep runs the event loop in place: these timers fire inside the sleep, on the same thread.
    // They used to be taken for calls nested in the sleep and dropped.
    const run = await runScript(
      'reentrant.js',
      `const fs = require('fs'), deasync = require('deasync');
       let inner = 0;
       setTimeout(() => { fs.statSync(__filename); inner++; }, 5);
       setTimeout(() => { fs.existsSync(__filename); inner++; }, 10);
       deasync.sleep(200);
       console.log(inner);`,
    );
    assert.equal(run.stdout.trim(), '2');
    assert.equal(run.stdout, runPlain(run, 'reentrant.js'));
    assert.equal(callsOf(run, 'deasync.sleep')[0]?.calls, 1);
    assert.equal(callsOf(run, 'fs.statSync')[0]?.calls, 1);
    assert.equal(callsOf(run, 'fs.existsSync')[0]?.calls, 1);
  });

  it('covers ESM named imports of builtins (`import { readFileSync } from "node:fs"`)', async () => {
    const run = await runScript(
      'esm.mjs',
      `import { readFileSync } from 'node:fs';
       import { gzipSync as gz } from 'zlib';
       import * as fs from 'node:fs';
       readFileSync(new URL(import.meta.url));
       gz('x');
       fs.statSync('/');
       console.log(readFileSync.name);`,
    );
    assert.equal(run.stdout.trim(), 'readFileSync');
    const read = callsOf(run, 'fs.readFileSync');
    assert.equal(read.length, 1);
    assert.equal(read[0]?.frames[0]?.line, 4);
    assert.equal(callsOf(run, 'zlib.gzipSync').length, 1);
    assert.equal(callsOf(run, 'fs.statSync').length, 1);
  });

  it('reaches worker threads and child processes, and tells the worker from the main thread', async () => {
    const run = await runScript(
      'threads.js',
      `const { Worker } = require('worker_threads');
       const { execFileSync } = require('child_process');
       execFileSync(process.execPath, ['-e', "require('fs').statSync('/')"]);
       const w = new Worker("require('fs').readdirSync('/'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5)", { eval: true });
       w.on('exit', () => console.log('done'));`,
    );
    assert.equal(run.stdout.trim(), 'done');
    assert.equal(run.trace.processes.length, 3);
    const worker = run.trace.processes.find((p) => !p.isMainThread);
    assert.deepEqual(worker?.sites.map((s) => s.entry).sort(), ['Atomics.wait', 'fs.readdirSync']);
    const child = run.trace.processes.find((p) => p.isMainThread && p.pid !== worker?.pid);
    assert.ok(child?.sites.some((s) => s.entry === 'fs.statSync'), 'the child process was instrumented');
    assert.equal(callsOf(run, 'child_process.execFileSync').length, 1);
  });

  it('wraps node:sqlite statements (Node 22)', async () => {
    // nodeFor throws, naming what to install, when no Node 22 is available: this test never skips silently.
    const node = nodeFor({ id: 'node-sqlite', minNode: '22.5.0' } as Parameters<typeof nodeFor>[0]);
    const run = await runScript(
      'sqlite.js',
      `const { DatabaseSync } = require('node:sqlite');
       const db = new DatabaseSync(':memory:');
       db.exec('create table t (x)');
       db.prepare('insert into t values (?)').run(7);
       const rows = db.prepare('select x from t').all();
       console.log(JSON.stringify([rows, db instanceof DatabaseSync, DatabaseSync.name]));`,
      { node: node.bin, args: ['--no-warnings'] },
    );
    assert.deepEqual(JSON.parse(run.stdout), [[{ x: 7 }], true, 'DatabaseSync']);
    assert.equal(run.stdout, runPlain(run, 'sqlite.js', { node: node.bin, args: ['--no-warnings'] }));
    assert.equal(callsOf(run, 'node:sqlite.DatabaseSync.new').length, 1);
    assert.equal(callsOf(run, 'node:sqlite.StatementSync.run').length, 1);
    assert.equal(callsOf(run, 'node:sqlite.StatementSync.all').length, 1);
  });
});
