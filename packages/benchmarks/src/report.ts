/** Renders BENCHMARKS.md from one run's figures. */
import { CONFIGS, type ConfigId } from './configs';
import type { Corpus } from './corpora';
import { pairedRatio, summarize, type Sample } from './harness';
import type { ImpactFigures } from './impact';
import type { LspFigures } from './lsp';
import { renderOxlint, type OxlintFigures } from './oxlint';
import type { Machine } from './machine';
import { growthExponent, median } from './stats';

// Issue 16's CI targets: loopguard untyped within 5% of the parser alone, typed within 15% of the typed
// baseline on rxjs, pm2 and the generated x16 service.
export const TARGETS = {
  untyped: 1.05,
  typed: 1.15,
  lspP95Ms: 100,
} as const;

export interface BenchRun {
  readonly date: string;
  readonly machine: Machine;
  readonly rounds: number;
  readonly jobs: number;
  readonly corpora: readonly Corpus[];
  readonly samples: readonly Sample[];
  readonly scaling?: { readonly corpora: readonly Corpus[]; readonly samples: readonly Sample[]; readonly configs: readonly ConfigId[] };
  readonly lsp?: LspFigures;
  readonly impact?: ImpactFigures;
  /** loopguard on oxlint against loopguard on ESLint, untyped (docs/oxlint.md). */
  readonly oxlint?: OxlintFigures;
  readonly command: string;
  readonly seconds: number;
  /** Set when the lint and scaling figures were reused from an earlier run (`--reuse`): its date and command. */
  readonly reused?: { readonly date: string; readonly command: string };
}

const fmtMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtRatio = (r: number | undefined): string => (r === undefined || !Number.isFinite(r) ? 'n/a' : r.toFixed(2));
const verdict = (r: number | undefined, target: number): string =>
  r === undefined || !Number.isFinite(r) ? 'not measured' : r <= target ? `met (≤ ${target.toFixed(2)})` : `**NOT MET** (${r.toFixed(3)} > ${target.toFixed(2)})`;

export interface Headline {
  readonly corpus: string;
  readonly untyped?: number;
  readonly typed?: number;
  readonly typedNoHelpers?: number;
  readonly nNoSync?: number;
}

export function headlines(run: Pick<BenchRun, 'corpora' | 'samples'>): Headline[] {
  return run.corpora.map((c) => ({
    corpus: c.id,
    untyped: pairedRatio(run.samples, c.id, 'c', 'a'),
    typed: pairedRatio(run.samples, c.id, 'e', 'd'),
    typedNoHelpers: pairedRatio(run.samples, c.id, 'e0', 'd'),
    nNoSync: pairedRatio(run.samples, c.id, 'b', 'a'),
  }));
}

/**
 * The largest generated size of the scaling runs (x16 by default) is a target corpus too: the typed ratio
 * must hold where the whole-program analysis has the most to do. Smaller sizes stay in the scaling table.
 */
export function scalingHeadlines(run: Pick<BenchRun, 'corpora' | 'scaling'>): Headline[] {
  const scaling = run.scaling;
  if (!scaling || scaling.corpora.length === 0) return [];
  const largest = scaling.corpora.reduce((a, b) => (b.lines > a.lines ? b : a));
  if (run.corpora.some((c) => c.id === largest.id)) return [];
  return [{ corpus: largest.id, untyped: pairedRatio(scaling.samples, largest.id, 'c', 'a'), typed: pairedRatio(scaling.samples, largest.id, 'e', 'd') }];
}

export function renderReport(run: BenchRun): string {
  const out: string[] = [];
  const summaries = summarize(run.samples);
  const heads = headlines(run);
  const m = run.machine;

  out.push('# loopguard benchmarks', '');
  out.push(`<!-- Written by \`pnpm bench\` (packages/benchmarks). Do not edit: rerun it. -->`, '');
  out.push(
    `What loopguard costs, measured side by side with the alternatives in one run on ${run.date.slice(0, 10)} ` +
      `(${run.date}), on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}. ` +
      `The run took ${Math.round(run.seconds / 60)} min.`,
    '',
  );

  if (run.reused) {
    out.push(
      `The lint and scaling figures come from the run of ${run.reused.date} (\`${run.reused.command}\`, on the machine and load described below); ` +
        `the language server and fixture server figures from this run (${run.date}).`,
      '',
    );
  }
  out.push('## Targets', '');
  out.push(
    `| corpus | (c)/(a) loopguard untyped ÷ parser only | target ≤ ${TARGETS.untyped.toFixed(2)} | (e)/(d) loopguard typed ÷ typed baseline | target ≤ ${TARGETS.typed.toFixed(2)} |`,
  );
  out.push('|---|---|---|---|---|');
  for (const h of [...heads, ...scalingHeadlines(run)]) {
    out.push(`| ${h.corpus} | ${fmtRatio(h.untyped)} | ${verdict(h.untyped, TARGETS.untyped)} | ${fmtRatio(h.typed)} | ${verdict(h.typed, TARGETS.typed)} |`);
  }
  if (run.lsp?.p95Ms !== undefined) {
    out.push('', `Language server: p95 from \`didChange\` to diagnostics ${fmtMs(run.lsp.p95Ms)}: ${run.lsp.p95Ms <= TARGETS.lspP95Ms ? 'met' : '**NOT MET**'} (target ≤ ${TARGETS.lspP95Ms} ms, issue 16).`);
  } else if (run.lsp) {
    out.push('', `Language server: not measured (${run.lsp.missing ?? 'no figures'}).`);
  }
  out.push('');

  out.push('## Machine and load', '');
  out.push(`- ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB memory, ${m.platform}, Node ${m.node}.`);
  out.push(`- ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  out.push(
    `- Load average (1, 5, 15 min) at the start: ${m.loadAtStart.map((l) => l.toFixed(1)).join(', ')}; at the end: ${(m.loadAtEnd ?? []).map((l) => l.toFixed(1)).join(', ')}. ` +
      // The 1-minute figures say what ran beside this benchmark; the 15-minute one still remembers earlier work.
      (Math.max(m.loadAtStart[0] ?? 0, m.loadAtEnd?.[0] ?? 0) > m.cpus
        ? 'The machine was shared and busier than its CPU count: wall times are inflated and noisy, which is why the ratios use CPU time (below).'
        : 'Nothing else ran: the 1-minute load average stayed at or under the CPU count, the benchmark\'s own processes included. The ratios still use CPU time (below).'),
  );
  out.push('');

  out.push('## Method', '');
  out.push(
    '- Every configuration runs through ESLint\'s Node API (`new ESLint({ overrideConfigFile: true, overrideConfig })`, no cache) with the same base config: ' +
      '`@typescript-eslint/parser`, `ecmaVersion: latest`, Node globals, `sourceType` from the corpus\' package.json. Only the rules and the project service differ:',
  );
  for (const id of Object.keys(CONFIGS) as ConfigId[]) out.push(`  - **${CONFIGS[id].label}**: ${CONFIGS[id].description}.`);
  out.push(
    '- Why (d) has one typed rule: TypeScript creates the type checker (and binds every file of the program) only when a rule asks for it. ' +
      'With no rule at all, (d) would measure building the program only, and (e) would carry the checker\'s start-up that every real typed setup already pays. ' +
      '`no-unnecessary-type-assertion` asks for the checker and does little else.',
  );
  out.push(
    `- Each run is a fresh child process (\`node dist/worker.js\`): the project service caches TypeScript programs per process, so no run reuses another's programs. ` +
      'The time measured is `new ESLint()` to the end of `lintFiles()` (parsing, programs, rules); loading the modules is excluded.',
    `- ${run.rounds} interleaved rounds: each round runs every (corpus, configuration) pair once, in an order rotated from round to round; ` +
      `${run.jobs === 1 ? 'one run at a time' : `up to ${run.jobs} runs at a time`}.` +
      (run.rounds < 3
        ? ` **Only ${run.rounds} round${run.rounds === 1 ? '' : 's'}** in this run (the machine's load left no time for more): each ratio rests on ${run.rounds === 1 ? 'a single pair' : 'two pairs'} of runs, so differences of up to about 10 % are within the noise of CPU time on a shared machine.`
        : ''),
    '- **Ratios use CPU time** (user + system of the child process over the measured span): on a shared machine a process waits for a CPU, and wall time counts that wait; CPU time counts the work. ' +
      'Each ratio is the median over rounds of the ratio within a round. Times in the tables are medians over rounds (min–max of CPU time in brackets); wall time is shown too.',
    '- Corpora are fetched by the benchmark itself with `npm pack` into `packages/benchmarks/.cache/` (gitignored); the benchmark writes a tsconfig for each (only `tsc`\'s own options, the package\'s sources) so that typed runs have a program.',
    '- Findings are the messages of one run (they do not change between rounds).',
    '',
  );

  out.push('## Corpora', '');
  out.push('| corpus | what | files | lines |', '|---|---|---|---|');
  for (const c of run.corpora) out.push(`| ${c.id} | ${c.title} | ${c.files.length} | ${c.lines.toLocaleString('en-US')} |`);
  out.push('');

  out.push('## Lint throughput', '');
  for (const c of run.corpora) {
    out.push(`### ${c.id} (${c.files.length} files, ${c.lines.toLocaleString('en-US')} lines)`, '');
    out.push('| configuration | CPU time, median (min–max) | wall time, median | CPU ms per 1k lines | peak RSS | ratio (CPU) |', '|---|---|---|---|---|---|');
    for (const id of Object.keys(CONFIGS) as ConfigId[]) {
      const s = summaries.find((x) => x.corpus === c.id && x.config === id);
      if (!s) continue;
      const baseline: ConfigId = CONFIGS[id].typed ? 'd' : 'a';
      const ratio = id === baseline ? '1.00 (baseline)' : `${fmtRatio(pairedRatio(run.samples, c.id, id, baseline))} × ${baseline === 'a' ? '(a)' : '(d)'}`;
      out.push(
        `| ${CONFIGS[id].label} | ${fmtMs(s.cpuMs)} (${fmtMs(s.minCpuMs)}–${fmtMs(s.maxCpuMs)}) | ${fmtMs(s.lintMs)} | ${((s.cpuMs / c.lines) * 1000).toFixed(0)} | ${Math.round(s.maxRssMiB)} MiB | ${ratio} |`,
      );
      if (s.fatal.length) out.push(`| ↳ ${s.fatal.length} file(s) not linted: ${escapeCell(s.fatal[0]?.message ?? '')} | | | | | |`);
    }
    const h = heads.find((x) => x.corpus === c.id);
    const e = summaries.find((x) => x.corpus === c.id && x.config === 'e');
    const e0 = summaries.find((x) => x.corpus === c.id && x.config === 'e0');
    const d = summaries.find((x) => x.corpus === c.id && x.config === 'd');
    if (h && e && e0 && d) {
      out.push(
        '',
        `Typed loopguard costs ${fmtRatio(h.typed)} × the typed baseline; with \`followHelpers: false\` ${fmtRatio(h.typedNoHelpers)} ×. ` +
          `The whole-program analysis' share: ${fmtMs(e.cpuMs - e0.cpuMs)} CPU of ${fmtMs(e.cpuMs)} (${(((e.cpuMs - e0.cpuMs) / d.cpuMs) * 100).toFixed(0)} % of the typed baseline).`,
      );
    }
    out.push('');
  }

  if (run.scaling) out.push(...renderScaling(run.scaling), '');

  out.push('## Findings volume', '');
  out.push(
    'How many messages a user would face on each corpus: `n/no-sync` reports every `*Sync` call anywhere; loopguard reports blocking calls only where they run on the event loop ' +
      '(`blocking`: a catalog API called directly; `blockingVia`: a project function that ends in one).',
    '',
  );
  out.push('| corpus | `n/no-sync` (b) | loopguard untyped (c) | loopguard typed (e) | loopguard typed, `followHelpers: false` (e0) |', '|---|---|---|---|---|');
  for (const c of run.corpora) {
    const cell = (id: ConfigId, rule: string): string => {
      const s = summaries.find((x) => x.corpus === c.id && x.config === id);
      if (!s) return 'not run';
      const byMessage = s.findings[rule] ?? {};
      const total = Object.values(byMessage).reduce((a, b) => a + b, 0);
      const parts = Object.entries(byMessage).map(([k, v]) => `${v} ${k}`);
      return `${total}${parts.length > 1 || (parts.length === 1 && rule !== 'n/no-sync') ? ` (${parts.join(', ')})` : ''} in ${s.filesWithFindings[rule] ?? 0} file${s.filesWithFindings[rule] === 1 ? '' : 's'}`;
    };
    out.push(`| ${c.id} | ${cell('b', 'n/no-sync')} | ${cell('c', 'loopguard/no-blocking-io')} | ${cell('e', 'loopguard/no-blocking-io')} | ${cell('e0', 'loopguard/no-blocking-io')} |`);
  }
  out.push('');

  out.push('## Language server', '');
  out.push(...renderLsp(run.lsp), '');

  out.push('## Fixture server', '');
  out.push(...renderImpact(run.impact), '');

  out.push('## oxlint as a host (untyped)', '');
  out.push(...renderOxlint(run.oxlint), '');

  out.push('## How to rerun', '');
  out.push(
    '```sh',
    'pnpm install',
    'pnpm bench                      # builds, then runs every package\'s bench script; this one writes BENCHMARKS.md',
    '# or only this benchmark, after `pnpm build`:',
    'node packages/benchmarks/bin/loopguard-bench.js --rounds 5',
    'node packages/benchmarks/bin/loopguard-bench.js --help   # corpora, rounds, parallel runs, scaling sizes, output',
    '```',
    '',
    `This file came from: \`${run.command}\`. The first run needs the npm registry (to fetch the corpora); later runs use the cache.`,
    '',
  );
  return out.join('\n');
}

function renderScaling(scaling: NonNullable<BenchRun['scaling']>): string[] {
  const out: string[] = ['## Scaling', ''];
  const sums = summarize(scaling.samples);
  out.push(
    'A generated TypeScript service (packages/benchmarks/src/generate.ts) at growing sizes: each module is a route file with async handlers, a service class, a repository, a cache and a model, over shared file helpers; ' +
      'handlers reach `fs.readFileSync` four files deep, and every module reuses the same function names, as real code does. ' +
      'If the whole-program analysis looked things up across the program for every function, its share would grow with the square of the size.',
    '',
  );
  const configs = scaling.configs;
  out.push(`| size | files | lines | ${configs.map((id) => `${CONFIGS[id].label} CPU`).join(' | ')} | (c)/(a) | (e)/(d) | (e)−(e0) CPU: analysis share | analysis share per 1k lines |`);
  out.push(`|---|---|---|${configs.map(() => '---').join('|')}|---|---|---|---|`);
  const sharePoints: Array<[number, number]> = [];
  const typedPoints: Array<[number, number]> = [];
  for (const c of scaling.corpora) {
    const cell = (id: ConfigId): string => {
      const s = sums.find((x) => x.corpus === c.id && x.config === id);
      return s ? fmtMs(s.cpuMs) : 'n/a';
    };
    const share = pairedDifference(scaling.samples, c.id, 'e', 'e0');
    const e = sums.find((x) => x.corpus === c.id && x.config === 'e');
    if (share !== undefined && share > 0) sharePoints.push([c.lines, share]);
    if (e) typedPoints.push([c.lines, e.cpuMs]);
    out.push(
      `| ${c.id.replace(/^generated-/, '')} | ${c.files.length} | ${c.lines.toLocaleString('en-US')} | ${configs.map(cell).join(' | ')} | ${fmtRatio(pairedRatio(scaling.samples, c.id, 'c', 'a'))} | ${fmtRatio(pairedRatio(scaling.samples, c.id, 'e', 'd'))} | ${share === undefined ? 'n/a' : fmtMs(share)} | ${share === undefined ? 'n/a' : `${((share / c.lines) * 1000).toFixed(0)} ms`} |`,
    );
  }
  // A share smaller than a tenth of the typed baseline at that size is within the noise of one typed run.
  const measurable = sharePoints.filter(([lines, share]) => {
    const c = scaling.corpora.find((x) => x.lines === lines);
    const d = c && sums.find((x) => x.corpus === c.id && x.config === 'd');
    return d !== undefined && share > 0.1 * d.cpuMs;
  });
  out.push('');
  const k = growthExponent(measurable.slice(-2));
  if (k !== undefined && measurable.length >= 2) {
    out.push(
      `Between the two largest sizes whose analysis share is above the noise (a tenth of the typed baseline), the share grows as lines^${k.toFixed(2)} (1 is linear, 2 quadratic): ` +
        (k <= 1.3 ? 'the analysis grows linearly with the code.' : '**the analysis grows faster than linearly with the code.**'),
    );
  } else {
    out.push(
      `The analysis share is above the noise (a tenth of the typed baseline) at ${measurable.length} size${measurable.length === 1 ? '' : 's'} only` +
        (measurable.length === 1 ? ` (${((measurable[0] as [number, number])[1] / (measurable[0] as [number, number])[0] * 1000).toFixed(0)} ms per 1k lines at ${(measurable[0] as [number, number])[0].toLocaleString('en-US')} lines)` : '') +
        ': these sizes cannot tell linear from quadratic growth. Rerun with more rounds and larger `--scales` / `--unit-modules` on a quiet machine.',
    );
  }
  return out;
}

/** Median over rounds of metric(a) − metric(b), CPU time. */
export function pairedDifference(samples: readonly Sample[], corpus: string, a: ConfigId, b: ConfigId): number | undefined {
  const diffs: number[] = [];
  for (const round of new Set(samples.filter((s) => s.corpus === corpus).map((s) => s.round))) {
    const x = samples.find((s) => s.corpus === corpus && s.round === round && s.config === a);
    const y = samples.find((s) => s.corpus === corpus && s.round === round && s.config === b);
    if (x && y) diffs.push(x.cpuMs - y.cpuMs);
  }
  return diffs.length ? median(diffs) : undefined;
}

function renderLsp(lsp: LspFigures | undefined): string[] {
  if (!lsp) return ['Not measured in this run (`--no-lsp`).'];
  if (lsp.missing) return [`Not measured: ${lsp.missing}.`];
  const out = [lsp.method, ''];
  out.push('| figure | value |', '|---|---|');
  for (const [k, v] of lsp.rows) out.push(`| ${k} | ${v} |`);
  if (lsp.p95Ms !== undefined) out.push(`| target: p95 ≤ ${TARGETS.lspP95Ms} ms | ${lsp.p95Ms <= TARGETS.lspP95Ms ? 'met' : `**NOT MET** (${fmtMs(lsp.p95Ms)})`} |`);
  return out;
}

export function renderImpact(impact: ImpactFigures | undefined): string[] {
  if (!impact) return ['Not measured in this run (`--no-impact`).'];
  if (impact.patterns.length === 0) return [`Not measured: ${impact.missing ?? 'no figures'}.`];
  const c = impact.consistency;
  const out = [
    `From ${impact.source}${impact.date ? `, ${impact.date}` : ''}. Full run time: ${impact.totalSeconds !== undefined ? `${Math.round(impact.totalSeconds)} s` : 'n/a'}` +
      (impact.missing ? ` (${impact.missing})` : '') +
      '.' +
      (c
        ? ` It is the last of ${c.runs} consecutive full runs (\`quiet-runs\`) of ${c.seconds.map((x) => `${Math.round(x)} s`).join(', ')}, whose verdicts ${c.verdictsAgree ? 'all agree' : '**disagree**'}; load average ${c.loadAverageBefore.join(' ')} before, ${c.loadAverageAfter.join(' ')} after (the runs' own servers and load clients included).`
        : ''),
    '',
    '| pattern | run time | verdict | heartbeat blocked-time ratio blocking ÷ fixed [interval] | heartbeat max ratio |',
    '|---|---|---|---|---|',
  ];
  const r = (v: number): string => (v >= 10 ? v.toFixed(0) : v.toFixed(1));
  for (const p of impact.patterns) {
    out.push(
      `| ${p.id} | ${p.seconds.toFixed(1)} s | ${p.verdict} | ${p.blocked ? `${r(p.blocked.estimate)} [${r(p.blocked.low)}, ${r(p.blocked.high)}]` : 'n/a'} | ${p.heartbeatRatio !== undefined ? p.heartbeatRatio.toFixed(1) : 'n/a'} |`,
    );
  }
  const per = impact.patterns.map((p) => p.seconds);
  out.push('', `Median per pattern: ${median(per).toFixed(1)} s over ${per.length} patterns.`);
  return out;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 160);
}
