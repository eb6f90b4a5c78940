// The figures that the documentation quotes, rendered from one impact report: fixtures/patterns/README.md, the
// "Latest figures" of this package's README, the root README's headline, and the "Fixture server" section of
// BENCHMARKS.md. scripts/quiet-runs.ts writes them after three agreeing runs; a test fails when one is stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImpactReport, PatternResult } from '../types';

export function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/**
 * A `/ping` p99. The load client gives up on a ping after `options.pingTimeoutMs` and counts it at that figure, so
 * a p99 at the timeout means "the pings timed out": at least that long, and its ratio a lower bound.
 */
export function pingMs(value: number | undefined, report: Pick<ImpactReport, 'options'>): string {
  const timeout = report.options?.pingTimeoutMs;
  if (value !== undefined && timeout !== undefined && value >= timeout) return `≥ ${ms(timeout)} (timed out)`;
  return ms(value);
}

const x = (v: number | undefined): string => (v === undefined ? '–' : `x${v >= 100 ? Math.round(v) : v >= 10 ? v.toFixed(0) : v.toFixed(1)}`);

/** "x56 [45, 71]": the geometric mean of the per-repetition ratios and its interval; the old reports had medians only. */
export function ratioCell(r: PatternResult, id: 'blocked' | 'ping' | 'metric'): string {
  const e = r.stats?.[id];
  if (e) return `${x(e.estimate)} [${x(e.low).slice(1)}, ${x(e.high).slice(1)}]`;
  if (r.stats) return 'not judged';
  const old = id === 'blocked' ? r.ratios?.heartbeat : id === 'ping' ? r.ratios?.pingP99 : r.ratios?.metric;
  return old === undefined ? '–' : `${x(old)} (${id === 'blocked' ? 'heartbeat max, ' : ''}medians, old method)`;
}

/** One line saying where the figures come from and how quiet the machine was. */
export function figuresCaption(report: ImpactReport): string {
  const m = report.machine;
  const baseline = report.baseline ? `${Math.round(report.baseline.heartbeat.maxLagMs)} ms` : 'not measured';
  const c = report.consistency;
  const o = report.options;
  const reps = o.minReps === undefined || o.minReps === o.reps ? `${o.reps}` : `${o.minReps} to ${o.reps} (adaptive)`;
  return (
    `Figures from \`impact.json\` (${report.date.slice(0, 16).replace('T', ' ')} UTC, Node ${m.node}, ${m.cpus} × ${m.cpuModel}, ` +
    (c
      ? `the last of ${c.runs} consecutive full runs of ${c.seconds.map((s) => `${Math.round(s)} s`).join(', ')} whose verdicts ` +
        `${c.verdictsAgree ? 'all agree' : `disagree (${c.disagreements.join('; ')})`}; load average ${c.loadAverageBefore.join(' ')} before ` +
        `and ${c.loadAverageAfter.join(' ')} after`
      : `load average ${m.loadAverage.join(' ')} at start`) +
    `; no-op baseline heartbeat max ${baseline}` +
    `${report.quiet ? '' : `, over the ${o.noiseThresholdMs} ms threshold: the machine was noisy and the run went on with --force`}): ` +
    `${reps} blocking/fixed pairs of ${o.warmupMs} ms warm-up + ${o.durationMs} ms measured at ${o.connections} connections (unless a ` +
    'pattern says otherwise).'
  );
}

/** The table of this package's README "Latest figures". */
export function renderLatestFigures(report: ImpactReport): string {
  const lines = [figuresCaption(report), ''];
  if (!report.consistency || !report.quiet) {
    lines.push(
      '**Not a quiet run.** This report was not written by `scripts/quiet-runs.ts` on a machine at load average under ' +
        '1.5, so its figures show the machine as much as the patterns; do not quote its ratios.',
      '',
    );
  }
  lines.push(
    '| pattern | heartbeat blocked time, blocking / fixed | ratio [interval] | /ping p99, blocking / fixed | ratio [interval] | own figure, blocking / fixed | verdict |',
    '|---|---|---|---|---|---|---|',
  );
  for (const r of report.patterns) {
    const blocked = r.blocking?.blockedMsPerS !== undefined ? `${Math.round(r.blocking.blockedMsPerS)} / ${Math.round(r.fixed?.blockedMsPerS ?? 0)} ms/s` : '–';
    const own = r.metric && r.blocking?.metric !== undefined ? `${r.metric.label}: ${ms(r.blocking.metric)} / ${ms(r.fixed?.metric)} (${ratioCell(r, 'metric')})` : '';
    lines.push(
      `| ${r.id} | ${blocked} | ${ratioCell(r, 'blocked')} | ${pingMs(r.blocking?.pingP99Ms, report)} / ${pingMs(r.fixed?.pingP99Ms, report)} | ${ratioCell(r, 'ping')} | ${own} | ${r.verdict} |`,
    );
  }
  const others = report.patterns.filter((r) => r.verdict !== 'verified');
  if (others.length > 0) {
    lines.push('', 'Not verified, and why:', '');
    for (const r of others) lines.push(`- ${r.id} (${r.verdict}): ${r.reason}${r.limits ? ` Its manifest says: ${r.limits}.` : ''}`);
  }
  for (const s of report.sweeps) {
    const points = s.points.filter((p) => p.connections > 0);
    lines.push('', `Sweep ${s.id}: /ping p99 blocking / fixed ${points.map((p) => `c=${p.connections}: ${ms(p.blocking.ping.p99Ms)} / ${ms(p.fixed.ping.p99Ms)}`).join(', ')}.`);
  }
  return lines.join('\n');
}

/** The root README's headline sentence, from the crypto-pbkdf2 pattern. */
export function renderHeadline(report: ImpactReport): string {
  const p = report.patterns.find((r) => r.id === 'crypto-pbkdf2');
  if (!p?.blocking || !p.fixed) return 'the measured figures are in [the impact report](#measured-impact)';
  return (
    `one \`pbkdf2Sync\` per request pushed the p99 latency of an unrelated \`/ping\` endpoint from ${ms(p.fixed.pingP99Ms)} to ` +
    `${p.blocking.pingP99Ms >= report.options.pingTimeoutMs ? `over ${ms(report.options.pingTimeoutMs)}, where the load client gives up on a ping` : ms(p.blocking.pingP99Ms)} (${p.verdict}; ${report.date.slice(0, 10)}, load average ${(report.consistency?.loadAverageBefore ?? report.machine.loadAverage)[0]})`
  );
}

/** BENCHMARKS.md "Fixture server": the full suite's wall time and each pattern's. */
export function renderBenchmarksSection(report: ImpactReport): string {
  const c = report.consistency;
  const lines = [
    '## Fixture server',
    '',
    `From \`fixtures/patterns/impact.json\` (the latest full \`loopguard-impact\` run, all patterns), ${report.date}. ` +
      (c
        ? `Full suite wall time of ${c.runs} consecutive runs: ${c.seconds.map((s) => `${Math.round(s)} s`).join(', ')} (load average ${c.loadAverageBefore.join(' ')} before, ${c.loadAverageAfter.join(' ')} after).`
        : `Full run time: ${Math.round(report.seconds)} s.`),
    '',
    '| pattern | run time | pairs | verdict | blocked-time ratio [interval] |',
    '|---|---|---|---|---|',
  ];
  for (const r of report.patterns) lines.push(`| ${r.id} | ${r.seconds.toFixed(1)} s | ${r.reps ?? r.runs.length / 2} | ${r.verdict} | ${ratioCell(r, 'blocked')} |`);
  return lines.join('\n');
}

const MARKS = {
  latest: ['<!-- impact-figures:begin (generated by scripts/quiet-runs.ts from fixtures/patterns/impact.json) -->', '<!-- impact-figures:end -->'],
  headline: ['<!-- impact-headline:begin -->', '<!-- impact-headline:end -->'],
} as const;

function replaceBetween(text: string, [begin, end]: readonly [string, string], body: string, file: string): string {
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file}: the markers ${begin} … ${end} are missing; put them back around the generated figures`);
  return `${text.slice(0, a + begin.length)}${body}${text.slice(b)}`;
}

function replaceSection(text: string, heading: string, body: string, file: string): string {
  const a = text.indexOf(`\n${heading}\n`);
  if (a < 0) throw new Error(`${file}: no "${heading}" section to replace`);
  const next = text.indexOf('\n## ', a + heading.length + 2);
  return `${text.slice(0, a + 1)}${body}\n${next < 0 ? '' : text.slice(next)}`;
}

/** Every generated block in the documentation, as it should read for this report: file → text. */
export function generatedDocs(repoRoot: string, report: ImpactReport): Map<string, string> {
  const out = new Map<string, string>();
  const read = (rel: string): [string, string] => {
    const file = path.join(repoRoot, rel);
    return [file, fs.readFileSync(file, 'utf8')];
  };
  const [pkgReadme, pkgText] = read('packages/fixture-server/README.md');
  out.set(pkgReadme, replaceBetween(pkgText, MARKS.latest, `\n${renderLatestFigures(report)}\n`, pkgReadme));
  const [rootReadme, rootText] = read('README.md');
  out.set(rootReadme, replaceBetween(rootText, MARKS.headline, renderHeadline(report), rootReadme));
  const [bench, benchText] = read('BENCHMARKS.md');
  out.set(bench, replaceSection(benchText, '## Fixture server', renderBenchmarksSection(report), bench));
  return out;
}
