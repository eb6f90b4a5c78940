import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PATTERNS_DIR, listPatterns, loadPattern } from './patterns';
import { runImpact, type ImpactOptions } from './run/impact';
import { renderTable, terminalReporter } from './report/table';

const USAGE = `Usage: loopguard-impact [pattern...] [options]

Runs each fixture pattern's blocking code and its fix under load on 127.0.0.1 and measures the event-loop
stall. Without patterns: all of them, plus the concurrency sweep. Writes impact.json and impact.html.

Options:
  --list                   list the patterns and exit
  --out <dir>              where impact.json and impact.html go (default: ./loopguard-impact)
  --patterns-dir <dir>     the patterns folder (default: the ones shipped in this package; fixtures/patterns in a clone)
  --warmup <ms>            warm-up per run (default: fitted to --budget, at most 2000)
  --duration <ms>          measured window per run (default: fitted to --budget, at most 5000)
  --budget <s>             time budget used to fit the durations (default: 300 for all patterns, 30 a pattern)
  --reps <n>               a fixed number of interleaved blocking/fixed pairs (default: adaptive, 2 to 4)
  --connections <n>        concurrent /work connections (default: 10)
  --sweep <list>           concurrency levels of the sweep, e.g. 1,5,10,25; --no-sweep for none
  --noise-threshold <ms>   the no-op baseline's heartbeat max must stay under this (default: 20)
  --force                  measure even when the baseline is too noisy (the report says so)
  --strict                 exit 1 when a measured pattern is refuted or inconclusive
  --help                   this text

Exit status: 0 when the run completed, 1 with --strict and a pattern refuted or inconclusive, 2 for a usage error,
3 when the machine was too noisy to measure.`;

function int(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`loopguard-impact: --${option} must be a non-negative number, not "${value}"`);
  return n;
}

export async function main(argv: readonly string[]): Promise<number> {
  // `loopguard-impact --list | head`: a closed pipe ends the listing, not the process with a stack trace.
  process.stdout.once('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        list: { type: 'boolean' },
        out: { type: 'string' },
        'patterns-dir': { type: 'string' },
        warmup: { type: 'string' },
        duration: { type: 'string' },
        budget: { type: 'string' },
        reps: { type: 'string' },
        connections: { type: 'string' },
        sweep: { type: 'string' },
        'no-sweep': { type: 'boolean' },
        'noise-threshold': { type: 'string' },
        force: { type: 'boolean' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const patternsDir = values['patterns-dir'] ? path.resolve(values['patterns-dir']) : DEFAULT_PATTERNS_DIR;
  try {
    if (values.list) {
      for (const id of listPatterns(patternsDir)) {
        const p = loadPattern(id, patternsDir);
        process.stdout.write(`${id.padEnd(28)} ${p.kind.padEnd(14)} ${p.title}\n`);
      }
      return 0;
    }
    for (const id of positionals) loadPattern(id, patternsDir);
    const sweep = values['no-sweep']
      ? false
      : values.sweep
        ? values.sweep.split(',').map((s) => {
            const n = int(s.trim(), 'sweep');
            if (!n) throw new Error(`loopguard-impact: --sweep takes connection counts above 0, like 1,5,10,25; not "${values.sweep}"`);
            return n;
          })
        : undefined;
    const budget = int(values.budget, 'budget');
    const options: ImpactOptions = {
      patterns: positionals,
      patternsDir,
      outDir: path.resolve(values.out ?? 'loopguard-impact'),
      ...(values.warmup !== undefined ? { warmupMs: int(values.warmup, 'warmup') } : {}),
      ...(values.duration !== undefined ? { durationMs: int(values.duration, 'duration') } : {}),
      ...(budget !== undefined ? { budgetMs: budget * 1000 } : {}),
      ...(values.reps !== undefined ? { reps: Math.max(1, Math.round(int(values.reps, 'reps') ?? 3)) } : {}),
      ...(values.connections !== undefined ? { connections: Math.max(1, Math.round(int(values.connections, 'connections') ?? 10)) } : {}),
      ...(sweep !== undefined ? { sweep } : {}),
      ...(values['noise-threshold'] !== undefined ? { noiseThresholdMs: int(values['noise-threshold'], 'noise-threshold') } : {}),
      force: Boolean(values.force),
      reporter: terminalReporter(),
    };
    const report = await runImpact(options);
    process.stdout.write(`${renderTable(report)}\n`);
    if (options.outDir) process.stdout.write(`wrote ${path.join(options.outDir, 'impact.json')} and impact.html\n`);
    if (report.aborted) return 3;
    if (values.strict && report.patterns.some((p) => p.verdict === 'refuted' || p.verdict === 'inconclusive')) return 1;
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
}
