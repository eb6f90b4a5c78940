import { strict as assert } from 'node:assert';
import { BLOCKING_KINDS, entries, findEntry, getEntry, moduleSpecifiers, normalizeModule } from '../src';

describe('catalog', () => {
  it('gives every entry a unique id', () => {
    const seen = new Set<string>();
    const dupes = entries.map((e) => e.id).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    assert.deepEqual(dupes, []);
  });

  it('covers every kind', () => {
    const kinds = new Set(entries.map((e) => e.kind));
    assert.deepEqual(BLOCKING_KINDS.filter((k) => !kinds.has(k)), []);
  });

  it('names a module or a global for each entry, never both', () => {
    const bad = entries.filter((e) => (e.modules.length > 0) === Boolean(e.global)).map((e) => e.id);
    assert.deepEqual(bad, []);
  });

  it('finds core APIs under both spellings', () => {
    assert.equal(findEntry('node:fs', 'readFileSync')?.id, 'fs.readFileSync');
    assert.equal(findEntry('fs', 'readFileSync')?.id, 'fs.readFileSync');
    assert.equal(findEntry('graceful-fs', 'statSync')?.id, 'fs.statSync');
    assert.equal(findEntry('node:sqlite', 'StatementSync#all')?.id, 'node:sqlite.StatementSync.all');
  });

  it('never lists the promise API of fs', () => {
    assert.equal(findEntry('fs/promises', 'readFile'), undefined);
    assert.equal(findEntry('fs', 'readFile'), undefined);
    assert.equal(entries.some((e) => e.modules.some((m) => m.includes('promises'))), false);
  });

  it('maps node: prefixes', () => {
    assert.equal(normalizeModule('node:child_process'), 'child_process');
    assert.deepEqual(moduleSpecifiers('zlib'), ['zlib', 'node:zlib']);
    assert.deepEqual(moduleSpecifiers('sqlite'), ['node:sqlite']);
    assert.deepEqual(moduleSpecifiers('better-sqlite3'), ['better-sqlite3']);
  });

  it('has the APIs the issue lists', () => {
    const required = [
      'fs.existsSync', 'fs.readFileSync', 'fs.fstatSync', 'child_process.execSync', 'child_process.execFileSync',
      'child_process.spawnSync', 'crypto.pbkdf2Sync', 'crypto.scryptSync', 'crypto.hkdfSync',
      'crypto.generateKeyPairSync', 'crypto.generateKeySync', 'crypto.generatePrimeSync', 'crypto.checkPrimeSync',
      'crypto.randomFillSync', 'zlib.brotliCompressSync', 'zlib.zstdCompressSync', 'node:sqlite.DatabaseSync.new',
      'Atomics.wait', 'worker_threads.receiveMessageOnPort', 'fs-extra.readJsonSync', 'fs-extra.writeJsonSync',
      'fs-extra.pathExistsSync', 'fs-extra.outputFileSync', 'fs-extra.copySync', 'fs-extra.moveSync',
      'fs-extra.removeSync', 'fs-extra.ensureDirSync', 'better-sqlite3.Database.prepare', 'better-sqlite3.Statement.all',
      'sync-request.default', 'sync-fetch.default', 'deasync.default', 'glob.sync', 'glob.globSync', 'fast-glob.sync',
      'globby.globbySync', 'execa.execaSync', 'cross-spawn.sync', 'bcrypt.hashSync', 'bcrypt.compareSync',
      'Deno.readTextFileSync', 'Bun.spawnSync',
    ];
    assert.deepEqual(required.filter((id) => !getEntry(id)), []);
  });

  it('gives every rewrite target a name different from the blocking API', () => {
    const bad = entries.filter((e) => e.rewrite && 'name' in e.rewrite && e.rewrite.name === e.path).map((e) => e.id);
    assert.deepEqual(bad, []);
  });
});
