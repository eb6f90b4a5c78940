import type { ImpactReporter, RunInfo } from '../run/impact';
import type { ImpactReport, PatternResult, RunResult } from '../types';

function fmt(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  return `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)}ms`;
}

const COLUMNS = [
  ['pattern', 28],
  ['hb max blk', 11],
  ['fixed', 8],
  ['ping p99 blk', 13],
  ['fixed', 8],
  ['x blocked/ping', 15],
  ['verdict', 13],
] as const;

function row(cells: readonly string[]): string {
  return cells.map((c, i) => c.padEnd(COLUMNS[i]?.[1] ?? 10)).join(' ');
}

export function tableHeader(): string {
  return row(COLUMNS.map(([name]) => name));
}

export function tableRow(r: PatternResult): string {
  return row([
    r.id,
    fmt(r.blocking?.heartbeatMaxMs),
    fmt(r.fixed?.heartbeatMaxMs),
    fmt(r.blocking?.pingP99Ms),
    fmt(r.fixed?.pingP99Ms),
    r.ratios ? `x${r.ratios.blocked ?? r.ratios.heartbeat}/x${r.ratios.pingP99}` : '–',
    r.verdict,
  ]);
}

/** The whole summary table of a report, with each non-verified pattern's reason under it. */
export function renderTable(report: ImpactReport): string {
  const lines = [tableHeader()];
  for (const r of report.patterns) {
    lines.push(tableRow(r));
    if (r.verdict !== 'verified') lines.push(`    ${r.reason}`);
    if (r.metric && r.blocking?.metric !== undefined) lines.push(`    ${r.metric.label}: ${r.blocking.metric} vs ${r.fixed?.metric} ${r.metric.unit}`);
  }
  return lines.join('\n');
}

/**
 * A reporter that prints progress (one line a run, rewritten in place on a terminal) and a table row as each
 * pattern finishes.
 */
export function terminalReporter(stream: NodeJS.WriteStream = process.stderr): ImpactReporter {
  const tty = Boolean(stream.isTTY);
  let headerShown = false;
  const progress = (text: string): void => {
    if (tty) stream.write(`\r\x1b[2K${text}`);
  };
  const line = (text: string): void => {
    if (tty) stream.write('\r\x1b[2K');
    stream.write(`${text}\n`);
  };
  const describe = (info: RunInfo): string =>
    `[${String(info.index).padStart(3)}/${info.total}] ${info.pattern} ${info.variant} rep ${info.rep} c=${info.connections}`;
  const brief = (run: RunResult): string =>
    run.error ? `failed: ${run.error}` : `heartbeat max ${fmt(run.heartbeat.maxLagMs)}, /ping p99 ${fmt(run.ping.p99Ms)}`;
  return {
    onStart(plan) {
      const o = plan.options;
      line(
        `loopguard-impact: ${plan.patterns.length} patterns, ${plan.runs} runs of ${o.warmupMs} ms warm-up + ${o.durationMs} ms measured, ` +
          `${o.connections} connections, ${o.minReps === o.reps ? o.reps : `${o.minReps}-${o.reps}`} reps${o.sweep.length ? `, sweep ${o.sweep.join('/')}` : ''}`,
      );
    },
    onBaseline(run, quiet) {
      line(`baseline (no-op): ${brief(run)} — ${quiet ? 'quiet enough' : 'TOO NOISY'}`);
    },
    onRunStart(info) {
      progress(`${describe(info)} …`);
    },
    onRunEnd(info, run) {
      if (tty) progress(`${describe(info)}: ${brief(run)}`);
      else line(`${describe(info)}: ${brief(run)}`);
    },
    onPattern(result) {
      if (!headerShown) {
        line(tableHeader());
        headerShown = true;
      }
      line(tableRow(result));
      if (result.verdict !== 'verified') line(`    ${result.reason}`);
    },
    onSweep(sweep) {
      const points = sweep.points.filter((p) => p.connections > 0);
      line(`sweep ${sweep.id}: /ping p99 ${points.map((p) => `c=${p.connections} ${fmt(p.blocking.ping.p99Ms)} vs ${fmt(p.fixed.ping.p99Ms)}`).join(', ')}`);
    },
    onEnd(report) {
      if (report.aborted) line(`stopped: ${report.aborted}`);
      const count = (v: string): number => report.patterns.filter((p) => p.verdict === v).length;
      line(
        `${count('verified')} of ${report.patterns.length} patterns verified, ${count('refuted')} refuted, ${count('inconclusive')} inconclusive` +
          `${count('not run') ? `, ${count('not run')} not run` : ''} in ${report.seconds.toFixed(0)} s`,
      );
    },
  };
}
