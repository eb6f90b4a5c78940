import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverFiles, ProjectIndex } from '../../src/discover';
import { UsageError } from '../../src/errors';

describe('discoverFiles', () => {
  let dir: string;
  const write = (rel: string, text = 'export {};\n'): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const rel = (files: readonly string[]): string[] => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-discover-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists source files and skips declarations, dependencies and build output', () => {
    write('src/a.ts');
    write('src/b.mjs');
    write('src/types.d.ts');
    write('src/view.tsx');
    write('README.md', '# no');
    write('node_modules/x/index.js');
    write('packages/p/dist/index.js');
    write('out/a.js');
    write('.next/server.js');
    assert.deepEqual(rel(discoverFiles([], dir).files), ['src/a.ts', 'src/b.mjs', 'src/view.tsx']);
  });

  it('applies the repository .gitignore to a folder linted from inside the repository', () => {
    fs.mkdirSync(path.join(dir, '.git'));
    write('.gitignore', 'vendor/\n!keep.ts\n*.tmp.ts\n');
    write('app/src/a.ts');
    write('app/src/a.tmp.ts');
    write('app/vendor/v.ts');
    const found = discoverFiles(['src'], path.join(dir, 'app'));
    assert.deepEqual(rel(found.files), ['app/src/a.ts']);
    assert.equal(found.root, path.join(dir, 'app', 'src'));
  });

  it('lints a file named on the command line even when .gitignore lists it', () => {
    write('.gitignore', 'gen.ts\n');
    write('gen.ts');
    assert.deepEqual(rel(discoverFiles([], dir).files), []);
    assert.deepEqual(rel(discoverFiles(['gen.ts'], dir).files), ['gen.ts']);
  });

  it('rejects a path that does not exist and a file that is not JavaScript or TypeScript', () => {
    write('notes.txt', 'x');
    assert.throws(() => discoverFiles(['missing'], dir), (e: unknown) => e instanceof UsageError && /No such file or folder: missing/.test(e.message));
    assert.throws(() => discoverFiles(['notes.txt'], dir), (e: unknown) => e instanceof UsageError && /notes\.txt is not a JavaScript or TypeScript file/.test(e.message));
  });
});

describe('ProjectIndex', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-projects-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the project of a file through a solution-style tsconfig, and none for a file outside every project', () => {
    fs.mkdirSync(path.join(dir, 'server', 'src'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'tools'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: './tsconfig.server.json' }] }));
    fs.writeFileSync(path.join(dir, 'tsconfig.server.json'), JSON.stringify({ compilerOptions: { composite: true }, include: ['server/src'] }));
    fs.writeFileSync(path.join(dir, 'server', 'src', 'a.ts'), 'export {};\n');
    fs.writeFileSync(path.join(dir, 'tools', 'b.ts'), 'export {};\n');
    const index = new ProjectIndex(require('typescript') as typeof import('typescript'));
    assert.equal(index.projectOf(path.join(dir, 'server', 'src', 'a.ts'))?.configFile, path.join(dir, 'tsconfig.server.json'));
    assert.equal(index.projectOf(path.join(dir, 'tools', 'b.ts')), undefined);
  });

  it('treats a jsconfig.json as a project with JavaScript switched on', () => {
    fs.writeFileSync(path.join(dir, 'jsconfig.json'), JSON.stringify({ include: ['lib'] }));
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'lib', 'a.js'), 'module.exports = 1;\n');
    const index = new ProjectIndex(require('typescript') as typeof import('typescript'));
    assert.equal(index.projectOf(path.join(dir, 'lib', 'a.js'))?.configFile, path.join(dir, 'jsconfig.json'));
  });
});
