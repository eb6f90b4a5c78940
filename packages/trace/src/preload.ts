/**
 * Loaded into every process that `loopguard trace` starts (`NODE_OPTIONS=--require .../preload.js`), and by
 * Node into each of their worker threads, before any of the program's own code. Does nothing unless the
 * runner set LOOPGUARD_TRACE_DIR, so that a stray NODE_OPTIONS never writes traces.
 */
import * as diagnostics from 'node:diagnostics_channel';
import * as net from 'node:net';
import { ENV } from './format';
import { install } from './instrument';
import { Recorder } from './recorder';

const dir = process.env[ENV.dir];
const state = globalThis as { __loopguardTrace?: Recorder };
if (dir && !state.__loopguardTrace) {
  const sample = Number(process.env[ENV.sample] ?? '1');
  const stallMs = Number(process.env[ENV.stallMs] ?? '20');
  const recorder = new Recorder({ dir, sample: sample > 0 && sample <= 1 ? sample : 1, stallMs: stallMs > 0 ? stallMs : 20 });
  state.__loopguardTrace = recorder;
  install(recorder, { sample: sample > 0 && sample <= 1 ? sample : 1 });
  recorder.start();

  // Serving begins when a server starts listening or the first request arrives; everything before is start-up.
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function listenTraced(this: net.Server, ...args: unknown[]) {
    this.once('listening', () => recorder.markServing());
    return Reflect.apply(listen, this, args) as net.Server;
  } as typeof listen;
  Object.defineProperty(net.Server.prototype.listen, 'name', { value: 'listen' });
  Object.defineProperty(net.Server.prototype.listen, 'length', { value: listen.length });
  diagnostics.subscribe('http.server.request.start', () => recorder.requestStarted());
  diagnostics.subscribe('http.server.response.finish', () => recorder.requestEnded());

  process.on('exit', () => recorder.stop());
  // A signal with no handler of the program's own kills the process without 'exit': write the trace, then
  // let the signal do what it would have done.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return;
      recorder.stop();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    if (process.listenerCount(signal) === 0 && (require('node:worker_threads') as typeof import('node:worker_threads')).isMainThread) process.on(signal, onSignal);
  }
}
