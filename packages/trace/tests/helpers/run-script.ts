import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTraced } from '../../src';
import type { ProcessTrace, Site, TraceFile } from '../../src';

export interface ScriptRun {
  readonly trace: TraceFile;
  readonly stdout: string;
  readonly exitCode: number | null;
  readonly dir: string;
  /** Sites of every process, with the process they ran in. */
  readonly sites: Array<Site & { proc: ProcessTrace }>;
}

/** Runs a script under the instrumentation (through the real runner) and returns its output and trace. */
export async function runScript(name: string, code: string, options: { node?: string; args?: string[] } = {}): Promise<ScriptRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-trace-script-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, code);
  // Scripts require packages by name, as apps do.
  fs.mkdirSync(path.join(dir, 'node_modules'));
  const packages = [...['better-sqlite3', 'glob'].map((name) => path.join(__dirname, '..', '..', 'node_modules', name)), path.join(__dirname, '..', '..', '..', 'fixture-server', 'node_modules', 'deasync')];
  for (const pkg of packages) fs.symlinkSync(fs.realpathSync(pkg), path.join(dir, 'node_modules', path.basename(pkg)), 'dir');
  let stdout = '';
  const result = await runTraced({
    command: [options.node ?? process.execPath, ...(options.args ?? []), file],
    cwd: dir,
    stdio: 'pipe',
    onSpawn: (child) => {
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
    },
  });
  const sites = result.trace.processes.flatMap((proc) => proc.sites.map((s) => ({ ...s, proc })));
  return { trace: result.trace, stdout, exitCode: result.exitCode, dir, sites };
}

/** Runs the same script without the instrumentation: what it prints is what the instrumented run must print. */
export function runPlain(run: ScriptRun, name: string, options: { node?: string; args?: string[] } = {}): string {
  return execFileSync(options.node ?? process.execPath, [...(options.args ?? []), path.join(run.dir, name)], { cwd: run.dir, encoding: 'utf8' });
}

/** The sites of one catalog entry whose innermost frame is in the script itself. */
export function callsOf(run: ScriptRun, entry: string): Array<Site & { proc: ProcessTrace }> {
  return run.sites.filter((s) => s.entry === entry && s.frames[0]?.file.startsWith(run.dir));
}
