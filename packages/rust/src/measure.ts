import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { JudgedFigure, RepPair } from '@loopguard/fixture-server';

/**
 * The verdict code is the fixture server's own, loaded only when a measurement runs: @loopguard/fixture-server is
 * an optional peer, so that installing the CLI or the language server (which use this package's analysis) never
 * builds the fixture server's native dependencies (better-sqlite3, deasync).
 */
function verdictCode(): typeof import('@loopguard/fixture-server') {
  try {
    return require('@loopguard/fixture-server') as typeof import('@loopguard/fixture-server');
  } catch (error) {
    throw new Error(
      `@loopguard/rust: measuring a Rust pattern needs @loopguard/fixture-server (npm install @loopguard/fixture-server): ${(error as Error).message}`,
    );
  }
}

// Measures the article's demonstration: a tokio task ticks every 10 ms and records its largest lag while the
// accept loop waits for connections that this harness sends on a fixed schedule; a second (tokio) listener answers
// the harness's pings, sent every 20 ms and timed from their scheduled send. The blocking variant accepts with
// std::net::TcpListener, the fixed one with tokio::net::TcpListener. The verdict is the fixture server's own
// (`decide` from @loopguard/fixture-server, its README "Verdict"): per-repetition ratios of the heartbeat max
// lag and of the ping p99 with a bootstrap interval, adaptive repetitions, verified / refuted / inconclusive.

export interface TickerRun {
  variant: 'blocking' | 'fixed';
  repetition: number;
  /** Largest gap between two ticks beyond the 10 ms period, including a stall still running at the end. */
  maxLagMs: number;
  ticks: number;
  accepted: number;
  connectErrors: number;
  pings: number;
  /** 99th percentile ping latency from the scheduled send; an unanswered ping counts with the time it waited. */
  pingP99Ms: number;
  pingFailed: number;
  wallMs: number;
  /**
   * Share of the run that the program's main thread waited for a CPU (Linux run-queue wait, /proc/<pid>/schedstat):
   * the machine's noise. Absent where schedstat is not readable.
   */
  noiseShare?: number;
  pid?: number;
  error?: string;
}

export interface TickerMeasurement {
  pattern: string;
  durationMs: number;
  connectEveryMs: number;
  pingEveryMs: number;
  runs: TickerRun[];
  blocking: { maxLagMs: number; pingP99Ms: number; ticks: number };
  fixed: { maxLagMs: number; pingP99Ms: number; ticks: number; errors: number };
  /** Geometric means of the per-repetition blocking / fixed ratios; fixed figures are floored at 1 ms (tokio's timer resolution). */
  ratio: number;
  pingRatio: number;
  /** The bootstrap intervals of those ratios. */
  ratioInterval: [number, number];
  pingRatioInterval: [number, number];
  /** The fixture server's verdict (its VerdictName), spelled out so that these declarations need no optional peer. */
  verdict: 'verified' | 'refuted' | 'inconclusive';
  reason: string;
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
  /** The ping schedule. Default every 20 ms. */
  pingEveryMs?: number;
  /** A fixed number of blocking/fixed pairs; default adaptive, as the fixture server does (VERDICT.minReps to maxReps). */
  repetitions?: number;
  /** Hard limit for one run; the child is killed after it. Default durationMs + 10 s. */
  runTimeoutMs?: number;
  onProgress?: (run: TickerRun) => void;
}

const PING_TIMEOUT_MS = 2000;
/** No ping is sent in the last 250 ms of the accept loop: the program exits right after it, answering or not. */
const PING_GUARD_MS = 250;

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

const FIGURES: JudgedFigure[] = [
  { id: 'heartbeat', label: 'heartbeat max lag', floor: 1 },
  { id: 'ping', label: 'ping p99', floor: 1 },
];

/** The fixture server's verdict on the runs so far (pairs by repetition); `more` says another repetition could decide it. */
export function tickerVerdict(runs: readonly TickerRun[]): Pick<TickerMeasurement, 'ratio' | 'pingRatio' | 'ratioInterval' | 'pingRatioInterval' | 'verdict' | 'reason'> & { more: boolean } {
  const ok = (v: TickerRun['variant']): TickerRun[] => runs.filter((r) => r.variant === v && r.error === undefined);
  const pairs: RepPair[] = [];
  for (const b of ok('blocking')) {
    const f = ok('fixed').find((r) => r.repetition === b.repetition);
    if (f) pairs.push({ blocking: { heartbeat: b.maxLagMs, ping: b.pingP99Ms }, fixed: { heartbeat: f.maxLagMs, ping: f.pingP99Ms } });
  }
  const fixedRuns = runs.filter((r) => r.variant === 'fixed');
  const noise = ok('fixed').map((r) => r.noiseShare).filter((v): v is number => v !== undefined);
  const d = verdictCode().decide({
    figures: FIGURES,
    pairs,
    ...(ok('blocking').length > 0 ? { blockingStallMs: verdictCode().median(ok('blocking').map((r) => r.maxLagMs)) } : {}),
    ...(noise.length > 0 ? { fixedNoiseShare: verdictCode().median(noise) } : {}),
    // A fixed program that cannot accept or answer is broken, not noisy.
    fixedErrors: fixedRuns.reduce((n, r) => n + r.connectErrors + r.pingFailed + (r.error ? 1 : 0), 0),
  });
  const hb = d.ratios.heartbeat!;
  const ping = d.ratios.ping!;
  return {
    ratio: hb.estimate, pingRatio: ping.estimate, ratioInterval: [hb.low, hb.high], pingRatioInterval: [ping.low, ping.high],
    verdict: d.verdict, reason: d.reason, more: d.more,
  };
}

export async function measureRustTicker(options: MeasureRustTickerOptions): Promise<TickerMeasurement> {
  const durationMs = options.durationMs ?? 1500;
  const connectEveryMs = options.connectEveryMs ?? 100;
  const pingEveryMs = options.pingEveryMs ?? 20;
  const maxReps = options.repetitions ?? verdictCode().VERDICT.maxReps;
  const minReps = options.repetitions ?? verdictCode().VERDICT.minReps;
  const runs: TickerRun[] = [];
  for (let rep = 1; rep <= maxReps; rep++) {
    if (rep > minReps && !tickerVerdict(runs).more) break;
    for (const variant of ['blocking', 'fixed'] as const) {
      const binary = variant === 'blocking' ? options.blockingBinary : options.fixedBinary;
      const schedule = { durationMs, connectEveryMs, pingEveryMs, timeoutMs: options.runTimeoutMs ?? durationMs + 10_000 };
      const run = await runOnce(binary, variant, rep, schedule);
      runs.push(run);
      options.onProgress?.(run);
    }
  }
  const of = (v: TickerRun['variant']) => runs.filter((r) => r.variant === v && r.error === undefined);
  const summary = (v: TickerRun['variant']) => ({
    maxLagMs: verdictCode().median(of(v).map((r) => r.maxLagMs)),
    pingP99Ms: verdictCode().median(of(v).map((r) => r.pingP99Ms)),
    ticks: verdictCode().median(of(v).map((r) => r.ticks)),
  });
  const blocking = summary('blocking');
  const fixedErrors = runs.filter((r) => r.variant === 'fixed').reduce((n, r) => n + r.connectErrors + r.pingFailed + (r.error ? 1 : 0), 0);
  const fixed = { ...summary('fixed'), errors: fixedErrors };
  const { more: _more, ...verdict } = tickerVerdict(runs);
  return { pattern: options.pattern, durationMs, connectEveryMs, pingEveryMs, runs, blocking, fixed, ...verdict };
}

interface Schedule {
  durationMs: number;
  connectEveryMs: number;
  pingEveryMs: number;
  timeoutMs: number;
}

function runOnce(binary: string, variant: TickerRun['variant'], repetition: number, plan: Schedule): Promise<TickerRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const run: TickerRun = {
      variant, repetition, maxLagMs: Number.NaN, ticks: 0, accepted: 0, connectErrors: 0, pings: 0, pingP99Ms: Number.NaN,
      pingFailed: 0, wallMs: 0,
    };
    const child = spawn(binary, [String(plan.durationMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    run.pid = child.pid;
    let out = '';
    let err = '';
    let stopped = false;
    const timers = new Set<NodeJS.Timeout>();
    const sockets = new Set<Socket>();
    const latencies: number[] = [];
    /** Pings sent and not answered yet, with their scheduled send times. */
    const pending = new Map<Socket, number>();

    // The main thread's run-queue wait, sampled while the program lives (it exits by itself at the end).
    let firstWait: [number, number] | undefined;
    let lastWait: [number, number] | undefined;
    const sampleWait = (): void => {
      try {
        // A kernel counter in procfs, read in microseconds by the measuring harness (not by the program measured).
        // eslint-disable-next-line loopguard/no-blocking-io
        const waited = Number(readFileSync(`/proc/${child.pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
        lastWait = [Date.now(), waited];
        firstWait ??= lastWait;
      } catch {
        // Gone, or not Linux: the noise stays unknown.
      }
    };
    const waitSampler = setInterval(sampleWait, 100);

    const finish = (error?: string): void => {
      if (stopped) return;
      stopped = true;
      clearInterval(waitSampler);
      if (firstWait && lastWait && lastWait[0] > firstWait[0]) run.noiseShare = (lastWait[1] - firstWait[1]) / (lastWait[0] - firstWait[0]);
      for (const t of timers) clearTimeout(t);
      clearTimeout(limit);
      // A ping still unanswered when the run ends failed, after waiting all that time.
      for (const at of pending.values()) {
        latencies.push(Date.now() - at);
        run.pingFailed += 1;
      }
      pending.clear();
      for (const s of sockets) s.destroy();
      run.wallMs = Date.now() - started;
      run.pings = latencies.length;
      run.pingP99Ms = verdictCode().percentile(latencies, 99);
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
    const limit = setTimeout(() => finish(`${binary} did not finish within ${plan.timeoutMs} ms (killed)`), plan.timeoutMs);
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish(e.code === 'ENOENT' ? `${binary} does not exist: build fixtures/rust first (cargo build --offline)` : `cannot run ${binary}: ${e.message}`),
    );
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code, signal) => {
      if (stopped) return;
      // Let stdout drain before reading the figures.
      setImmediate(() => finish(code === 0 ? undefined : `${binary} exited with ${signal ?? code}${err ? `: ${err.trim().slice(0, 300)}` : ''}`));
    });
    let begun = false;
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const accept = /^listening (\d+)$/m.exec(out);
      const ping = /^ping (\d+)$/m.exec(out);
      if (!begun && accept && ping) {
        begun = true;
        const t0 = Date.now();
        every(t0, plan.connectEveryMs, () => connectOnce(Number(accept[1])));
        every(t0, plan.pingEveryMs, (at) => {
          if (at < t0 + plan.durationMs - PING_GUARD_MS) pingOnce(Number(ping[1]), at);
        });
      }
    });

    /** Calls `fn` on a fixed schedule from t0, whatever the program does (no waiting for answers). */
    const every = (t0: number, periodMs: number, fn: (scheduledAt: number) => void): void => {
      let n = 0;
      const tick = (): void => {
        if (stopped) return;
        fn(t0 + n * periodMs);
        n += 1;
        const t = setTimeout(() => { timers.delete(t); tick(); }, Math.max(0, t0 + n * periodMs - Date.now()));
        timers.add(t);
      };
      tick();
    };

    const connectOnce = (port: number): void => {
      const s = connect({ host: '127.0.0.1', port });
      sockets.add(s);
      s.setTimeout(PING_TIMEOUT_MS, () => { run.connectErrors += 1; s.destroy(); });
      s.on('connect', () => { s.destroy(); });
      s.on('error', () => { if (!stopped) run.connectErrors += 1; });
      s.on('close', () => sockets.delete(s));
    };

    const pingOnce = (port: number, scheduledAt: number): void => {
      const s = connect({ host: '127.0.0.1', port });
      sockets.add(s);
      pending.set(s, scheduledAt);
      const settle = (ok: boolean): void => {
        if (stopped || !pending.has(s)) return;
        pending.delete(s);
        latencies.push(Date.now() - scheduledAt);
        if (!ok) run.pingFailed += 1;
        s.destroy();
      };
      s.setTimeout(PING_TIMEOUT_MS, () => settle(false));
      s.on('data', () => settle(true));
      s.on('error', () => settle(false));
      s.on('close', () => { settle(false); sockets.delete(s); });
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
