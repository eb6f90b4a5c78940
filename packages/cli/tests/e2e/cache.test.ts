import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, findingKeys, parseJson, removeFixture, runCli, write, type JsonReport } from '../helpers';

const cachedOf = (report: JsonReport, file: string): boolean | undefined => report.files.find((f) => f.file === file)?.cached;

describe('--cache (end to end)', () => {
  let app: string;
  const lintCached = async (): Promise<JsonReport> => {
    const result = await runCli(['--format', 'json', '--cache'], app);
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    return parseJson(result.stdout);
  };

  beforeEach(() => {
    app = copyFixture('typed-app');
  });
  afterEach(() => removeFixture(app));

  it('a second run serves every file from the cache, with the same findings', async () => {
    const first = await lintCached();
    assert.equal(first.summary.fromCache, 0);
    assert.ok(fs.existsSync(path.join(app, '.loopguard-cache', 'results.json')));
    const second = await lintCached();
    assert.equal(second.summary.linted, 0);
    assert.equal(second.summary.fromCache, first.summary.files);
    assert.deepEqual(findingKeys(second), findingKeys(first));
  });

  it('editing a file re-lints it and keeps unrelated files cached', async () => {
    await lintCached();
    write(app, 'src/clean.ts', "import { readFile } from 'node:fs/promises';\n\nexport async function read(p: string): Promise<string> {\n  return readFile(p, 'utf8');\n}\n// edited\n");
    const report = await lintCached();
    assert.equal(cachedOf(report, 'src/clean.ts'), false);
    assert.equal(cachedOf(report, 'src/handler.ts'), true);
    assert.equal(cachedOf(report, 'loose/outside.ts'), true);
  });

  it('editing a helper re-lints the files that import it (import closure), not the others', async () => {
    await lintCached();
    write(app, 'src/helper.ts', "import { readFile } from 'node:fs/promises';\n\nexport async function loadConfig(path: string): Promise<string> {\n  return readFile(path, 'utf8');\n}\n");
    const report = await lintCached();
    assert.equal(cachedOf(report, 'src/helper.ts'), false);
    assert.equal(cachedOf(report, 'src/caller.ts'), false, 'caller.ts imports helper.ts');
    assert.equal(cachedOf(report, 'src/handler.ts'), true);
    assert.equal(cachedOf(report, 'src/reexport-caller.ts'), true);
  });

  it('the finding in a caller appears and disappears as the file it imports from changes', async () => {
    // reexport-caller.ts calls `readText`, which io.ts re-exports: fs.readFileSync now, fs/promises' readFile after the edit.
    const key = 'src/reexport-caller.ts:4:10 fs.readFileSync';
    const blocking = fs.readFileSync(path.join(app, 'src', 'io.ts'), 'utf8');
    const first = await lintCached();
    assert.ok(findingKeys(first).includes(key), findingKeys(first).join('\n'));

    write(app, 'src/io.ts', "export { readFile as readText } from 'node:fs/promises';\n");
    const fixed = await lintCached();
    assert.equal(cachedOf(fixed, 'src/reexport-caller.ts'), false);
    assert.ok(!findingKeys(fixed).includes(key), findingKeys(fixed).join('\n'));

    write(app, 'src/io.ts', blocking);
    const again = await lintCached();
    assert.equal(cachedOf(again, 'src/reexport-caller.ts'), false);
    assert.ok(findingKeys(again).includes(key), findingKeys(again).join('\n'));
  });

  it('a finding through a helper appears and disappears as the helper starts and stops blocking', async () => {
    // caller.ts calls loadConfig() from helper.ts; the rule reports the call with its chain into helper.ts.
    const key = 'src/caller.ts:4:10 fs.readFileSync';
    const blocking = fs.readFileSync(path.join(app, 'src', 'helper.ts'), 'utf8');
    const first = await lintCached();
    assert.ok(findingKeys(first).includes(key), findingKeys(first).join('\n'));
    const finding = first.findings.find((f) => f.file === 'src/caller.ts');
    assert.deepEqual(finding?.chain?.map((s) => s.file), ['src/helper.ts']);

    write(app, 'src/helper.ts', "import { readFile } from 'node:fs/promises';\n\nexport async function loadConfig(path: string): Promise<string> {\n  return readFile(path, 'utf8');\n}\n");
    const fixed = await lintCached();
    assert.equal(cachedOf(fixed, 'src/caller.ts'), false);
    assert.ok(!findingKeys(fixed).includes(key), findingKeys(fixed).join('\n'));

    write(app, 'src/helper.ts', blocking);
    const again = await lintCached();
    assert.equal(cachedOf(again, 'src/caller.ts'), false);
    assert.ok(findingKeys(again).includes(key), findingKeys(again).join('\n'));
  });

  it('changed rule options invalidate the whole cache', async () => {
    await lintCached();
    const options = await runCli(['--format', 'json', '--cache', '--rule-options', '{"ignore":["zlib.gzipSync"]}'], app);
    assert.equal(parseJson(options.stdout).summary.fromCache, 0);
  });

  it('a changed tsconfig.json invalidates the whole cache', async () => {
    await lintCached();
    assert.equal((await lintCached()).summary.linted, 0);
    const tsconfig = path.join(app, 'tsconfig.json');
    fs.writeFileSync(tsconfig, fs.readFileSync(tsconfig, 'utf8').replace('"strict": true', '"strict": false'));
    assert.equal((await lintCached()).summary.fromCache, 0);
  });

  it('--cache-location puts the cache where it is told', async () => {
    const result = await runCli(['--format', 'json', '--cache-location', 'tmp/lg.json'], app);
    assert.equal(result.code, 1, result.stderr);
    assert.ok(fs.existsSync(path.join(app, 'tmp', 'lg.json')));
    const again = parseJson((await runCli(['--format', 'json', '--cache-location', 'tmp/lg.json'], app)).stdout);
    assert.equal(again.summary.linted, 0);
  });

  it('a corrupt cache file is ignored, not fatal', async () => {
    write(app, '.loopguard-cache/results.json', '{"format":1,"key":');
    const report = await lintCached();
    assert.equal(report.summary.fromCache, 0);
    assert.ok(report.summary.errors > 0);
  });
});
