// Starts a real VS Code (code-server, from scripts/install-code-server.sh) with a freshly installed .vsix, and a
// headless Debian Chromium driven by playwright-core that opens it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const PKG_DIR = path.join(__dirname, '..', '..');
/** Screenshots of each step (gitignored); emptied once per test run. */
export const ARTIFACTS = path.join(PKG_DIR, 'artifacts');

let vsix: string | undefined;
/** `pnpm package` once per test run, into dist/loopguard-vscode-e2e.vsix; returns its path and vsce's size line. */
export function packagedVsix(): { path: string; summary: string } {
  const out = path.join(PKG_DIR, 'dist', 'loopguard-vscode-e2e.vsix');
  if (vsix) return { path: vsix, summary: 'already packaged' };
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const pack = spawnSync(process.execPath, [path.join(PKG_DIR, 'scripts', 'package.mjs')], {
    cwd: PKG_DIR,
    env: { ...process.env, LOOPGUARD_VSIX: out },
    encoding: 'utf8',
  });
  if (pack.status !== 0) throw new Error(`pnpm package failed (exit ${pack.status ?? pack.signal}):\n${pack.stdout}\n${pack.stderr}`);
  vsix = out;
  return { path: out, summary: pack.stdout.trim().split('\n').pop() ?? '' };
}

/** Fails with what to do when code-server or Chromium is missing; undefined when LOOPGUARD_SKIP_E2E=1. */
export function requireTools(): { codeServer: string; chromium: string } | undefined {
  if (process.env.LOOPGUARD_SKIP_E2E === '1') {
    console.log('    LOOPGUARD_SKIP_E2E=1: the end-to-end tests are skipped on request');
    return undefined;
  }
  const codeServer = findCodeServer();
  const chromium = findChromium();
  if (!codeServer || !chromium) {
    throw new Error(
      `The end-to-end tests need code-server and Chromium (found code-server: ${codeServer ?? 'no'}, chromium: ${chromium ?? 'no'}). ` +
        'Install them with `bash scripts/install-code-server.sh` at the repository root (CI runs scripts/ci/40-code-server.sh), ' +
        'or set LOOPGUARD_SKIP_E2E=1 to skip these tests explicitly.',
    );
  }
  return { codeServer, chromium };
}

/** A copy of a fixture in a temp folder, without node_modules or build output (dist, Cargo's target): the server needs neither. */
export function copyFixture(fixture: string): string {
  const workspace = path.join(mkdtempSync(path.join(os.tmpdir(), 'loopguard-e2e-')), path.basename(fixture));
  cpSync(fixture, workspace, { recursive: true, filter: (src) => !/[\\/](node_modules|dist|target)$/.test(src) });
  return workspace;
}

/** Where scripts/install-code-server.sh puts code-server (LOOPGUARD_CACHE moves it), or CODE_SERVER_BIN. */
export function findCodeServer(): string | undefined {
  const fromEnv = process.env.CODE_SERVER_BIN;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const cache = process.env.LOOPGUARD_CACHE ?? path.join(os.homedir(), '.cache', 'loopguard');
  const bin = path.join(cache, 'code-server', 'node_modules', '.bin', 'code-server');
  return existsSync(bin) ? bin : undefined;
}

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c): c is string => Boolean(c && existsSync(c)));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** User settings of the test profile: a trusted workspace, and none of the first-run UI in the way. */
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.lightbulb.enabled': 'on',
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'git.enabled': false,
  'window.restoreWindows': 'none',
  // TypeScript's own errors (no node_modules in the fixture) would crowd the Problems panel.
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
};

export interface Session {
  readonly url: string;
  readonly page: Page;
  /** code-server's stdout and stderr so far, for failure messages. */
  log(): string;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly codeServer: string;
  readonly chromium: string;
  readonly vsix: string;
  readonly workspace: string;
  /** User settings over the defaults above (for example, workspace trust turned back on). */
  readonly settings?: Record<string, unknown>;
}

/**
 * Installs the .vsix into a fresh extensions folder, starts code-server on a free loopback port and opens the
 * workspace in Chromium. `close()` always kills both, and the caller must call it (also on failure).
 */
export async function start(options: StartOptions): Promise<Session> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'loopguard-code-server-'));
  const userDataDir = path.join(home, 'user-data');
  const extensionsDir = path.join(home, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2));
  // Without a config of its own, code-server writes one (with a password) to ~/.config/code-server.
  const env = { ...process.env, CODE_SERVER_CONFIG: path.join(home, 'config.yaml'), XDG_DATA_HOME: path.join(home, 'data') };
  writeFileSync(env.CODE_SERVER_CONFIG, 'auth: none\ncert: false\n');
  const dirs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const install = spawnSync(options.codeServer, [...dirs, '--install-extension', options.vsix], { env, encoding: 'utf8', timeout: 120_000 });
  if (install.status !== 0) {
    rmSync(home, { recursive: true, force: true });
    throw new Error(`code-server --install-extension ${options.vsix} failed (exit ${install.status ?? install.signal}):\n${install.stdout}\n${install.stderr}`);
  }

  const port = await freePort();
  let output = '';
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    if (server?.pid !== undefined && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      // Its own process group: the extension host and the language server go with it.
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          if (server?.pid !== undefined) process.kill(-server.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(home, { recursive: true, force: true });
  };

  try {
    server = spawn(
      options.codeServer,
      [
        ...dirs,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-getting-started-override',
        options.workspace,
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout?.on('data', (d) => (output += d));
    server.stderr?.on('data', (d) => (output += d));
    await waitForHttp(port, () => output, server);

    browser = await chromium.launch({
      executablePath: options.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`;
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    return { url, page, log: () => output, close };
  } catch (error) {
    await close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\ncode-server output:\n${output}`);
  }
}

async function waitForHttp(port: number, log: () => string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode} before listening`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not listen on 127.0.0.1:${port} within 90 s\n${log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
