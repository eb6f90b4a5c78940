import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { copyFixture, MINI_APP, SERVER_MAIN } from './support/lsp-client';
import { DOCS, read, RULE, typeCheck } from './support/scenarios';

const EXAMPLE_APP = path.join(__dirname, '..', '..', '..', 'fixtures', 'example-app');
const SCRIPT = path.join(__dirname, 'neovim', 'test.lua');

interface NeovimDiagnostic {
  lnum: number;
  col: number;
  message: string;
  severity: number;
  source: string;
  code: string;
  href: string;
  related: Array<{ uri: string; line: number; message: string }>;
}

interface NeovimResults {
  diagnostics: Record<string, NeovimDiagnostic[]>;
  diagnostics_after: Record<string, string[]>;
  applied: Array<{ file: string; title: string }>;
  resolved_lazily: string[];
  errors: string[];
  pull_diagnostics: boolean;
}

function nvimVersion(): string | undefined {
  const run = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.split('\n')[0] : undefined;
}

// The real client: Debian's Neovim 0.7.2, headless, opens a copy of the example app, shows the chains,
// applies "convert to async" and "move to a worker thread"; the files on disk are checked here.
describe('language server in a real Neovim 0.7 (headless)', () => {
  let root: string;
  let results: NeovimResults;

  before(function () {
    const version = nvimVersion();
    // CI installs Neovim (scripts/ci/20-neovim.sh); without it this suite fails rather than skip silently.
    assert.ok(version, 'nvim is not installed: run scripts/ci/20-neovim.sh (apt-get install neovim)');
    assert.match(version, /^NVIM v0\.7\./);
    root = copyFixture(EXAMPLE_APP);
    const out = path.join(root, 'neovim-results.json');
    const plan = {
      node: process.execPath,
      server: SERVER_MAIN,
      root,
      out,
      open: ['src/server.ts', 'src/services/reports.ts'],
      actions: [
        { file: 'src/services/reports.ts', at: 'fs.readFileSync(path.join(dataDir', title: 'Replace with `await fs.promises.readFile(...)`' },
        { file: 'src/server.ts', at: 'featureFlags()', title: 'Move to a worker thread' },
      ],
    };
    const run = spawnSync('nvim', ['--headless', '-n', '--clean', '-u', SCRIPT, path.join(root, plan.open[0]!)], {
      cwd: root,
      env: { ...process.env, LG_PLAN: JSON.stringify(plan) },
      encoding: 'utf8',
      timeout: 600_000,
    });
    assert.ok(fs.existsSync(out), `Neovim wrote no results (status ${run.status}, signal ${run.signal}): ${run.stdout}\n${run.stderr}`);
    results = JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResults;
    fs.rmSync(out);
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('ran without errors, with pushed diagnostics (Neovim 0.7 has no pull)', () => {
    assert.deepEqual(results.errors, []);
    assert.equal(results.pull_diagnostics, false);
  });

  it('shows the diagnostics with code, docs link and the call chain through the helpers', () => {
    const server = results.diagnostics['src/server.ts'] ?? [];
    const flags = server.find((d) => d.message.startsWith('`featureFlags()` blocks the event loop in a request handler'));
    assert.ok(flags, JSON.stringify(server.map((d) => d.message)));
    assert.equal(flags.code, RULE);
    assert.equal(flags.href, DOCS);
    assert.equal(flags.source, 'loopguard');
    const config = pathToFileURL(path.join(root, 'src', 'config.ts')).href;
    assert.deepEqual(
      flags.related.map((r) => [r.uri, r.message]),
      [
        [pathToFileURL(path.join(root, 'src', 'server.ts')).href, '1. calls `featureFlags`'],
        [config, '2. calls `parseFlags()`'],
        [config, '3. calls `readText()`'],
        [config, '4. `fs.readFileSync` blocks: it reads the whole file on the main thread'],
      ],
    );
  });

  it('applied "convert to async" and "move to a worker thread"', () => {
    assert.deepEqual(
      results.applied.map((a) => a.file),
      ['src/services/reports.ts', 'src/server.ts'],
    );
    assert.match(results.applied[1]?.title ?? '', /^Move to a worker thread \(piscina pool\): add piscina to package\.json$/);
    // Neovim 0.7.2 announces resolve support for edits: both edits came from codeAction/resolve.
    assert.equal(results.resolved_lazily.length, 2);
  });

  it('wrote the converted call to disk', () => {
    const reports = read(root, 'src/services/reports.ts');
    assert.match(reports, /await fs\.promises\.readFile\(path\.join\(dataDir, file\), 'utf8'\)/);
    assert.doesNotMatch(reports, /fs\.readFileSync\(path\.join\(dataDir/);
    assert.equal(
      (results.diagnostics_after['src/services/reports.ts'] ?? []).some((m) => m.includes('fs.readFileSync') && m.includes('async function')),
      false,
    );
  });

  it('wrote the worker module, the shared pool and the awaited pool call to disk, and the app type-checks', () => {
    const server = read(root, 'src/server.ts');
    assert.match(server, /const flags = \(await loopguardPool\.run\(\{\}, \{ filename: workerFile\(__filename, 'server\.worker'\), name: 'featureFlagsTask' \}\) as ReturnType<typeof featureFlagsTask>\);/);
    assert.match(read(root, 'src/server.worker.ts'), /^\/\/ Created by loopguard[\s\S]*import \{ featureFlags \} from '\.\/config';[\s\S]*export function featureFlagsTask\(\) \{\n {2}return featureFlags\(\);\n\}/);
    assert.match(read(root, 'src/loopguard-pool.ts'), /export const pool = new Piscina\(\);/);
    const tsc = typeCheck(root);
    assert.equal(tsc.status, 0, tsc.output);
  });
});

// The README's Neovim setup section, run as written (with the server's bin on PATH): docs that drift fail here.
describe('the README Neovim setup snippet', () => {
  it('starts loopguard for a TypeScript buffer and shows its diagnostics', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Neovim setup'));
    const snippet = /```lua\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(snippet, 'no lua block in the README Neovim setup section');
    const root = copyFixture(MINI_APP);
    try {
      const bin = path.join(root, '.bin');
      fs.mkdirSync(bin);
      fs.symlinkSync(path.join(__dirname, '..', 'bin', 'loopguard-language-server.js'), path.join(bin, 'loopguard-language-server'));
      const init = path.join(root, 'init.lua');
      fs.writeFileSync(init, `${snippet}\n${fs.readFileSync(path.join(__dirname, 'neovim', 'readme-check.lua'), 'utf8')}`);
      const out = path.join(root, 'out.json');
      const run = spawnSync('nvim', ['--headless', '-n', '--clean', '-u', init, path.join(root, 'src', 'handlers.ts')], {
        cwd: root,
        env: { ...process.env, LG_OUT: out, PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` },
        encoding: 'utf8',
        timeout: 300_000,
      });
      assert.ok(fs.existsSync(out), `Neovim wrote nothing (status ${run.status}): ${run.stdout}\n${run.stderr}`);
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { diagnostics: Array<{ message: string; source: string }>; clients: number };
      assert.equal(result.clients, 1);
      assert.equal(result.diagnostics.length, 3, JSON.stringify(result.diagnostics));
      assert.ok(result.diagnostics.every((d) => d.source === 'loopguard'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
