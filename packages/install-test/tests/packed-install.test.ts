import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_REPOSITORY } from '@loopguard/catalog';
import { StdioLspClient } from './support/lsp';
import { cleanEnv, mustRun, publishablePackages, readmeSnippet, run } from './support/workspace';

/*
 * The acceptance test of issue 13: every publishable package is packed with `pnpm pack` (which turns
 * `workspace:` and `catalog:` into real ranges, as `pnpm publish` does), and the tarballs are installed with npm,
 * as users do, into projects in a temporary folder outside the workspace (so nothing resolves from the
 * workspace's node_modules). npm gets its own cache in that folder: the run does not depend on the home folder's.
 *
 * Three installs, each reused by every case that needs it:
 * - `eslint10`: every tarball, ESLint 10, typescript-eslint, TypeScript (the CLI, impact, language server too);
 * - `eslint9`: the plugin (and the catalog it depends on), ESLint 9, typescript-eslint, TypeScript;
 * - `plain-js`: the plugin and ESLint 10 only, as a JavaScript project that never asked for TypeScript.
 */

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-install-'));
const TARBALLS = path.join(TMP, 'tarballs');
const env = cleanEnv({ npm_config_cache: path.join(TMP, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });

const SERVER_TS = `import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { renderPage } from './render.js';

createServer(async (req, res) => {
  const page = renderPage(String(req.url));
  res.end(readFileSync('profile.html', 'utf8') + page);
}).listen(8080);
`;
// A sync helper in another file: only the type-checked config follows it to the call in the handler.
const RENDER_TS = `import { readFileSync } from 'node:fs';

export function renderPage(name: string): string {
  return readFileSync(\`pages/\${name}.html\`, 'utf8');
}
`;
const SERVER_JS = `const fs = require('fs');
const http = require('http');

http.createServer((req, res) => {
  res.end(fs.readFileSync('profile.html', 'utf8'));
}).listen(8080);
`;
const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'], noEmit: true }, include: ['src'] }, null, 2);

const tarballs = new Map<string, string>();
const timings: string[] = [];

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

function tarball(name: string): string {
  const file = tarballs.get(name);
  if (!file) throw new Error(`no tarball for ${name}`);
  return file;
}

/** A project folder with a package.json and the given files; then `npm install` of the given specs. */
async function project(name: string, files: Record<string, string>, specs: readonly string[], type: 'module' | 'commonjs' = 'module'): Promise<string> {
  const dir = path.join(TMP, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `loopguard-install-${name}`, version: '1.0.0', private: true, type }, null, 2));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  await timed(`npm install (${name})`, () => mustRun('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir, env }));
  return dir;
}

interface EslintMessage {
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
  fatal?: boolean;
  severity: number;
}

/** Runs the project's own ESLint on the whole project (the config file included), JSON out. */
async function eslint(dir: string, config: string): Promise<Array<{ filePath: string; messages: EslintMessage[] }>> {
  fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), config);
  const result = await run(process.execPath, [path.join(dir, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '.'], { cwd: dir, env });
  // 1: lint errors (expected); 2: a crash or a configuration error.
  assert.ok(result.code === 0 || result.code === 1, `eslint exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout) as Array<{ filePath: string; messages: EslintMessage[] }>;
}

/** `file:line:column ruleId` of every loopguard finding and every fatal (parse/config) message. */
function findings(results: Array<{ filePath: string; messages: EslintMessage[] }>, dir: string): string[] {
  const out: string[] = [];
  for (const r of results) {
    for (const m of r.messages) {
      if (m.fatal || m.ruleId === null || m.ruleId.startsWith('loopguard/')) {
        out.push(`${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? `fatal: ${m.message}`}`);
      }
    }
  }
  return out.sort();
}

const UNTYPED_FINDINGS = ['src/server.ts:7:11 loopguard/no-blocking-io'];
const TYPED_FINDINGS = ['src/server.ts:6:16 loopguard/no-blocking-io', 'src/server.ts:7:11 loopguard/no-blocking-io'];

/** tsc of the README's eslint.config.ts with the project's TypeScript, library declarations checked. */
async function typecheckConfig(dir: string, extraFiles: Record<string, string> = {}): Promise<void> {
  fs.writeFileSync(path.join(dir, 'eslint.config.ts'), readmeSnippet('flat-config-ts'));
  for (const [file, text] of Object.entries(extraFiles)) fs.writeFileSync(path.join(dir, file), text);
  const tsconfig = {
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
    files: ['eslint.config.ts', ...Object.keys(extraFiles)],
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.check.json'), JSON.stringify(tsconfig, null, 2));
  const result = await run(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.check.json'], { cwd: dir, env });
  // The project is shared with the lint cases, which lint `.`: a TypeScript file left here that its tsconfig does
  // not include would be a parsing error of the typed config, whichever order mocha runs the cases in.
  for (const file of ['eslint.config.ts', 'tsconfig.check.json', ...Object.keys(extraFiles)]) fs.rmSync(path.join(dir, file), { force: true });
  assert.equal(result.code, 0, `tsc failed:\n${result.stdout}\n${result.stderr}`);
}

describe('packed tarballs installed with npm outside the workspace', function () {
  // npm installs (the one with @loopguard/fixture-server compiles better-sqlite3's native addon) and one impact
  // run: a few minutes on a quiet 2-core machine, but over 30 minutes were seen with the cores shared six ways.
  // The limit only stops a hung install; it is not a time the test asserts.
  this.timeout(60 * 60_000);
  let eslint10 = '';
  let eslint9 = '';
  let plainJs = '';
  const started = Date.now();

  before(async () => {
    fs.mkdirSync(TARBALLS);
    await timed('pnpm pack (all packages)', async () => {
      for (const pkg of publishablePackages()) {
        const result = await mustRun('pnpm', ['pack', '--pack-destination', TARBALLS], { cwd: pkg.dir, env: cleanEnv() });
        const file = result.stdout.trim().split('\n').pop()!.trim();
        tarballs.set(pkg.json.name, path.isAbsolute(file) ? file : path.join(TARBALLS, path.basename(file)));
      }
    });
    const tsFiles = { 'src/server.ts': SERVER_TS, 'src/render.ts': RENDER_TS, 'tsconfig.json': TSCONFIG };
    const plugin = [tarball('eslint-plugin-loopguard'), tarball('@loopguard/catalog')];
    // Concurrently: npm's cache is safe to share, and the installs wait on the network more than on the CPU.
    [eslint10, eslint9, plainJs] = await Promise.all([
      project('eslint10', tsFiles, [...tarballs.values(), 'eslint@^10', 'typescript-eslint@^8', 'typescript@~6.0', '@types/node@^20']),
      project('eslint9', tsFiles, [...plugin, 'eslint@^9.22', 'typescript-eslint@^8', 'typescript@~6.0', '@types/node@^20']),
      project('plain-js', { 'src/server.js': SERVER_JS }, [...plugin, 'eslint@^10'], 'commonjs'),
    ]);
  });

  after(() => {
    console.log(`    packed-install wall time ${((Date.now() - started) / 1000).toFixed(1)} s (${timings.join('; ')})`);
    if (!process.env.LOOPGUARD_KEEP_INSTALL_TEST) fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('the tarballs carry LICENSE, README, CHANGELOG and no source maps, workspace: or catalog: ranges', async () => {
    for (const [name, file] of tarballs) {
      const list = (await mustRun('tar', ['-tzf', file], { cwd: TMP })).stdout.split('\n');
      for (const required of ['package/LICENSE', 'package/README.md', 'package/CHANGELOG.md', 'package/package.json']) {
        assert.ok(list.includes(required), `${name}: ${required} is missing`);
      }
      assert.deepEqual(list.filter((f) => f.endsWith('.map') || f.endsWith('.tsbuildinfo')), [], name);
      const json = (await mustRun('tar', ['-xzOf', file, 'package/package.json'], { cwd: TMP })).stdout;
      assert.doesNotMatch(json, /"(workspace|catalog):/u, name);
      for (const [dep, range] of Object.entries<string>(JSON.parse(json).dependencies ?? {})) {
        if (dep.startsWith('@typescript-eslint/')) assert.match(range, /^\^8\./u, `${name}: ${dep}@${range}`);
      }
    }
  });

  for (const major of [10, 9]) {
    describe(`ESLint ${major}`, () => {
      const dir = () => (major === 10 ? eslint10 : eslint9);

      it('the README untyped flat config, verbatim, reports the handler call', async () => {
        assert.deepEqual(findings(await eslint(dir(), readmeSnippet('flat-config')), dir()), UNTYPED_FINDINGS);
      });

      it('the README typed flat config, verbatim, lints the config file too and follows the helper into render.ts', async () => {
        assert.deepEqual(findings(await eslint(dir(), readmeSnippet('flat-config-typed')), dir()), TYPED_FINDINGS);
      });

      it('the README eslint.config.ts with defineConfig type-checks without skipLibCheck', async () => {
        await typecheckConfig(dir());
      });
    });
  }

  it('a plain JavaScript project lints with the README JavaScript config', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(plainJs, 'package.json'), 'utf8'));
    assert.equal(pkg.devDependencies?.typescript ?? pkg.dependencies?.typescript, undefined, 'the project did not ask for TypeScript');
    assert.deepEqual(findings(await eslint(plainJs, readmeSnippet('flat-config-js')), plainJs), ['src/server.js:5:11 loopguard/no-blocking-io']);
  });

  it("the published declarations of every package type-check without skipLibCheck (no Emscripten globals needed)", async () => {
    const check = [
      "import * as catalog from '@loopguard/catalog';",
      "import * as cli from 'loopguard';",
      "import * as fixtureServer from '@loopguard/fixture-server';",
      "import * as languageServer from '@loopguard/language-server';",
      "import * as refactor from '@loopguard/refactor';",
      "import * as rust from '@loopguard/rust';",
      "import * as analysis from 'eslint-plugin-loopguard/analysis';",
      'export const all = [catalog, cli, fixtureServer, languageServer, refactor, rust, analysis];',
      "await rust.initRustParser();",
      '',
    ].join('\n');
    await typecheckConfig(eslint10, { 'check-declarations.ts': check });
  });

  it('npx loopguard prints stylish output and SARIF whose helpUri is the project home', async () => {
    const stylish = await run('npx', ['--no-install', 'loopguard', 'src'], { cwd: eslint10, env });
    assert.equal(stylish.code, 1, stylish.stderr);
    assert.match(stylish.stdout, /server\.ts/u);
    assert.match(stylish.stdout, /7:11\s+error\s+.*fs\.readFileSync/u);
    assert.match(stylish.stdout, /loopguard\/no-blocking-io/u);

    const sarif = await run('npx', ['--no-install', 'loopguard', '--format', 'sarif', 'src'], { cwd: eslint10, env });
    assert.equal(sarif.code, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout);
    assert.equal(log.version, '2.1.0');
    const results = log.runs[0].results as Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
    assert.ok(results.some((r) => r.locations[0]?.physicalLocation.artifactLocation.uri.endsWith('server.ts') && r.locations[0].physicalLocation.region.startLine === 7));
    assert.ok(String(log.runs[0].tool.driver.rules[0].helpUri).startsWith(`${PROJECT_REPOSITORY}/`));
  });

  it('npx loopguard demo with no folder lints a copy of the packaged example app', async () => {
    const demo = await run('npx', ['--no-install', 'loopguard', 'demo', '--no-color'], { cwd: eslint10, env });
    assert.equal(demo.code, 0, `${demo.stdout}\n${demo.stderr}`);
    assert.match(demo.stderr, /copy of loopguard's example app/u);
    assert.match(demo.stdout, /[1-9]\d* blocking calls? of \d+ APIs? in \d+ of \d+ files\./u);
  });

  it('npx loopguard impact --list and loopguard-impact --list list the packaged patterns', async () => {
    for (const [command, args] of [['loopguard', ['impact', '--list']], ['loopguard-impact', ['--list']]] as const) {
      const list = await run('npx', ['--no-install', command, ...args], { cwd: eslint10, env });
      assert.equal(list.code, 0, `${command}: ${list.stderr}`);
      // One pattern a line, its id first (loopguard-impact adds the kind and a description).
      assert.ok(list.stdout.split('\n').some((line) => line.split(/\s+/u)[0] === 'fs-read-file'), `${command} --list: ${list.stdout}`);
    }
  });

  it('one real impact run of one pattern completes and writes its report', async () => {
    const out = path.join(eslint10, 'impact-out');
    // Short windows: this checks that the installed measurement runs end to end, not what the stall is.
    const impact = await timed('impact run (fs-exists)', () =>
      run('npx', ['--no-install', 'loopguard-impact', 'fs-exists', '--out', out, '--warmup', '200', '--duration', '800', '--reps', '1', '--no-sweep', '--force'], { cwd: eslint10, env }),
    );
    assert.equal(impact.code, 0, `${impact.stdout}\n${impact.stderr}`);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'impact.json'), 'utf8'));
    assert.ok(JSON.stringify(report).includes('fs-exists'));
  });

  it('loopguard-language-server --stdio answers initialize and publishes diagnostics', async () => {
    const server = StdioLspClient.start(path.join(eslint10, 'node_modules', '.bin', 'loopguard-language-server'), ['--stdio'], {
      cwd: eslint10,
      env,
      settings: { enable: true, run: 'onType', severity: 'warning' },
    });
    try {
      const root = pathToFileURL(eslint10).href;
      const init = await server.request('initialize', {
        processId: process.pid,
        rootUri: root,
        workspaceFolders: [{ uri: root, name: 'eslint10' }],
        capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
        initializationOptions: { workspaceTrusted: false },
      });
      assert.equal(init.serverInfo?.name, 'loopguard-language-server');
      assert.ok(init.capabilities.textDocumentSync !== undefined);
      server.notify('initialized', {});
      const uri = pathToFileURL(path.join(eslint10, 'src', 'server.ts')).href;
      const published = server.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0, 120_000);
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SERVER_TS } });
      const params = await published;
      const lines = (params.diagnostics as Array<{ range: { start: { line: number } }; source: string; codeDescription?: { href: string } }>).map((d) => d.range.start.line);
      assert.ok(lines.includes(6), `diagnostics on lines ${lines.join(', ')}`);
      assert.ok(params.diagnostics.every((d: { codeDescription?: { href: string } }) => !d.codeDescription || d.codeDescription.href.startsWith(PROJECT_REPOSITORY)));
    } finally {
      await server.shutdown();
    }
  });
});
