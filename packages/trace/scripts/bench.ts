/**
 * What the instrumentation costs: `pnpm --filter @loopguard/trace bench` (after `pnpm build`). Run it on a quiet
 * machine; figures from a shared one are noise. Prints a Markdown section for BENCHMARKS.md.
 *
 * 1. Micro: a sync-heavy loop (statSync, readFileSync of 1 KB, existsSync, gzipSync of 1 KB) in a fresh process,
 *    plain, traced, and traced with --sample 0.1; ns per call, median of --rounds.
 * 2. The example app under autocannon (GET /users/1: SQLite, a flags file, a template), plain and traced:
 *    requests per second and p99 latency, median of --rounds.
 * `--out <file>` also writes the section to a file; `--rounds`, `--calls`, `--seconds` size the runs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { median } from '@loopguard/fixture-server';
import { nodeOptionsWithPreload, runTraced } from '../src';
import { prepareExampleApp } from '../tests/helpers/example-app';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, calls: { type: 'string', default: '200000' }, seconds: { type: 'string', default: '10' }, out: { type: 'string' } } });
const rounds = Number(values.rounds);
const calls = Number(values.calls);
const seconds = Number(values.seconds);

const MICRO = `
const fs = require('fs'), zlib = require('zlib');
const file = process.argv[2], n = Number(process.argv[3]);
const body = Buffer.alloc(1024, 1);
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) { fs.statSync(file); fs.readFileSync(file); fs.existsSync(file); if (i % 10 === 0) zlib.gzipSync(body); }
const ns = Number(process.hrtime.bigint() - t0);
console.log(ns / (n * 3.1));
`;

function micro(env: NodeJS.ProcessEnv, dir: string): number {
  const out = execFileSync(process.execPath, [path.join(dir, 'micro.js'), path.join(dir, 'data.bin'), String(calls)], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return Number(out.trim());
}

async function appRun(traced: boolean): Promise<{ rps: number; p99: number }> {
  const app = await prepareExampleApp();
  let result: autocannon.Result | undefined;
  const command = [process.execPath, app.entry];
  const drive = (child: import('node:child_process').ChildProcess): Promise<void> =>
    new Promise((resolve) => {
      child.stdout?.on('data', (d: Buffer) => {
        if (!result && String(d).includes('listening on')) {
          void autocannon({ url: `http://127.0.0.1:${app.port}/users/1`, connections: 10, duration: seconds }).then((r) => {
            result = r;
            child.kill('SIGTERM');
            resolve();
          });
        }
      });
    });
  if (traced) {
    let driving: Promise<void> | undefined;
    await runTraced({ command, cwd: app.root, env: app.env, stdio: 'pipe', onSpawn: (c) => (driving = drive(c)) });
    await driving;
  } else {
    const { spawn } = await import('node:child_process');
    const child = spawn(command[0]!, command.slice(1), { cwd: app.root, env: { ...process.env, ...app.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    await drive(child);
  }
  fs.rmSync(app.root, { recursive: true, force: true });
  return { rps: result!.requests.average, p99: result!.latency.p99 };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-trace-bench-'));
  fs.writeFileSync(path.join(dir, 'micro.js'), MICRO);
  fs.writeFileSync(path.join(dir, 'data.bin'), Buffer.alloc(1024, 7));
  const traceEnv = (sample: number) => ({ NODE_OPTIONS: nodeOptionsWithPreload(process.env.NODE_OPTIONS), LOOPGUARD_TRACE_DIR: path.join(dir, 'raw'), LOOPGUARD_TRACE_SAMPLE: String(sample) });
  const plain: number[] = [];
  const traced: number[] = [];
  const sampled: number[] = [];
  for (let r = 0; r < rounds; r++) {
    plain.push(micro({}, dir));
    traced.push(micro(traceEnv(1), dir));
    sampled.push(micro(traceEnv(0.1), dir));
  }
  const app = { plain: [] as Array<{ rps: number; p99: number }>, traced: [] as Array<{ rps: number; p99: number }> };
  for (let r = 0; r < rounds; r++) {
    app.plain.push(await appRun(false));
    app.traced.push(await appRun(true));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const m = (xs: number[]) => Math.round(median(xs));
  const load = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const section = `## loopguard trace overhead

${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average at the end ${load}; median of ${rounds} rounds.

| micro-benchmark (${calls} iterations of statSync + readFileSync 1 KB + existsSync, gzipSync 1 KB every 10th) | ns per call |
|---|---|
| plain | ${m(plain)} |
| traced | ${m(traced)} (×${(median(traced) / median(plain)).toFixed(2)}) |
| traced, --sample 0.1 | ${m(sampled)} (×${(median(sampled) / median(plain)).toFixed(2)}) |

| example app, GET /users/1, 10 connections, ${seconds} s | requests/s | p99 latency |
|---|---|---|
| plain | ${m(app.plain.map((a) => a.rps))} | ${m(app.plain.map((a) => a.p99))} ms |
| traced | ${m(app.traced.map((a) => a.rps))} | ${m(app.traced.map((a) => a.p99))} ms |
`;
  process.stdout.write(section);
  // BENCHMARKS.md is written by packages/benchmarks: this section is pasted into it, or kept in a file for that.
  if (values.out) fs.writeFileSync(values.out, section);
}

void main();
