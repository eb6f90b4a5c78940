import * as fs from 'node:fs';
import * as path from 'node:path';
import { medianRun } from '../stats';
import type { ImpactReport, PatternResult, RunResult, SweepResult } from '../types';
import { VERDICT } from '../verdict';

// A self-contained page: inline CSS and inline SVG charts drawn here, no script and nothing fetched, so that
// it opens from a CI artefact or a mail attachment exactly as it was written.

const BLOCKING = '#d1495b';
const FIXED = '#2e86ab';

function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fmt(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)} ms`;
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (value <= m * power) return m * power;
  return 10 * power;
}

interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

interface ChartSpec {
  readonly title: string;
  readonly kind: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xMax: number;
  readonly yMax: number;
  readonly series: readonly Series[];
  readonly dots?: boolean;
  readonly xTicks?: readonly number[];
  readonly xFormat?: (x: number) => string;
}

function lineChart(spec: ChartSpec): string {
  const width = 420;
  const height = 220;
  const m = { left: 56, right: 12, top: 26, bottom: 40 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const x = (v: number): number => m.left + (spec.xMax > 0 ? (v / spec.xMax) * w : 0);
  const y = (v: number): number => m.top + h - (Math.min(v, spec.yMax) / spec.yMax) * h;
  const parts: string[] = [];
  parts.push(`<text x="${width / 2}" y="16" text-anchor="middle" class="title">${esc(spec.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (spec.yMax * i) / 4;
    parts.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
    parts.push(`<text x="${m.left - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${esc(fmt(v))}</text>`);
  }
  const xTicks = spec.xTicks ?? [0, spec.xMax / 2, spec.xMax];
  for (const v of xTicks) {
    parts.push(`<text x="${x(v)}" y="${m.top + h + 16}" text-anchor="middle" class="tick">${esc(spec.xFormat ? spec.xFormat(v) : String(v))}</text>`);
  }
  parts.push(`<text x="${m.left + w / 2}" y="${height - 4}" text-anchor="middle" class="axis">${esc(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(12 ${m.top + h / 2}) rotate(-90)" text-anchor="middle" class="axis">${esc(spec.yLabel)}</text>`);
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + h}" class="frame"/>`);
  parts.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${m.top + h}" y2="${m.top + h}" class="frame"/>`);
  spec.series.forEach((s, i) => {
    const pts = s.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline class="series" data-series="${esc(s.name)}" data-points="${s.points.length}" fill="none" stroke="${s.color}" stroke-width="1.6" points="${pts}"/>`,
    );
    if (spec.dots) for (const [px, py] of s.points) parts.push(`<circle class="point" cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="3" fill="${s.color}"/>`);
    parts.push(`<rect x="${m.left + 8 + i * 90}" y="${m.top + 4}" width="10" height="10" fill="${s.color}"/>`);
    parts.push(`<text x="${m.left + 22 + i * 90}" y="${m.top + 13}" class="legend">${esc(s.name)}</text>`);
  });
  return `<svg class="chart ${esc(spec.kind)}" role="img" aria-label="${esc(spec.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function lagCharts(result: PatternResult): string {
  const pick = (variant: 'blocking' | 'fixed'): RunResult | undefined =>
    medianRun(result.runs.filter((r) => r.variant === variant && !r.error && r.lagTimeline.length > 0));
  const blocking = pick('blocking');
  const fixed = pick('fixed');
  if (!blocking || !fixed) return '<p class="muted">No complete run to chart.</p>';
  const yMax = niceMax(Math.max(...blocking.lagTimeline.map((p) => p[1]), ...fixed.lagTimeline.map((p) => p[1]), 1));
  const xMax = Math.max(blocking.windowMs, fixed.windowMs);
  const chart = (run: RunResult, name: string, color: string): string =>
    lineChart({
      title: `${name}: heartbeat lag over time (worst per 100 ms)`,
      kind: `lag-chart lag-${name}`,
      xLabel: 'time in the measured window',
      yLabel: 'lag',
      xMax,
      yMax,
      series: [{ name, color, points: run.lagTimeline }],
      xFormat: (v) => `${(v / 1000).toFixed(1)} s`,
    });
  return `<div class="pair">${chart(blocking, 'blocking', BLOCKING)}${chart(fixed, 'fixed', FIXED)}</div>`;
}

function sweepChart(sweep: SweepResult): string {
  const points = sweep.points.filter((p) => p.connections > 0);
  if (points.length === 0) return '';
  const blocking = points.map((p) => [p.connections, p.blocking.ping.p99Ms] as const);
  const fixed = points.map((p) => [p.connections, p.fixed.ping.p99Ms] as const);
  const xMax = Math.max(...points.map((p) => p.connections));
  return lineChart({
    title: `${sweep.id}: /ping p99 against concurrency`,
    kind: 'sweep-chart',
    xLabel: 'concurrent /work connections',
    yLabel: '/ping p99',
    xMax,
    yMax: niceMax(Math.max(...blocking.map((p) => p[1]), ...fixed.map((p) => p[1]), 1)),
    series: [
      { name: 'blocking', color: BLOCKING, points: blocking },
      { name: 'fixed', color: FIXED, points: fixed },
    ],
    dots: true,
    xTicks: points.map((p) => p.connections),
  });
}

/** Horizontal bars of heartbeat max, blocking against fixed, one row a pattern, on a log scale. */
function summaryChart(results: readonly PatternResult[]): string {
  const rows = results.filter((r) => r.blocking && r.fixed);
  if (rows.length === 0) return '';
  const rowH = 22;
  const left = 190;
  const width = 760;
  const w = width - left - 80;
  const top = 28;
  const height = top + rows.length * rowH + 30;
  const maxV = niceMax(Math.max(...rows.map((r) => Math.max(r.blocking?.heartbeatMaxMs ?? 1, r.fixed?.heartbeatMaxMs ?? 1))));
  const scale = (v: number): number => (Math.log10(Math.max(1, v)) / Math.log10(Math.max(10, maxV))) * w;
  const parts: string[] = [
    `<text x="${width / 2}" y="16" text-anchor="middle" class="title">Heartbeat max lag per pattern (log scale)</text>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const b = r.blocking?.heartbeatMaxMs ?? 0;
    const f = r.fixed?.heartbeatMaxMs ?? 0;
    parts.push(`<text x="${left - 8}" y="${y + 14}" text-anchor="end" class="tick">${esc(r.id)}</text>`);
    parts.push(`<rect class="bar bar-blocking" x="${left}" y="${y + 2}" width="${Math.max(1, scale(b)).toFixed(1)}" height="8" fill="${BLOCKING}"/>`);
    parts.push(`<rect class="bar bar-fixed" x="${left}" y="${y + 11}" width="${Math.max(1, scale(f)).toFixed(1)}" height="8" fill="${FIXED}"/>`);
    parts.push(`<text x="${left + scale(b) + 6}" y="${y + 10}" class="tick">${esc(fmt(b))}</text>`);
    parts.push(`<text x="${left + scale(f) + 6}" y="${y + 19}" class="tick">${esc(fmt(f))}</text>`);
  });
  return `<svg class="chart summary-chart" role="img" aria-label="heartbeat max per pattern" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

export function renderHtml(report: ImpactReport): string {
  const rows = report.patterns
    .map(
      (r) => `<tr class="${r.verdict.replace(/ /g, '-')}">
  <td><a href="#${esc(r.id)}">${esc(r.id)}</a></td><td>${esc(r.kind)}</td>
  <td>${fmt(r.blocking?.heartbeatMaxMs)}</td><td>${fmt(r.fixed?.heartbeatMaxMs)}</td>
  <td>${fmt(r.blocking?.pingP99Ms)}</td><td>${fmt(r.fixed?.pingP99Ms)}</td>
  <td>${r.ratios ? `x${r.ratios.blocked ?? r.ratios.heartbeat} / x${r.ratios.pingP99}` : '–'}</td>
  <td>${r.metric && r.blocking?.metric !== undefined ? `${esc(r.metric.label)}: ${esc(r.blocking.metric)} vs ${esc(r.fixed?.metric ?? '–')} ${esc(r.metric.unit)}` : ''}</td>
  <td class="verdict">${esc(r.verdict)}</td></tr>`,
    )
    .join('\n');
  const sections = report.patterns
    .map(
      (r) => `<section id="${esc(r.id)}"><h3>${esc(r.id)} <small>${esc(r.title)}</small></h3>
<p><b>${esc(r.verdict)}</b>: ${esc(r.reason)}. Catalog: ${r.catalogIds.map((c) => `<code>${esc(c)}</code>`).join(', ')}; fix: ${esc(r.fix)};
${r.connections} connections; one blocking call took ${fmt(r.blocking?.callMs)}; SIGTERM handled after ${fmt(r.blocking?.sigtermHandlerMs)} (blocking) / ${fmt(r.fixed?.sigtermHandlerMs)} (fixed);
/work ${r.blocking ? Math.round(r.blocking.rps) : '–'} vs ${r.fixed ? Math.round(r.fixed.rps) : '–'} req/s (reported, not judged).</p>
${lagCharts(r)}</section>`,
    )
    .join('\n');
  const sweeps = report.sweeps.map(sweepChart).join('\n');
  const m = report.machine;
  const o = report.options;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loopguard impact report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:12px 0}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}
td:nth-child(n+3){white-space:nowrap}
tr.verified .verdict{color:#1b7f3b;font-weight:600}tr.refuted .verdict{color:#b00020;font-weight:600}tr.inconclusive .verdict{color:#a15c00;font-weight:600}
.pair{display:flex;gap:12px;flex-wrap:wrap}.muted{color:#777}code{background:#f3f3f3;padding:0 3px}
svg .title{font-size:12px;font-weight:600}svg .tick,svg .legend{font-size:10px;fill:#444}svg .axis{font-size:11px;fill:#444}
svg .grid{stroke:#eee}svg .frame{stroke:#999}
</style></head><body>
<h1>loopguard impact report</h1>
<p>${esc(report.date)} · ${esc(report.tool.name)} ${esc(report.tool.version)} · Node ${esc(m.node)} · ${m.cpus} × ${esc(m.cpuModel)} · ${m.memoryGb} GiB · load average ${esc(m.loadAverage.join(' '))} at start</p>
<p>Method: a fresh server per run; ${o.connections} connections on <code>/work</code> for ${o.warmupMs} ms warm-up + ${o.durationMs} ms measured;
<code>/ping</code> every ${o.pingIntervalMs} ms timed from its scheduled send; ${o.heartbeatMs} ms heartbeat; ${(o.minReps ?? o.reps) === o.reps ? o.reps : `${o.minReps} to ${o.reps} (adaptive)`} interleaved repetitions; the verdict on each repetition's blocked-time and /ping p99 ratios, geometric mean with a ${Math.round(VERDICT.confidence * 100)}% bootstrap interval.
Baseline heartbeat max: ${fmt(report.baseline?.heartbeat.maxLagMs)} (threshold ${o.noiseThresholdMs} ms)${report.quiet ? '' : ' — <b>the machine was noisy</b>'}.
${report.aborted ? `<p><b>Stopped:</b> ${esc(report.aborted)}</p>` : ''}</p>
<h2>Summary</h2>
<table><thead><tr><th>pattern</th><th>kind</th><th>heartbeat max blocking</th><th>fixed</th><th>/ping p99 blocking</th><th>fixed</th><th>ratios blocked time / ping</th><th>own measurement</th><th>verdict</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${summaryChart(report.patterns)}
${sweeps ? `<h2>Concurrency sweep</h2><div class="pair">${sweeps}</div>` : ''}
<h2>Patterns</h2>
${sections}
</body></html>
`;
}

export function writeHtmlReport(report: ImpactReport, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderHtml(report));
}
