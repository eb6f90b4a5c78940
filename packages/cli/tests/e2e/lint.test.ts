import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyFixture, findingKeys, parseJson, removeFixture, runCli, write, type JsonReport } from '../helpers';

describe('loopguard [paths...] (end to end)', () => {
  let app: string;
  let js: string;
  /** The default JSON run over the whole app, shared by the tests that only read it. */
  let report: JsonReport;

  before(async () => {
    app = copyFixture('typed-app');
    // What git ignores in the repository, so created here: the CLI must skip all of it.
    write(app, 'node_modules/blocking-dep/index.js', "const fs = require('fs');\nmodule.exports = async () => fs.readFileSync('x');\n");
    write(app, 'dist/handler.js', "const fs = require('fs');\nexports.h = async () => fs.readFileSync('x');\n");
    write(app, 'build/a.js', "const fs = require('fs');\nexports.h = async () => fs.readFileSync('x');\n");
    write(app, 'coverage/lcov.js', "const fs = require('fs');\nexports.h = async () => fs.readFileSync('x');\n");
    write(app, '.next/server.js', "const fs = require('fs');\nexports.h = async () => fs.readFileSync('x');\n");
    js = copyFixture('js-app');
    const result = await runCli(['--format', 'json'], app);
    assert.equal(result.code, 1, result.stderr);
    report = parseJson(result.stdout);
  });

  after(() => {
    removeFixture(app);
    removeFixture(js);
  });

  it('runs on the ESLint major this suite was asked for', async () => {
    const result = await runCli(['--version'], app);
    assert.equal(result.code, 0, result.stderr);
    const wanted = process.env.LOOPGUARD_ESLINT ?? '10';
    assert.match(result.stdout, new RegExp(`^loopguard \\d+\\.\\d+\\.\\d+ \\(ESLint ${wanted}\\.\\d+\\.\\d+, TypeScript 6\\.`));
  });

  it('reports the findings of a TypeScript project in stylish format and exits 1', async () => {
    const result = await runCli([], app);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^src\/handler\.ts$/m);
    assert.match(result.stdout, /^ {2}4:10 {2}error {4}`fs\.readFileSync` blocks the event loop in an async function/m);
    assert.match(result.stdout, /^src\/reexport-caller\.ts$/m);
    assert.match(result.stdout, /^loose\/outside\.ts$/m);
    assert.match(result.stdout, /`zlib\.gzipSync` blocks the event loop/);
    assert.match(result.stdout, /✖ \d+ problems? \(\d+ errors?, 0 warnings\)/);
  });

  it('honours .gitignore and skips node_modules and build output', () => {
    const files = report.files.map((f) => f.file);
    assert.deepEqual(
      files.filter((f) => !f.startsWith('src/') && !f.startsWith('loose/')),
      [],
      'only src/ and loose/ hold files to lint',
    );
    assert.ok(!files.includes('src/secret.local.ts'), '*.local.ts is in .gitignore');
    assert.ok(!files.includes('src/schema.gen.ts'), '*.gen.ts is in src/.gitignore');
    assert.ok(files.includes('src/clean.ts'));
  });

  it('uses type information for files a tsconfig includes, and an inferred project for the others', () => {
    const typed = Object.fromEntries(report.files.map((f) => [f.file, f.typed]));
    assert.equal(typed['src/handler.ts'], true);
    assert.equal(typed['src/reexport-caller.ts'], true);
    // No tsconfig includes it: it is typed through the CLI's inferred project, as loose files are in an editor.
    assert.equal(typed['loose/outside.ts'], true);
    // A re-export under another name is found through the type checker only.
    assert.ok(findingKeys(report).includes('src/reexport-caller.ts:4:10 fs.readFileSync'), findingKeys(report).join('\n'));
    assert.ok(findingKeys(report).includes('loose/outside.ts:5:10 zlib.gzipSync'), findingKeys(report).join('\n'));
  });

  it('--no-types loses what only the type checker finds, and keeps the rest', async () => {
    const untyped = parseJson((await runCli(['--format', 'json', '--no-types'], app)).stdout);
    assert.ok(untyped.files.every((f) => !f.typed));
    const keys = findingKeys(untyped);
    assert.ok(!keys.includes('src/reexport-caller.ts:4:10 fs.readFileSync'), keys.join('\n'));
    assert.ok(keys.includes('src/handler.ts:4:10 fs.readFileSync'), keys.join('\n'));
  });

  it('lints a JavaScript project through its allowJs tsconfig (CommonJS and ESM)', async () => {
    const result = await runCli(['--format', 'json'], js);
    assert.equal(result.code, 1, result.stderr);
    const jsReport = parseJson(result.stdout);
    assert.deepEqual(findingKeys(jsReport), ['src/build.mjs:4:3 child_process.execSync', 'src/server.js:5:11 fs.readFileSync']);
    assert.ok(jsReport.files.every((f) => f.typed), JSON.stringify(jsReport.files));
  });

  it('exits 0 with no output when there is nothing to report', async () => {
    const result = await runCli(['src/clean.ts'], app);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
  });

  it('says so when a folder holds nothing to lint, and exits 0', async () => {
    const result = await runCli(['generated'], app);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'note: No JavaScript or TypeScript files to lint under generated (after .gitignore, node_modules and build output).\n');
  });

  it('lists a file that does not parse apart from the findings, without dropping the others', async () => {
    const dir = copyFixture('typed-app');
    try {
      write(dir, 'src/broken.ts', 'export async function x( {\n');
      const result = await runCli(['--format', 'json'], dir);
      assert.equal(result.code, 1, result.stderr);
      const withBroken = parseJson(result.stdout);
      assert.deepEqual(withBroken.findings.filter((f) => f.file === 'src/broken.ts'), []);
      assert.equal(withBroken.summary.parseErrors, 1);
      assert.deepEqual(
        withBroken.parseErrors.map((p) => `${p.file}:${p.line}`),
        ['src/broken.ts:2'],
      );
      assert.deepEqual(withBroken.files.find((f) => f.file === 'src/broken.ts'), { file: 'src/broken.ts', typed: true, cached: false, findings: 0, parsed: false });
      assert.ok(findingKeys(withBroken).includes('src/handler.ts:4:10 fs.readFileSync'));
      assert.equal(withBroken.summary.errors, report.summary.errors);
    } finally {
      removeFixture(dir);
    }
  });

  it('a file that does not parse, alone, is listed and exits 0: it is not a finding', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-cli-parse-'));
    try {
      write(dir, 'ok.js', "const fs = require('fs');\nmodule.exports = () => fs.readFileSync('a');\n");
      write(dir, 'broken.js', 'function (\n');
      const result = await runCli([], dir);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, '\n1 file could not be parsed and was not checked:\n  broken.js:1:9  Parsing error: Identifier expected.\n');
    } finally {
      removeFixture(dir);
    }
  });

  it('says nothing about inline directives for rules it does not load, and exits 0 without findings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-cli-directives-'));
    try {
      write(
        dir,
        'src/view.js',
        [
          '/* eslint-disable no-console */',
          '// eslint-disable-next-line react-hooks/exhaustive-deps',
          'const a = 1;',
          '/* eslint-disable-line @typescript-eslint/no-explicit-any */',
          '/* eslint-enable no-console, unicorn/no-null */',
          'module.exports = { a };',
          '',
        ].join('\n'),
      );
      const result = await runCli(['--format', 'json'], dir);
      assert.equal(result.code, 0, result.stderr);
      const json = parseJson(result.stdout);
      assert.deepEqual(json.findings, []);
      assert.deepEqual(json.parseErrors, []);
      assert.deepEqual(json.summary, { files: 1, errors: 0, warnings: 0, parseErrors: 0, linted: 1, fromCache: 0 });
      const stylish = await runCli([], dir);
      assert.equal(stylish.code, 0, stylish.stderr);
      assert.equal(stylish.stdout, '');
    } finally {
      removeFixture(dir);
    }
  });

  it('keeps its own findings next to directives for unknown rules, and honours directives for its own rule', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-cli-directives-'));
    try {
      write(
        dir,
        'src/handler.js',
        [
          "const fs = require('fs');",
          'module.exports = async function handler() {',
          '  // eslint-disable-next-line react-hooks/exhaustive-deps',
          "  const a = fs.readFileSync('a');",
          '  // eslint-disable-next-line loopguard/no-blocking-io',
          "  const b = fs.readFileSync('b');",
          '  return a + b;',
          '};',
          '',
        ].join('\n'),
      );
      const result = await runCli(['--format', 'json'], dir);
      assert.equal(result.code, 1, result.stderr);
      const json = parseJson(result.stdout);
      assert.deepEqual(
        json.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`),
        ['src/handler.js:4:13 loopguard/no-blocking-io'],
      );
    } finally {
      removeFixture(dir);
    }
  });

  it('plain JavaScript without a tsconfig gets an inferred project: require() helpers are followed', async () => {
    const dir = copyFixture('plain-js-app');
    try {
      const result = await runCli(['--format', 'json'], dir);
      assert.equal(result.code, 1, result.stderr);
      const json = parseJson(result.stdout);
      assert.deepEqual(findingKeys(json), ['server.js:6:11 fs.readFileSync']);
      assert.deepEqual(
        json.findings[0]?.chain?.map((s) => `${s.name} ${s.file}:${s.line}:${s.column}`),
        ['fs.readFileSync lib/store.js:5:10'],
      );
      assert.deepEqual(json.files.map((f) => `${f.file} ${f.typed}`), ['lib/store.js true', 'server.js true']);
      // Nothing was written into the project: the inferred tsconfig lives in a temporary folder.
      assert.deepEqual(fs.readdirSync(dir).sort(), ['lib', 'node_modules', 'package.json', 'server.js']);

      const untyped = parseJson((await runCli(['--format', 'json', '--no-types'], dir)).stdout);
      assert.deepEqual(findingKeys(untyped), []);
    } finally {
      removeFixture(dir);
    }
  });

  it('--severity warn reports warnings and exits 0, unless --max-warnings is exceeded', async () => {
    const n = report.summary.errors;
    assert.ok(n >= 3, `the app has at least 3 findings, not ${n}`);
    const under = await runCli(['--severity', 'warn', '--max-warnings', String(n)], app);
    assert.equal(under.code, 0, under.stderr);
    assert.match(under.stdout, /warning {2}`fs\.readFileSync`/);
    assert.ok(under.stdout.includes(`(0 errors, ${n} warnings)`), under.stdout);

    const over = await runCli(['--severity', 'warn', '--max-warnings', String(n - 1)], app);
    assert.equal(over.code, 1);
    assert.ok(over.stderr.includes(`loopguard: ${n} warnings, more than --max-warnings ${n - 1}.`), over.stderr);
  });

  it('--rule-options are passed to the rule', async () => {
    const result = await runCli(['--format', 'json', '--rule-options', '{"ignore":["fs.readFileSync"]}'], app);
    const keys = findingKeys(parseJson(result.stdout));
    assert.deepEqual(keys, ['loose/outside.ts:5:10 zlib.gzipSync']);
  });

  it('--output-file writes the report to a file and nothing to stdout', async () => {
    const result = await runCli(['--format', 'json', '--output-file', 'reports/loopguard.json'], app);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, '');
    const report = parseJson(fs.readFileSync(path.join(app, 'reports', 'loopguard.json'), 'utf8'));
    assert.ok(report.summary.errors > 0);
  });

  it('shows progress on stderr only when asked (the tests run piped, like CI)', async () => {
    const piped = await runCli(['src/handler.ts', 'src/clean.ts'], app);
    assert.equal(piped.stderr, '');
    const forced = await runCli(['src/handler.ts', 'src/clean.ts', '--progress'], app);
    assert.match(forced.stderr, /\r\x1b\[2Kloopguard: 0\/2 files linted/);
    assert.equal(forced.stdout, piped.stdout);
  });
});
