// The server process of one measured run. A fresh process runs each variant of each pattern so that no run
// inherits another's heap, JIT state or thread pool backlog. It is started by the runner (never by hand):
//   node --require tsx/cjs dist/server/pattern-server.js   with LOOPGUARD_FIXTURE=<ServerConfig as JSON>
// and prints one `LOOPGUARD_READY {"port":N}` line once it listens on 127.0.0.1.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cachedDir } from './cached';
import { STATS_FILE } from './stats-file';
import { startWatchdog } from './watchdog';

export interface ServerConfig {
  /** The pattern's blocking or fixed file; none for the no-op baseline. */
  readonly module?: string;
  readonly setup?: string;
  readonly params: Record<string, unknown>;
  readonly heartbeatMs: number;
  readonly tmpDir: string;
  /** Kept across the runs of one pattern, for `cached` setup data; the run's tmpDir when absent. */
  readonly cacheDir?: string;
  readonly upstreamUrl?: string;
}

/** What a pattern's `setup.ts` receives besides its params. */
export interface SetupTools {
  /** A directory for the pattern's data, removed after the run. */
  readonly tmpDir: string;
  /** The loopback upstream server, for patterns whose manifest asks for one. */
  readonly upstreamUrl?: string;
  /** Records a sample of the pattern's own measurement (`metric.name` in its manifest). */
  record(name: string, value: number): void;
  /**
   * A folder of read-only data that `build` fills, kept across the runs of the pattern (blocking and fixed
   * alike) so that slow setup is paid once: for data that no variant changes.
   */
  cached(name: string, build: (dir: string) => void): string;
}

const now = (): number => performance.timeOrigin + performance.now();

const MAX_SAMPLES = 200_000;

function push<T>(list: T[], item: T): void {
  if (list.length < MAX_SAMPLES) list.push(item);
}

async function main(): Promise<void> {
  startWatchdog();
  const raw = process.env.LOOPGUARD_FIXTURE;
  if (!raw) throw new Error('pattern-server: LOOPGUARD_FIXTURE is not set; this process is started by loopguard-impact');
  const config = JSON.parse(raw) as ServerConfig;

  const heartbeats: Array<[number, number]> = [];
  const elu: Array<[number, number, number]> = [];
  const calls: Array<[number, number]> = [];
  const runQueue: Array<[number, number]> = [];
  const records: Record<string, Array<[number, number]>> = {};
  const record = (name: string, value: number): void => {
    push((records[name] ??= []), [now(), value]);
  };

  let input: unknown = undefined;
  if (config.setup) {
    const mod = require(config.setup) as { setup?: (params: unknown, tools: SetupTools) => unknown };
    if (typeof mod.setup !== 'function') throw new Error(`${config.setup} must export a function named setup`);
    const tools: SetupTools = {
      tmpDir: config.tmpDir,
      record,
      cached: (name, build) => cachedDir(config.cacheDir ?? config.tmpDir, name, build),
      ...(config.upstreamUrl ? { upstreamUrl: config.upstreamUrl } : {}),
    };
    input = await mod.setup(config.params, tools);
  } else {
    input = { ...config.params, record };
  }

  let handle: (input: unknown) => Promise<unknown> = async () => 'noop';
  if (config.module) {
    const mod = require(config.module) as { handle?: (input: unknown) => Promise<unknown> };
    if (typeof mod.handle !== 'function') throw new Error(`${config.module} must export an async function named handle`);
    handle = mod.handle;
  }

  // The heartbeat: a timer that should fire every heartbeatMs. How late it fires is the stall that every other
  // callback on this loop (a timeout, a health check, a ticker) suffers at that moment.
  let expected = now() + config.heartbeatMs;
  const heartbeat = setInterval(() => {
    const t = now();
    push(heartbeats, [t, Math.max(0, t - expected)]);
    const u = performance.eventLoopUtilization();
    push(elu, [t, u.idle, u.active]);
    const waited = runQueueWaitMs();
    if (waited !== undefined) push(runQueue, [t, waited]);
    expected = t + config.heartbeatMs;
  }, config.heartbeatMs);

  let inFlight = 0;
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/ping') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('pong');
      return;
    }
    if (url === '/__stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ heartbeats, elu, calls, records, runQueue }));
      return;
    }
    if (url !== '/work') {
      res.writeHead(404).end();
      return;
    }
    inFlight++;
    const started = now();
    handle(input).then(
      (value) => {
        push(calls, [started, now() - started]);
        inFlight--;
        res.writeHead(200, { 'content-type': 'text/plain' }).end(summarise(value));
      },
      (error: unknown) => {
        inFlight--;
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String((error as Error)?.stack ?? error));
      },
    );
  });
  server.keepAliveTimeout = 30_000;

  // Graceful shutdown as a real server does it: stop accepting, close idle connections, exit. How long the
  // handler waits to start is the figure: a blocked loop cannot even run it.
  process.once('SIGTERM', () => {
    const at = now();
    // The samples leave with the shutdown: asking for them over HTTP first would wait out one more stall.
    fs.writeFileSync(path.join(config.tmpDir, STATS_FILE), JSON.stringify({ heartbeats, elu, calls, records, runQueue }));
    process.stdout.write(`LOOPGUARD_SIGTERM ${JSON.stringify({ at, inFlight })}\n`);
    clearInterval(heartbeat);
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });

  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`LOOPGUARD_READY ${JSON.stringify({ port, pid: process.pid, node: process.version })}\n`);
  });
}

let schedstat = true;
/**
 * How long this (the loop's) thread has waited on a run queue for a CPU, in ms: the second field of Linux's
 * schedstat. It is the machine's noise as this loop felt it, whatever the pattern itself does. Undefined elsewhere.
 */
function runQueueWaitMs(): number | undefined {
  if (!schedstat) return undefined;
  try {
    // A /proc read is served from kernel memory: microseconds, not disk I/O.
    const fields = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return Number(fields[1]) / 1e6;
  } catch {
    schedstat = false;
    return undefined;
  }
}

function summarise(value: unknown): string {
  if (value === undefined) return 'ok';
  if (typeof value === 'string') return value.length > 200 ? `${value.length} chars` : value;
  if (Buffer.isBuffer(value)) return `${value.length} bytes`;
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.length} chars of JSON` : text;
  } catch {
    return 'ok';
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`LOOPGUARD_FAILED ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
