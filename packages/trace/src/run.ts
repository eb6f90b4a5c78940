import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENV, TRACE_FORMAT, TRACE_VERSION, type ProcessTrace, type TraceFile } from './format';

/** Always the compiled file, also when this module runs from its TypeScript source (tests under tsx). */
export const PRELOAD = path.join(__dirname, '..', 'dist', 'preload.js');
/** `.loopguard/trace.json` under the project: the latest trace, read by the report and the language server. */
export const DEFAULT_TRACE = path.join('.loopguard', 'trace.json');
/** A test run can start hundreds of processes; the trace keeps the ones that blocked longest. */
const MAX_PROCESSES = 64;

export interface TraceRunOptions {
  /** The program and its arguments: `['node', 'dist/server.js']`. */
  readonly command: readonly string[];
  readonly cwd: string;
  /** Where the merged trace goes (default `<cwd>/.loopguard/trace.json`). */
  readonly out?: string;
  /** Fraction of calls to record, in (0, 1]. */
  readonly sample?: number;
  readonly stallMs?: number;
  readonly stdio?: 'inherit' | 'pipe' | 'ignore';
  readonly env?: NodeJS.ProcessEnv;
  /** The loopguard version written into the trace. */
  readonly tool?: string;
  /** Called with the child once it has started (tests and load generators wait for it). */
  readonly onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

export interface TraceRunResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly tracePath: string;
  readonly trace: TraceFile;
}

/** NODE_OPTIONS with the preload added, keeping what the user had (a path with spaces is quoted). */
export function nodeOptionsWithPreload(existing: string | undefined): string {
  const quoted = PRELOAD.includes(' ') ? `"${PRELOAD}"` : PRELOAD;
  return [existing?.trim(), `--require ${quoted}`].filter(Boolean).join(' ');
}

export async function runTraced(options: TraceRunOptions): Promise<TraceRunResult> {
  const [program, ...args] = options.command;
  if (!program) throw new Error('loopguard trace needs a command to run, e.g. `loopguard trace -- node dist/server.js`.');
  const sample = options.sample ?? 1;
  if (!(sample > 0 && sample <= 1)) throw new Error(`--sample must be a number above 0 and at most 1, not ${sample}.`);
  const out = path.resolve(options.cwd, options.out ?? DEFAULT_TRACE);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const rawDir = fs.mkdtempSync(path.join(path.dirname(out), '.trace-'));
  const startedAt = new Date().toISOString();
  const env = {
    ...process.env,
    ...options.env,
    NODE_OPTIONS: nodeOptionsWithPreload(options.env?.NODE_OPTIONS ?? process.env.NODE_OPTIONS),
    [ENV.dir]: rawDir,
    [ENV.sample]: String(sample),
    ...(options.stallMs ? { [ENV.stallMs]: String(options.stallMs) } : {}),
  };
  const child = spawn(program, args, { cwd: options.cwd, env, stdio: options.stdio ?? 'inherit' });
  options.onSpawn?.(child);
  // Ctrl-C reaches the child through the terminal; a SIGTERM sent to loopguard alone is passed on.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onTerm = forward('SIGTERM');
  process.on('SIGTERM', onTerm);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`loopguard trace: could not start \`${program}\`: ${error.message}`)));
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  }).finally(() => process.removeListener('SIGTERM', onTerm));

  const processes = readProcessTraces(rawDir);
  fs.rmSync(rawDir, { recursive: true, force: true });
  const trace: TraceFile = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    tool: options.tool ?? `loopguard-trace ${packageVersion()}`,
    startedAt,
    endedAt: new Date().toISOString(),
    cwd: options.cwd,
    command: [...options.command],
    sample,
    exitCode: code,
    processes,
  };
  fs.writeFileSync(out, JSON.stringify(trace));
  return { exitCode: code, signal, tracePath: out, trace };
}

function readProcessTraces(dir: string): ProcessTrace[] {
  const out: ProcessTrace[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      out.push(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as ProcessTrace);
    } catch {
      // A process killed while its first flush was being renamed into place left nothing usable.
    }
  }
  const blocked = (p: ProcessTrace) => p.sites.reduce((sum, s) => sum + s.totalMs, 0);
  return out.sort((a, b) => blocked(b) - blocked(a)).slice(0, MAX_PROCESSES);
}

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}
