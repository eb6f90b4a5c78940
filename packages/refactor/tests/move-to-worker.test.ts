import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { moveToWorker, MoveToWorkerError, type MoveToWorkerResult } from '../src';

const FIXTURES = path.join(__dirname, 'fixtures');

/** A throw-away copy of a fixture app with @types/node and piscina linked, so that tsc can check it. */
function copy(name: string): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `loopguard-refactor-${name}-`));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  const modules = path.join(__dirname, '..', 'node_modules');
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(modules, '@types', 'node')), path.join(dir, 'node_modules', '@types', 'node'));
  fs.symlinkSync(fs.realpathSync(path.join(modules, 'piscina')), path.join(dir, 'node_modules', 'piscina'));
  return dir;
}

/** The reported call: from the start of `needle` to its closing parenthesis, like ESLint's node range. */
function move(file: string, needle: string): MoveToWorkerResult {
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `${needle} not in ${file}`);
  let depth = 0;
  let end = -1;
  for (let i = text.indexOf('(', start); i < text.length && end < 0; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) end = i + 1;
  }
  return moveToWorker({ filePath: file, text, start, end });
}

function write(result: MoveToWorkerResult): void {
  for (const change of result.changes) {
    if (change.kind === 'create') assert.equal(fs.existsSync(change.filePath), false, `would overwrite ${change.filePath}`);
    fs.writeFileSync(change.filePath, change.newText);
  }
}

function typeCheck(root: string): void {
  const run = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', root], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
}

function changeOf(result: MoveToWorkerResult, file: string) {
  const change = result.changes.find((c) => c.filePath === file);
  assert.ok(change, `no change for ${file}: ${result.changes.map((c) => c.filePath).join(', ')}`);
  return change;
}

describe('moveToWorker', () => {
  const roots: string[] = [];
  const app = (name: string): string => {
    const root = copy(name);
    roots.push(root);
    return root;
  };
  after(() => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  it('moves a gzipSync call into a worker module with the constants it uses, and the result type-checks', () => {
    const root = app('cjs-app');
    const file = path.join(root, 'src', 'archive.ts');
    const result = move(file, 'zlib.gzipSync(joined');
    assert.equal(result.mode, 'call');
    assert.equal(result.taskName, 'packGzipSync');
    assert.deepEqual(result.warnings, []);
    const worker = changeOf(result, path.join(root, 'src', 'archive.worker.ts'));
    assert.equal(worker.kind, 'create');
    assert.equal(
      worker.newText,
      [
        '// Created by loopguard: blocking work moved off the event loop. Each export is a task that the shared pool in ./loopguard-pool runs',
        '// on a worker thread.',
        "import * as zlib from 'node:zlib';",
        '',
        'const LEVEL = 9;',
        '',
        'export function packGzipSync({ joined }: { joined: string }) {',
        '  return zlib.gzipSync(joined, { level: LEVEL });',
        '}',
        '',
      ].join('\n'),
    );
    const source = changeOf(result, file).newText;
    assert.match(
      source,
      /return Buffer\.from\(\(await loopguardPool\.run\(\{ joined \}, \{ filename: workerFile\(__filename, 'archive\.worker'\), name: 'packGzipSync' \}\) as ReturnType<typeof packGzipSync>\)\);/,
    );
    assert.match(source, /^import \{ pool as loopguardPool, workerFile \} from '\.\/loopguard-pool';$/m);
    assert.match(source, /^import type \{ packGzipSync \} from '\.\/archive\.worker';$/m);
    const pool = changeOf(result, path.join(root, 'src', 'loopguard-pool.ts'));
    assert.equal(pool.kind, 'create');
    assert.match(pool.newText, /export const pool = new Piscina\(\);/);
    write(result);
    typeCheck(root);
  });

  it('copies a sync helper of the same file into the worker and passes its arguments by name', () => {
    const root = app('cjs-app');
    const file = path.join(root, 'src', 'archive.ts');
    const result = move(file, 'checksum(entries');
    assert.equal(result.mode, 'helper');
    const worker = changeOf(result, path.join(root, 'src', 'archive.worker.ts')).newText;
    assert.match(worker, /^import \{ createHash \} from 'node:crypto';$/m);
    assert.match(worker, /^import \* as zlib from 'node:zlib';$/m);
    assert.match(worker, /^function checksum\(bodies: string\[\]\): string \{$/m);
    assert.match(worker, /export function checksumTask\(\{ bodies \}: \{ bodies: string\[\] \}\) \{\n {2}return checksum\(bodies\);\n\}/);
    assert.match(changeOf(result, file).newText, /const digest = \(await loopguardPool\.run\(\{ bodies: entries\.map\(\(e\) => e\.body\) \}, \{ filename: workerFile\(__filename, 'archive\.worker'\), name: 'checksumTask' \}\) as ReturnType<typeof checksumTask>\);/);
    write(result);
    typeCheck(root);
  });

  it('imports an exported helper of another module into the worker, and says that module runs there', () => {
    const root = app('cjs-app');
    const file = path.join(root, 'src', 'archive.ts');
    const result = move(file, 'formatName(name)');
    assert.equal(result.mode, 'helper');
    const worker = changeOf(result, path.join(root, 'src', 'archive.worker.ts')).newText;
    assert.match(worker, /^import \{ formatName \} from '\.\/names';$/m);
    assert.match(worker, /export function formatNameTask\(\{ name \}: \{ name: string \}\) \{\n {2}return formatName\(name\);\n\}/);
    assert.deepEqual(result.warnings, ["The worker thread imports `formatName` from names.ts: that module's top-level code runs once in each worker."]);
    write(result);
    typeCheck(root);
  });

  // The refusals write nothing: they share one copy (and one TypeScript project).
  let readOnly: string;
  before(() => {
    readOnly = app('cjs-app');
  });

  it('refuses module state that a worker would not share', () => {
    assert.throws(() => move(path.join(readOnly, 'src', 'archive.ts'), 'zlib.deflateSync('), (error: Error) => {
      assert.ok(error instanceof MoveToWorkerError);
      assert.match(error.message, /^`compressed` is module state \(`let`\): a worker thread has its own copy of the module/);
      return true;
    });
  });

  it('refuses a call that uses `this`', () => {
    assert.throws(() => move(path.join(readOnly, 'src', 'archive.ts'), 'zlib.gzipSync(body, { level: this'), /^MoveToWorkerError: The call uses `this`/);
  });

  it('refuses a value that cannot be cloned into a worker (a function)', () => {
    assert.throws(() => move(path.join(readOnly, 'src', 'archive.ts'), 'zlib.gzipSync(body, { info'), /`done` \(\(b: Buffer\) => void\) cannot be sent to a worker thread: it is a function/);
  });

  it('never overwrites a file: picks the next free worker name, and adds tasks only to its own worker modules', () => {
    const root = app('cjs-app');
    const file = path.join(root, 'src', 'archive.ts');
    fs.writeFileSync(path.join(root, 'src', 'archive.worker.ts'), 'export const mine = 1;\n');
    const first = move(file, 'zlib.gzipSync(joined');
    assert.equal(first.workerFile, path.join(root, 'src', 'archive.worker2.ts'));
    write(first);
    assert.equal(fs.readFileSync(path.join(root, 'src', 'archive.worker.ts'), 'utf8'), 'export const mine = 1;\n');
    const second = move(file, 'checksum(entries');
    const added = changeOf(second, path.join(root, 'src', 'archive.worker2.ts'));
    assert.equal(added.kind, 'edit');
    assert.match(added.newText, /export function packGzipSync/);
    assert.match(added.newText, /export function checksumTask/);
    assert.equal(second.changes.some((c) => c.filePath.endsWith('loopguard-pool.ts')), false, 'the pool exists already: shared');
    write(second);
    typeCheck(root);
  });

  it('writes ESM: import.meta.url, .js specifiers, and says piscina is missing', () => {
    const root = app('esm-app');
    const file = path.join(root, 'src', 'hash.ts');
    const result = move(file, 'scryptSync(');
    const source = changeOf(result, file).newText;
    assert.match(source, /workerFile\(import\.meta\.url, 'hash\.worker'\)/);
    assert.match(source, /^import \{ pool as loopguardPool, workerFile \} from '\.\/loopguard-pool\.js';$/m);
    const worker = changeOf(result, path.join(root, 'src', 'hash.worker.ts')).newText;
    assert.match(worker, /^import \{ pepper \} from '\.\/pepper\.js';$/m);
    assert.match(changeOf(result, path.join(root, 'src', 'loopguard-pool.ts')).newText, /fileURLToPath\(callerFile\)/);
    assert.deepEqual(result.warnings, [
      `\`piscina\` is not in the dependencies of ${path.join(root, 'package.json')}: add it (\`npm install piscina\`) so that the worker pool can run.`,
    ]);
    write(result);
    typeCheck(root);
  });
});
