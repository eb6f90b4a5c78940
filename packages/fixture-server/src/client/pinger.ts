// Sends `/ping` every intervalMs on a fixed schedule and times each from its *scheduled* send, so that a
// stall in the server cannot hide the pings it delayed (no coordinated omission). Runs in a worker thread of
// the client process, away from autocannon's loop.
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export interface PingerConfig {
  readonly port: number;
  /** Epoch ms of the first scheduled send. */
  readonly start: number;
  readonly intervalMs: number;
  readonly count: number;
  readonly timeoutMs: number;
}

export interface PingResult {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  /** Latency of each ping from its scheduled send; a failed ping counts as its timeout. */
  readonly latencies: number[];
}

const now = (): number => performance.timeOrigin + performance.now();

function run(config: PingerConfig): Promise<PingResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let done = 0;
  return new Promise((resolve) => {
    const finish = (): void => {
      done++;
      if (done === config.count) {
        agent.destroy();
        resolve({ sent: config.count, ok, failed, latencies });
      }
    };
    const send = (scheduled: number): void => {
      let settled = false;
      const settle = (success: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (success) {
          ok++;
          latencies.push(now() - scheduled);
        } else {
          failed++;
          latencies.push(config.timeoutMs);
        }
        finish();
      };
      const req = http.get({ host: '127.0.0.1', port: config.port, path: '/ping', agent }, (res) => {
        res.resume();
        res.on('end', () => settle(res.statusCode === 200));
        res.on('error', () => settle(false));
      });
      req.on('error', () => settle(false));
      const timer = setTimeout(() => {
        settle(false);
        req.destroy();
      }, Math.max(1, scheduled + config.timeoutMs - now()));
    };
    let i = 0;
    const tick = (): void => {
      // Send every ping whose time has come, even when this loop itself ran late.
      while (i < config.count && config.start + i * config.intervalMs <= now()) {
        send(config.start + i * config.intervalMs);
        i++;
      }
      if (i < config.count) setTimeout(tick, Math.max(0, config.start + i * config.intervalMs - now()));
    };
    tick();
  });
}

run(workerData as PingerConfig).then((result) => parentPort?.postMessage(result));
