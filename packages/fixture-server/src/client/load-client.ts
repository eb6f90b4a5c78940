// The client process of one measured run: autocannon drives `/work` with N concurrent connections while a
// worker thread sends `/ping` on a fixed schedule. It runs apart from the server so that the load generator
// never competes with the loop it measures. Started by the runner with LOOPGUARD_CLIENT=<ClientConfig as JSON>;
// prints `LOOPGUARD_MEASURED {...}` after the measured window, then keeps the load on (the tail) until it is
// killed, so that the runner can send SIGTERM to a server under load.
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { startWatchdog } from '../server/watchdog';
import autocannon = require('autocannon');
import type { PingResult, PingerConfig } from './pinger';

export interface ClientConfig {
  readonly port: number;
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly workTimeoutMs: number;
  /** Load after the window, while the runner sends SIGTERM; ends by itself after this long. */
  readonly tailMs: number;
}

export interface ClientResult {
  readonly windowStart: number;
  readonly windowMs: number;
  readonly ping: PingResult;
  readonly work: { requests: number; errors: number; timeouts: number; non2xx: number; rps: number; p50Ms: number; p99Ms: number };
}

const now = (): number => performance.timeOrigin + performance.now();

function load(config: ClientConfig, ms: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${config.port}/work`,
        connections: config.connections,
        duration: ms / 1000,
        timeout: Math.max(1, Math.round(config.workTimeoutMs / 1000)),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function main(): Promise<void> {
  startWatchdog();
  const raw = process.env.LOOPGUARD_CLIENT;
  if (!raw) throw new Error('load-client: LOOPGUARD_CLIENT is not set; this process is started by loopguard-impact');
  const config = JSON.parse(raw) as ClientConfig;

  if (config.warmupMs > 0) await load(config, config.warmupMs);

  const windowStart = now();
  const pingerConfig: PingerConfig = {
    port: config.port,
    start: windowStart,
    intervalMs: config.pingIntervalMs,
    count: Math.max(1, Math.floor(config.durationMs / config.pingIntervalMs)),
    timeoutMs: config.pingTimeoutMs,
  };
  const pinger = new Worker(path.join(__dirname, 'pinger.js'), { workerData: pingerConfig });
  const pings = new Promise<PingResult>((resolve, reject) => {
    pinger.once('message', resolve);
    pinger.once('error', reject);
  });
  const work = await load(config, config.durationMs);
  const windowMs = now() - windowStart;
  // The tail starts at once, so that the server is still under load when the runner sends SIGTERM.
  const tail = config.tailMs > 0 ? load(config, config.tailMs).catch(() => undefined) : undefined;
  const ping = await pings;
  await pinger.terminate();

  const result: ClientResult = {
    windowStart,
    windowMs,
    ping,
    work: {
      requests: work.requests.total,
      errors: work.errors,
      timeouts: work.timeouts,
      non2xx: work.non2xx,
      rps: work.requests.average,
      p50Ms: work.latency.p50,
      p99Ms: work.latency.p99,
    },
  };
  process.stdout.write(`LOOPGUARD_MEASURED ${JSON.stringify(result)}\n`);
  await tail;
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`LOOPGUARD_FAILED ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
