/** `loopguard-bench`: runs the whole benchmark and writes BENCHMARKS.md. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_IDS, type ConfigId } from './configs';
import { DEFAULT_CACHE_DIR, fixturesCorpus, NPM_CORPORA, npmCorpus, REPO_ROOT, type Corpus } from './corpora';
import { generatedCorpus, MODULES_PER_UNIT } from './generate';
import { runPlan, type Sample } from './harness';
import { impactFigures } from './impact';
import { lspFigures, lspFiguresFromFile } from './lsp';
import { describeMachine } from './machine';
import { oxlintFigures } from './oxlint';
import { headlines, renderReport, scalingHeadlines, type BenchRun } from './report';

const USAGE = `Usage: loopguard-bench [options]

Measures what loopguard costs next to ESLint's parser alone, n/no-sync and a typed baseline, on packages
fetched from npm and on the repository's fixtures, and writes BENCHMARKS.md.

Options:
  --rounds <n>         interleaved repetitions of every run (default: 5)
  --jobs <n>           runs at once (default: 1; more is faster but the runs compete for CPUs)
  --corpora <list>     any of ${[...NPM_CORPORA.map((c) => c.id), 'fixtures', 'generated'].join(', ')} (default: ${[...NPM_CORPORA.map((c) => c.id), 'fixtures'].join(',')});
                       'generated' lints the generated service at the first --scales size
  --configs <list>     lint configurations, any of ${CONFIG_IDS.join(', ')} (default: all)
  --scales <list>      sizes of the generated service for the scaling table (default: 1,4,16)
  --scale-rounds <n>   rounds of the scaling runs (default: --rounds)
  --unit-modules <n>   modules of the generated service at size 1 (default: ${MODULES_PER_UNIT})
  --no-scaling         skip the scaling table
  --no-lint            skip the lint table (only the scaling runs)
  --no-lsp             skip the language server's benchmark
  --lsp-json <file>    read the language server's figures from a file that its benchmark wrote
                       (\`node packages/language-server/scripts/bench.mjs --json=<file>\`) instead of running it
  --no-impact          skip the fixture server's figures
  --no-oxlint          skip loopguard on oxlint against loopguard on ESLint (untyped, same files, --rounds rounds)
  --out <file>         where the report goes (default: BENCHMARKS.md at the repository root)
  --json <file>        also write every sample as JSON
  --reuse <files>      take the lint and scaling figures from --json files of earlier runs (comma-separated:
                       say one with the lint runs, one with the scaling runs) and measure only the
                       language server and the fixture server
  --cache <dir>        where corpora are fetched and generated (default: packages/benchmarks/.cache)
  --help               this text`;

export interface BenchOptions {
  readonly rounds: number;
  readonly jobs: number;
  readonly corpora: readonly string[];
  readonly configs: readonly ConfigId[];
  readonly scales: readonly number[];
  readonly lint: boolean;
  readonly scaleRounds: number;
  readonly unitModules: number;
  readonly lsp: boolean;
  readonly lspJson?: string;
  readonly impact: boolean;
  readonly oxlint: boolean;
  readonly out: string;
  readonly json?: string;
  readonly reuse?: string;
  readonly cacheDir: string;
  readonly command: string;
  readonly log: (line: string) => void;
}

export function parseOptions(argv: readonly string[], log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rounds: { type: 'string' },
      jobs: { type: 'string' },
      corpora: { type: 'string' },
      configs: { type: 'string' },
      scales: { type: 'string' },
      'scale-rounds': { type: 'string' },
      'unit-modules': { type: 'string' },
      'no-scaling': { type: 'boolean' },
      'no-lint': { type: 'boolean' },
      'no-lsp': { type: 'boolean' },
      'lsp-json': { type: 'string' },
      'no-impact': { type: 'boolean' },
      'no-oxlint': { type: 'boolean' },
      out: { type: 'string' },
      json: { type: 'string' },
      reuse: { type: 'string' },
      cache: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const int = (value: string | undefined, option: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`loopguard-bench: --${option} takes a whole number of at least 1, not "${value}"`);
    return n;
  };
  const list = (value: string | undefined, option: string, allowed: readonly string[], fallback: readonly string[]): string[] => {
    if (value === undefined) return [...fallback];
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.filter((i) => !allowed.includes(i));
    if (bad.length || items.length === 0) throw new Error(`loopguard-bench: --${option} takes a comma-separated list of ${allowed.join(', ')}; "${bad.join(', ') || value}" is not one`);
    return items;
  };
  const rounds = int(values.rounds, 'rounds', 5);
  const scales = values['no-scaling']
    ? []
    : (values.scales ?? '1,4,16').split(',').map((s) => int(s.trim(), 'scales', 1));
  return {
    rounds,
    jobs: int(values.jobs, 'jobs', 1),
    corpora: list(values.corpora, 'corpora', [...NPM_CORPORA.map((c) => c.id), 'fixtures', 'generated'], [...NPM_CORPORA.map((c) => c.id), 'fixtures']),
    configs: list(values.configs, 'configs', CONFIG_IDS, CONFIG_IDS) as ConfigId[],
    scales,
    lint: !values['no-lint'],
    scaleRounds: int(values['scale-rounds'], 'scale-rounds', rounds),
    unitModules: int(values['unit-modules'], 'unit-modules', MODULES_PER_UNIT),
    lsp: !values['no-lsp'],
    ...(values['lsp-json'] ? { lspJson: path.resolve(values['lsp-json']) } : {}),
    impact: !values['no-impact'],
    oxlint: !values['no-oxlint'],
    out: path.resolve(values.out ?? path.join(REPO_ROOT, 'BENCHMARKS.md')),
    ...(values.json ? { json: path.resolve(values.json) } : {}),
    ...(values.reuse ? { reuse: path.resolve(values.reuse) } : {}),
    cacheDir: path.resolve(values.cache ?? DEFAULT_CACHE_DIR),
    command: ['loopguard-bench', ...argv].join(' '),
    log,
  };
}

export async function runBenchmark(options: BenchOptions): Promise<BenchRun> {
  const started = Date.now();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const log = options.log;
  const previous = options.reuse ? mergeRuns(options.reuse.split(',').map((f) => readRun(f.trim()))) : undefined;
  const { corpora, samples, scaling, machine } = previous ?? (await lint(options));

  // With --reuse and --no-lsp / --no-impact, those figures come from the earlier runs too.
  let lsp: BenchRun['lsp'] = options.lsp ? undefined : previous?.lsp;
  if (options.lsp) {
    log('language server benchmark ...');
    lsp = options.lspJson ? lspFiguresFromFile(options.lspJson) : lspFigures();
  }
  let impact: BenchRun['impact'] = options.impact ? undefined : previous?.impact;
  if (options.impact) {
    log('fixture server figures ...');
    impact = impactFigures({ runIfMissing: true });
  }
  let oxlint: BenchRun['oxlint'] = options.oxlint ? undefined : previous?.oxlint;
  if (options.oxlint) {
    log('loopguard on oxlint against loopguard on ESLint ...');
    oxlint = await oxlintFigures(corpora, options.rounds, log);
  }
  if (!previous) machine.loadAtEnd = os.loadavg();
  const run: BenchRun = {
    date: previous?.date ?? date,
    machine,
    rounds: previous?.rounds ?? options.rounds,
    jobs: previous?.jobs ?? options.jobs,
    corpora,
    samples,
    ...(scaling ? { scaling } : {}),
    ...(lsp ? { lsp } : {}),
    ...(impact ? { impact } : {}),
    ...(oxlint ? { oxlint } : {}),
    command: previous?.command ?? options.command,
    seconds: (previous?.seconds ?? 0) + (Date.now() - started) / 1000,
    ...(previous ? { reused: { date: previous.date, command: previous.command } } : {}),
  };
  fs.writeFileSync(options.out, renderReport(previous ? { ...run, date } : run));
  log(`wrote ${options.out}`);
  if (options.json) fs.writeFileSync(options.json, JSON.stringify(run, null, 2));
  return run;
}

/** Lint figures from the runs that have them, scaling figures from the last run that has some. */
function mergeRuns(runs: BenchRun[]): BenchRun {
  const withLint = runs.filter((r) => r.samples.length > 0);
  const first = (withLint[0] ?? runs[0]) as BenchRun;
  const scaling = [...runs].reverse().find((r) => r.scaling)?.scaling;
  const lsp = [...runs].reverse().find((r) => r.lsp)?.lsp;
  const impact = [...runs].reverse().find((r) => r.impact)?.impact;
  const oxlint = [...runs].reverse().find((r) => r.oxlint)?.oxlint;
  return {
    ...first,
    ...(lsp ? { lsp } : {}),
    ...(impact ? { impact } : {}),
    ...(oxlint ? { oxlint } : {}),
    corpora: [...new Map(withLint.flatMap((r) => r.corpora).map((c) => [c.id, c])).values()],
    // Each run's rounds follow the previous run's, so that ratios still pair runs of the same round.
    samples: withLint.flatMap((r, i) => {
      const offset = withLint.slice(0, i).reduce((n, prev) => n + prev.rounds, 0);
      return r.samples.map((sample) => ({ ...sample, round: sample.round + offset }));
    }),
    rounds: withLint.reduce((n, r) => n + r.rounds, 0),
    jobs: Math.max(...runs.map((r) => r.jobs)),
    ...(scaling ? { scaling } : {}),
    command: runs.map((r) => r.command).join('` and `'),
    seconds: runs.reduce((s, r) => s + r.seconds, 0),
  };
}

function readRun(file: string): BenchRun {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BenchRun;
  } catch (error) {
    throw new Error(`loopguard-bench: --reuse ${file} is not a --json file of an earlier run (${(error as Error).message}); run without --reuse to measure everything`);
  }
}

async function lint(options: BenchOptions): Promise<Pick<BenchRun, 'corpora' | 'samples' | 'scaling' | 'machine'>> {
  const log = options.log;
  const machine = describeMachine();
  const corpora: Corpus[] = [];
  for (const id of options.lint || options.oxlint ? options.corpora : []) {
    const spec = NPM_CORPORA.find((c) => c.id === id);
    if (spec) {
      log(`fetching ${spec.spec} ...`);
      corpora.push(npmCorpus(spec, options.cacheDir));
    } else if (id === 'fixtures') corpora.push(fixturesCorpus());
    else if (id === 'generated') corpora.push(generatedCorpus(options.scales[0] ?? 1, options.cacheDir, options.unitModules));
  }
  for (const c of corpora) log(`corpus ${c.id}: ${c.files.length} files, ${c.lines} lines`);

  const progress = (label: string) => (s: Sample, done: number, total: number): void =>
    log(`[${label} ${done}/${total}] round ${s.round + 1} ${s.corpus} (${s.config}): cpu ${Math.round(s.cpuMs)} ms, wall ${Math.round(s.lintMs)} ms${s.fatal.length ? `, ${s.fatal.length} files not linted` : ''}`);

  const onRetry = (what: string, error: Error): void => log(`retrying ${what} once: ${error.message}`);
  const samples = !options.lint ? [] : await runPlan({ corpora, configs: options.configs, rounds: options.rounds, jobs: options.jobs, onSample: progress('lint'), onRetry });

  let scaling: BenchRun['scaling'];
  if (options.scales.length > 0) {
    const scaleConfigs = options.configs.filter((id) => id !== 'b');
    const scaled = options.scales.map((k) => generatedCorpus(k, options.cacheDir, options.unitModules));
    for (const c of scaled) log(`scaling corpus ${c.id}: ${c.files.length} files, ${c.lines} lines`);
    const scaleSamples = await runPlan({ corpora: scaled, configs: scaleConfigs, rounds: options.scaleRounds, jobs: options.jobs, onSample: progress('scaling'), onRetry });
    scaling = { corpora: scaled, samples: scaleSamples, configs: scaleConfigs };
  }

  return { corpora, samples, ...(scaling ? { scaling } : {}), machine };
}

export function main(argv: readonly string[]): void {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  runBenchmark(options).then(
    (run) => {
      for (const h of [...headlines(run), ...scalingHeadlines(run)]) {
        process.stdout.write(`${h.corpus}: (c)/(a) ${h.untyped?.toFixed(2) ?? 'n/a'}, (e)/(d) ${h.typed?.toFixed(2) ?? 'n/a'}, (e0)/(d) ${h.typedNoHelpers?.toFixed(2) ?? 'n/a'}, (b)/(a) ${h.nNoSync?.toFixed(2) ?? 'n/a'}\n`);
      }
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
