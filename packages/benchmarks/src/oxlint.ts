/**
 * loopguard on oxlint against loopguard on ESLint, both untyped and with only loopguard's rule, on the same
 * files (issue 16; docs/oxlint.md). Each run is a fresh process timed from spawn to exit (wall time: what a
 * user or a CI job waits for, start-up included) with its peak RSS; the two hosts alternate in every round.
 * The ESLint side is configuration (c) of the lint table, run by the same worker; the oxlint side is the
 * recipe that the CLI builds (loopguard's `oxlintConfig`), so that what is measured is what is documented.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findOxlint, oxlintConfig } from 'loopguard';
import type { Corpus } from './corpora';
import { PACKAGE_DIR } from './corpora';
import { median } from './stats';
import { RESULT_MARKER, type WorkerJob, type WorkerResult } from './worker';

export interface OxlintSample {
  readonly corpus: string;
  readonly host: 'oxlint' | 'eslint';
  readonly round: number;
  readonly wallMs: number;
  readonly maxRssMiB: number;
  readonly findings: number;
}

export interface OxlintFigures {
  readonly method: string;
  readonly samples: readonly OxlintSample[];
  readonly missing?: string;
}

const WORKER = path.join(PACKAGE_DIR, 'dist', 'worker.js');

/** Runs oxlint's own CLI in this Node process and reports its peak RSS: oxlint runs JS plugins in-process. */
const OXLINT_WRAPPER = `
const [cli, out, ...args] = process.argv.slice(1);
process.argv = [process.argv[0], 'oxlint', ...args];
process.on('exit', () => require('node:fs').writeFileSync(out, JSON.stringify({ maxRssMiB: process.resourceUsage().maxRSS / 1024 })));
import(require('node:url').pathToFileURL(cli).href);
`;

export async function oxlintFigures(corpora: readonly Corpus[], rounds: number, log: (line: string) => void): Promise<OxlintFigures> {
  const bin = findOxlint(PACKAGE_DIR);
  const method =
    'Wall time from spawn to exit and peak RSS of one process per run (Node start-up and module loading included), ' +
    'oxlint and ESLint alternating in every round; both untyped with only `loopguard/no-blocking-io` (ESLint: configuration (c); ' +
    'oxlint: the `.oxlintrc.json` of docs/oxlint.md, `jsPlugins`, default thread count). Medians over the rounds.';
  if (!bin) return { method, samples: [], missing: 'oxlint is not installed for @loopguard/benchmarks (run `pnpm install`)' };
  const cli = path.join(path.dirname(bin), '..', 'dist', 'cli.js');
  const samples: OxlintSample[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const corpus of corpora) {
      // Alternate which host goes first, so that neither always runs on a cache the other warmed.
      const order: Array<'oxlint' | 'eslint'> = round % 2 === 0 ? ['oxlint', 'eslint'] : ['eslint', 'oxlint'];
      for (const host of order) {
        const sample = host === 'oxlint' ? await runOxlintOnce(cli, corpus) : await runEslintOnce(corpus);
        samples.push({ ...sample, corpus: corpus.id, host, round });
        log(`oxlint vs ESLint: ${corpus.id} ${host} round ${round + 1}/${rounds}: ${Math.round(sample.wallMs)} ms, ${sample.maxRssMiB.toFixed(0)} MiB`);
      }
    }
  }
  return { method, samples };
}

async function runOxlintOnce(cli: string, corpus: Corpus): Promise<Omit<OxlintSample, 'corpus' | 'host' | 'round'>> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'loopguard-bench-oxlint-'));
  try {
    const config = path.join(dir, '.oxlintrc.json');
    const rss = path.join(dir, 'rss.json');
    await fs.promises.writeFile(config, JSON.stringify(oxlintConfig({ plugin: require.resolve('eslint-plugin-loopguard') })));
    const args = ['-e', OXLINT_WRAPPER, cli, rss, '-c', config, '--disable-nested-config', '--format', 'json', ...corpus.files];
    const start = performance.now();
    const { stdout } = await run(process.execPath, args, corpus.dir, `oxlint on ${corpus.id}`, [0, 1]);
    const wallMs = performance.now() - start;
    const report = JSON.parse(stdout) as { diagnostics: unknown[] };
    const { maxRssMiB } = JSON.parse(await fs.promises.readFile(rss, 'utf8')) as { maxRssMiB: number };
    return { wallMs, maxRssMiB, findings: report.diagnostics.length };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

async function runEslintOnce(corpus: Corpus): Promise<Omit<OxlintSample, 'corpus' | 'host' | 'round'>> {
  const job: WorkerJob = { config: 'c', files: corpus.files, cwd: corpus.dir, jsSourceType: corpus.jsSourceType };
  const start = performance.now();
  const { stdout } = await run(process.execPath, [WORKER, '-'], corpus.dir, `ESLint on ${corpus.id}`, [0], JSON.stringify(job));
  const wallMs = performance.now() - start;
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (!line) throw new Error(`ESLint on ${corpus.id} printed no result`);
  const result = JSON.parse(line.slice(RESULT_MARKER.length)) as WorkerResult;
  const findings = Object.values(result.findings).reduce((n, byId) => n + Object.values(byId).reduce((a, b) => a + b, 0), 0);
  return { wallMs, maxRssMiB: result.maxRssMiB, findings };
}

function run(cmd: string, args: string[], cwd: string, what: string, okCodes: number[], input?: string): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (okCodes.includes(code ?? -1) ? resolve({ stdout }) : reject(new Error(`${what} failed (exit ${code}):\n${stderr.slice(0, 2000)}`))));
  });
}

/** The report's table: medians by corpus and host, and oxlint / ESLint ratios. */
export function renderOxlint(figures: OxlintFigures | undefined): string[] {
  if (!figures) return ['Not measured in this run (`--no-oxlint`).'];
  if (figures.missing) return [`Not measured: ${figures.missing}.`];
  const out = [figures.method, '', '| corpus | ESLint wall | oxlint wall | oxlint / ESLint | ESLint peak RSS | oxlint peak RSS | findings ESLint / oxlint |', '|---|---|---|---|---|---|---|'];
  for (const corpus of [...new Set(figures.samples.map((s) => s.corpus))]) {
    const of = (host: 'oxlint' | 'eslint') => figures.samples.filter((s) => s.corpus === corpus && s.host === host);
    const e = of('eslint');
    const o = of('oxlint');
    const ew = median(e.map((s) => s.wallMs));
    const ow = median(o.map((s) => s.wallMs));
    const findings = `${[...new Set(e.map((s) => s.findings))].join('/')} / ${[...new Set(o.map((s) => s.findings))].join('/')}`;
    out.push(`| ${corpus} | ${(ew / 1000).toFixed(2)} s | ${(ow / 1000).toFixed(2)} s | ${(ow / ew).toFixed(2)} | ${median(e.map((s) => s.maxRssMiB)).toFixed(0)} MiB | ${median(o.map((s) => s.maxRssMiB)).toFixed(0)} MiB | ${findings} |`);
  }
  return out;
}
