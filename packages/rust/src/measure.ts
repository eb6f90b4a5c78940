import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Measures the article's demonstration: a tokio task ticks every 10 ms and records its largest lag while the
// accept loop waits for connections that this harness sends on a fixed schedule. The blocking variant accepts
// with std::net::TcpListener, the fixed one with tokio::net::TcpListener. Verdict as for the TypeScript patterns
// (issue 5): blocking/fixed ratio of the heartbeat max lag >= 5, blocking max >= 50 ms, no error in the fixed run;
// blocking and fixed runs interleave, 3 repetitions, medians.

export interface TickerRun {
  variant: 'blocking' | 'fixed';
  repetition: number;
  /** Largest gap between two ticks beyond the 10 ms period, including a stall still running at the end. */
  maxLagMs: number;
  ticks: number;
  accepted: number;
  connectErrors: number;
  wallMs: number;
  pid?: number;
  error?: string;
}

export interface TickerMeasurement {
  pattern: string;
  durationMs: number;
  connectEveryMs: number;
  runs: TickerRun[];
  blocking: { maxLagMs: number; ticks: number };
  fixed: { maxLagMs: number; ticks: number; errors: number };
  /** blocking / fixed median max lag; the fixed lag is floored at 1 ms (tokio's timer resolution). */
  ratio: number;
  verdict: 'verified' | 'not verified';
  reasons: string[];
}

export interface MeasureRustTickerOptions {
  /** A short name for reports, e.g. `rust/ticker-current-thread`. */
  pattern: string;
  blockingBinary: string;
  fixedBinary: string;
  /** How long each run's accept loop runs. Default 1500 ms. */
  durationMs?: number;
  /** The client's fixed connection schedule. Default every 100 ms. */
  connectEveryMs?: number;
  repetitions?: number;
  /** Hard limit for one run; the child is killed after it. Default durationMs + 10 s. */
  runTimeoutMs?: number;
  onProgress?: (run: TickerRun) => void;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Children never outlive the harness, also on Ctrl-C.
    process.on('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function tickerVerdict(blockingMaxLagMs: number, fixedMaxLagMs: number, fixedErrors: number): Pick<TickerMeasurement, 'ratio' | 'verdict' | 'reasons'> {
  const ratio = blockingMaxLagMs / Math.max(fixedMaxLagMs, 1);
  const reasons: string[] = [];
  if (!(ratio >= 5)) reasons.push(`heartbeat lag ratio ${ratio.toFixed(1)} < 5`);
  if (!(blockingMaxLagMs >= 50)) reasons.push(`blocking heartbeat max ${blockingMaxLagMs.toFixed(1)} ms < 50 ms`);
  if (fixedErrors > 0) reasons.push(`${fixedErrors} error(s) in the fixed runs`);
  return { ratio, verdict: reasons.length === 0 ? 'verified' : 'not verified', reasons };
}

export async function measureRustTicker(options: MeasureRustTickerOptions): Promise<TickerMeasurement> {
  const durationMs = options.durationMs ?? 1500;
  const connectEveryMs = options.connectEveryMs ?? 100;
  const repetitions = options.repetitions ?? 3;
  const runs: TickerRun[] = [];
  for (let rep = 1; rep <= repetitions; rep++) {
    for (const variant of ['blocking', 'fixed'] as const) {
      const binary = variant === 'blocking' ? options.blockingBinary : options.fixedBinary;
      const run = await runOnce(binary, variant, rep, durationMs, connectEveryMs, options.runTimeoutMs ?? durationMs + 10_000);
      runs.push(run);
      options.onProgress?.(run);
    }
  }
  const of = (v: TickerRun['variant']) => runs.filter((r) => r.variant === v && r.error === undefined);
  const blocking = { maxLagMs: median(of('blocking').map((r) => r.maxLagMs)), ticks: median(of('blocking').map((r) => r.ticks)) };
  const fixedErrors = runs.filter((r) => r.variant === 'fixed').reduce((n, r) => n + r.connectErrors + (r.error ? 1 : 0), 0);
  const fixed = { maxLagMs: median(of('fixed').map((r) => r.maxLagMs)), ticks: median(of('fixed').map((r) => r.ticks)), errors: fixedErrors };
  return { pattern: options.pattern, durationMs, connectEveryMs, runs, blocking, fixed, ...tickerVerdict(blocking.maxLagMs, fixed.maxLagMs, fixedErrors) };
}

function runOnce(
  binary: string, variant: TickerRun['variant'], repetition: number, durationMs: number, connectEveryMs: number, timeoutMs: number,
): Promise<TickerRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const run: TickerRun = { variant, repetition, maxLagMs: Number.NaN, ticks: 0, accepted: 0, connectErrors: 0, wallMs: 0 };
    if (!existsSync(binary)) {
      resolve({ ...run, error: `${binary} does not exist: build fixtures/rust first (cargo build --offline)` });
      return;
    }
    const child = spawn(binary, [String(durationMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    run.pid = child.pid;
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const sockets = new Set<ReturnType<typeof connect>>();
    const finish = (error?: string): void => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      clearTimeout(limit);
      for (const s of sockets) s.destroy();
      run.wallMs = Date.now() - started;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && !error) {
        try {
          const figures = JSON.parse(line) as { ticks: number; maxLagMs: number; accepted: number };
          Object.assign(run, { ticks: figures.ticks, maxLagMs: figures.maxLagMs, accepted: figures.accepted });
        } catch {
          error = `unreadable figures from ${binary}: ${line}`;
        }
      } else if (!error) {
        error = `${binary} printed no figures${err ? `: ${err.trim().slice(0, 300)}` : ''}`;
      }
      const result = error ? { ...run, error } : run;
      // Resolve only once the child is gone (reaped), so that no run outlives its measurement.
      if (child.exitCode === null && child.signalCode === null) {
        child.once('exit', () => resolve(result));
        child.kill('SIGKILL');
      } else {
        resolve(result);
      }
    };
    const limit = setTimeout(() => finish(`${binary} did not finish within ${timeoutMs} ms (killed)`), timeoutMs);
    child.on('error', (e) => finish(`cannot run ${binary}: ${e.message}`));
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code, signal) => {
      if (stopped) return;
      // Let stdout drain before reading the figures.
      setImmediate(() => finish(code === 0 ? undefined : `${binary} exited with ${signal ?? code}${err ? `: ${err.trim().slice(0, 300)}` : ''}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      const before = out;
      out += d.toString();
      const m = /^listening (\d+)$/m.exec(out);
      if (m && !/^listening \d+$/m.test(before)) schedule(Number(m[1]));
    });

    // Connections on a fixed schedule from the moment the program listens, whatever the program does.
    const schedule = (port: number): void => {
      const t0 = Date.now();
      let n = 0;
      const tick = (): void => {
        if (stopped) return;
        n += 1;
        const s = connect({ host: '127.0.0.1', port });
        sockets.add(s);
        s.setTimeout(2000, () => { run.connectErrors += 1; s.destroy(); });
        s.on('connect', () => { s.destroy(); });
        s.on('error', () => { if (!stopped) run.connectErrors += 1; });
        s.on('close', () => sockets.delete(s));
        timer = setTimeout(tick, Math.max(0, t0 + n * connectEveryMs - Date.now()));
      };
      tick();
    };
  });
}

/** cargo from PATH, rustup's default place, or Debian's package. */
export function findCargo(): string | undefined {
  const candidates = [process.env.CARGO, 'cargo', join(homedir(), '.cargo/bin/cargo'), '/usr/bin/cargo'].filter(Boolean) as string[];
  for (const c of candidates) {
    const r = spawnSync(c, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return c;
  }
  return undefined;
}

/**
 * Builds the Cargo workspace at `dir` offline (against Debian's crates, see its .cargo/config.toml) and returns the
 * folder of its debug binaries. Cargo's incremental state makes a second call cheap.
 */
export function buildRustFixtures(dir: string, timeoutMs = 15 * 60_000): Promise<string> {
  const cargo = findCargo();
  if (!cargo) {
    return Promise.reject(new Error('loopguard: no cargo found (PATH, ~/.cargo/bin, /usr/bin); run scripts/ci/50-rust.sh or install cargo'));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(cargo, ['build', '--offline', '--bins', '--quiet'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    const limit = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(limit); reject(e); });
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      if (code === 0) resolve(join(process.env.CARGO_TARGET_DIR ?? join(dir, 'target'), 'debug'));
      else reject(new Error(`cargo build in ${dir} failed (${signal ?? code}); is librust-tokio-dev installed (scripts/ci/50-rust.sh)?\n${output.slice(-4000)}`));
    });
  });
}
