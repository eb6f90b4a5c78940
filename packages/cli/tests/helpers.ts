import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PACKAGE = path.resolve(__dirname, '..');
export const BIN = path.join(PACKAGE, 'bin', 'loopguard.js');
export const FIXTURES = path.resolve(PACKAGE, '..', '..', 'fixtures', 'cli');
const SWITCH = path.join(__dirname, 'setup', 'eslint-switch.cjs');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built `loopguard` bin in a child process, with the same ESLint major as this test run
 * (the switch is preloaded through NODE_OPTIONS) and without colours.
 */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: `--require ${SWITCH}`, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Copies a fixture project into a fresh temporary folder, so that tests may edit it and add the folders the
 * CLI must skip (git ignores node_modules and dist in the repository). `@types/node` is linked in, as an
 * installed project would have it.
 */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `loopguard-cli-${name}-`));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  const types = fs.realpathSync(path.join(PACKAGE, 'node_modules', '@types', 'node'));
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(types, path.join(dir, 'node_modules', '@types', 'node'), 'dir');
  return dir;
}

export function removeFixture(dir: string | undefined): void {
  if (dir && dir.startsWith(os.tmpdir())) fs.rmSync(dir, { recursive: true, force: true });
}

export function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

export interface JsonReport {
  summary: { files: number; errors: number; warnings: number; parseErrors: number; linted: number; fromCache: number };
  eslint: string;
  files: Array<{ file: string; typed: boolean; cached: boolean; findings: number; parsed?: false }>;
  findings: Array<{
    file: string;
    line: number;
    column: number;
    ruleId: string | null;
    severity: string;
    message: string;
    fatal?: boolean;
    catalogId?: string;
    kind?: string;
    chain?: Array<{ name?: string; file?: string; line?: number; column?: number }>;
  }>;
  parseErrors: Array<{ file: string; line: number; column: number; message: string }>;
  notes: string[];
}

export function parseJson(stdout: string): JsonReport {
  try {
    return JSON.parse(stdout) as JsonReport;
  } catch {
    throw new Error(`not JSON:\n${stdout}`);
  }
}

/** "file:line:column catalogId" per finding, sorted: what two runs must agree on. */
export function findingKeys(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.catalogId ?? f.ruleId ?? 'fatal'}`).sort();
}
