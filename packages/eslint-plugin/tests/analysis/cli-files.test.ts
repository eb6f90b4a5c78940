import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CLI_GLOBS, isCliFile } from '../../src/analysis/cli-files';

describe('isCliFile', () => {
  let dir: string;
  const write = (rel: string, text: string): string => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const SHEBANG = '#!/usr/bin/env node\nmodule.exports = 1;\n';

  beforeEach(() => {
    // A fresh folder each time: package.json answers are cached per folder.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-cli-files-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a shebang file that nothing names is command-line code', () => {
    write('package.json', JSON.stringify({ name: 'p', main: 'lib/server.js' }));
    assert.equal(isCliFile(write('tools/gen.js', SHEBANG), SHEBANG, DEFAULT_CLI_GLOBS), true);
  });

  it("a package's default main (index.js) with a shebang is library code: require('<package>') runs it in the server (live-server)", () => {
    write('package.json', JSON.stringify({ name: 'p', bin: { p: './cli.js' } }));
    assert.equal(isCliFile(write('index.js', SHEBANG), SHEBANG, DEFAULT_CLI_GLOBS), false);
    assert.equal(isCliFile(write('cli.js', SHEBANG), SHEBANG, DEFAULT_CLI_GLOBS), true);
  });

  it('a main named without its extension, or as a folder, is library code too', () => {
    write('package.json', JSON.stringify({ name: 'p', main: './lib/http-server' }));
    assert.equal(isCliFile(write('lib/http-server.js', SHEBANG), SHEBANG, DEFAULT_CLI_GLOBS), false);
    fs.rmSync(dir, { recursive: true, force: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-cli-files-'));
    write('package.json', JSON.stringify({ name: 'p', main: 'lib/' }));
    assert.equal(isCliFile(write('lib/index.js', SHEBANG), SHEBANG, DEFAULT_CLI_GLOBS), false);
  });

  it('a main that is also a bin is command-line code', () => {
    write('package.json', JSON.stringify({ name: 'p', main: 'run.js', bin: 'run.js' }));
    assert.equal(isCliFile(write('run.js', SHEBANG), SHEBANG, DEFAULT_CLI_GLOBS), true);
  });

  it('a file matching a CLI glob is command-line code without a shebang; a relative file name falls back to the shebang', () => {
    write('package.json', JSON.stringify({ name: 'p' }));
    assert.equal(isCliFile(write('scripts/seed.js', 'module.exports = 1;\n'), 'module.exports = 1;\n', DEFAULT_CLI_GLOBS), true);
    assert.equal(isCliFile('relative.js', SHEBANG, DEFAULT_CLI_GLOBS), true);
    assert.equal(isCliFile('relative.js', 'x();\n', DEFAULT_CLI_GLOBS), false);
  });

  it('by default, a `cli/` folder at any depth and a file named `cli.*` are command-line code; a `client.js` or `clinic/` is not', () => {
    write('package.json', JSON.stringify({ name: 'p', main: 'src/index.js' }));
    const text = 'module.exports = 1;\n';
    assert.equal(isCliFile(write('src/cli/upgrade-plugins.js', text), text, DEFAULT_CLI_GLOBS), true);
    assert.equal(isCliFile(write('lib/cli.js', text), text, DEFAULT_CLI_GLOBS), true);
    assert.equal(isCliFile(write('src/cli.ts', text), text, DEFAULT_CLI_GLOBS), true);
    assert.equal(isCliFile(write('src/client.js', text), text, DEFAULT_CLI_GLOBS), false);
    assert.equal(isCliFile(write('src/clinic/visit.js', text), text, DEFAULT_CLI_GLOBS), false);
    assert.equal(isCliFile(write('src/commands/ping.js', text), text, DEFAULT_CLI_GLOBS), false);
  });

  it('a file outside any package matches the globs relative to the working folder it is given (ESLint\'s cwd), not the process\'s', () => {
    const text = 'module.exports = 1;\n';
    const file = write('src/cli/upgrade.js', text);
    assert.equal(isCliFile(file, text, DEFAULT_CLI_GLOBS, dir), true);
    assert.equal(isCliFile(file, text, DEFAULT_CLI_GLOBS, path.join(dir, 'elsewhere')), false);
  });
});
