/**
 * Runs lint configurations on corpora, each run in a fresh child process, in interleaved rounds: every round
 * runs every (corpus, configuration) pair once, in an order rotated from round to round, so that a slow
 * minute on a shared machine hits all configurations alike. Figures are medians over the rounds, and ratios
 * are medians of the per-round ratios (each ratio pairs runs made minutes apart, not a whole run apart).
 */
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ConfigId } from './configs';
import { PACKAGE_DIR, type Corpus } from './corpora';
import { median } from './stats';
import { RESULT_MARKER, type WorkerJob, type WorkerResult } from './worker';

export interface Sample extends WorkerResult {
  readonly corpus: string;
  readonly round: number;
  /** Wall time of the whole child process, start-up included. */
  readonly processMs: number;
}

export interface Plan {
  readonly corpora: readonly Corpus[];
  readonly configs: readonly ConfigId[];
  readonly rounds: number;
  /** Child processes at once. 1 keeps runs from competing with each other. */
  readonly jobs: number;
  readonly onSample?: (sample: Sample, done: number, total: number) => void;
  readonly onRetry?: (what: string, error: Error) => void;
}

// The built worker, also when the harness itself runs from sources (tests under tsx): runs must not pay
// for compiling TypeScript on the fly.
const WORKER = path.join(PACKAGE_DIR, 'dist', 'worker.js');

export async function runPlan(plan: Plan): Promise<Sample[]> {
  const tasks: Array<{ corpus: Corpus; config: ConfigId; round: number }> = [];
  for (let round = 0; round < plan.rounds; round++) {
    for (const corpus of plan.corpora) {
      const n = plan.configs.length;
      for (let i = 0; i < n; i++) tasks.push({ corpus, config: plan.configs[(i + round) % n] as ConfigId, round });
    }
  }
  await fsp.access(WORKER).catch(() => {
    throw new Error(`${WORKER} does not exist: build the benchmark first (\`pnpm build\` at the repository root)`);
  });
  const samples: Sample[] = [];
  let next = 0;
  {
    const lane = async (): Promise<void> => {
      while (next < tasks.length) {
        const task = tasks[next++] as (typeof tasks)[number];
        const job: WorkerJob = { config: task.config, cwd: task.corpus.dir, jsSourceType: task.corpus.jsSourceType, files: task.corpus.files };
        const jobText = JSON.stringify(job);
        const what = `${task.config} on ${task.corpus.id}`;
        let start = performance.now();
        let result: WorkerResult;
        try {
          result = await runWorker(jobText, what);
        } catch (error) {
          // Once more: in a shared working tree a package can be rebuilt under a running benchmark.
          plan.onRetry?.(what, error as Error);
          start = performance.now();
          result = await runWorker(jobText, what);
        }
        const sample: Sample = { ...result, corpus: task.corpus.id, round: task.round, processMs: performance.now() - start };
        samples.push(sample);
        plan.onSample?.(sample, samples.length, tasks.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, plan.jobs) }, () => lane()));
  }
  return samples;
}

/** The job goes in on stdin: no temporary file that a clean-up of the temporary folder could remove mid-run. */
function runWorker(jobText: string, what: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', WORKER, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(jobText);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) {
        reject(new Error(`benchmark run ${what} failed (exit ${code}):\n${stderr.trim().split('\n').slice(0, 12).join('\n')}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as WorkerResult);
    });
  });
}

export interface ConfigSummary {
  readonly corpus: string;
  readonly config: ConfigId;
  readonly runs: number;
  /** Medians over the rounds. */
  readonly cpuMs: number;
  readonly lintMs: number;
  readonly maxRssMiB: number;
  readonly minCpuMs: number;
  readonly maxCpuMs: number;
  readonly findings: WorkerResult['findings'];
  readonly filesWithFindings: WorkerResult['filesWithFindings'];
  readonly files: number;
  readonly fatal: WorkerResult['fatal'];
}

export function summarize(samples: readonly Sample[]): ConfigSummary[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${s.corpus}\0${s.config}`;
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  return [...groups.values()].map((list) => {
    const first = list[0] as Sample;
    const cpu = list.map((s) => s.cpuMs);
    return {
      corpus: first.corpus,
      config: first.config,
      runs: list.length,
      cpuMs: median(cpu),
      lintMs: median(list.map((s) => s.lintMs)),
      maxRssMiB: median(list.map((s) => s.maxRssMiB)),
      minCpuMs: Math.min(...cpu),
      maxCpuMs: Math.max(...cpu),
      findings: first.findings,
      filesWithFindings: first.filesWithFindings,
      files: first.files,
      fatal: first.fatal,
    };
  });
}

export type Metric = 'cpuMs' | 'lintMs';

/** Median over the rounds of `metric(config) / metric(baseline)` on one corpus; undefined without pairs. */
export function pairedRatio(samples: readonly Sample[], corpus: string, config: ConfigId, baseline: ConfigId, metric: Metric = 'cpuMs'): number | undefined {
  const ratios: number[] = [];
  const rounds = new Set(samples.filter((s) => s.corpus === corpus).map((s) => s.round));
  for (const round of rounds) {
    const a = samples.find((s) => s.corpus === corpus && s.round === round && s.config === config);
    const b = samples.find((s) => s.corpus === corpus && s.round === round && s.config === baseline);
    if (a && b && b[metric] > 0) ratios.push(a[metric] / b[metric]);
  }
  return ratios.length ? median(ratios) : undefined;
}
