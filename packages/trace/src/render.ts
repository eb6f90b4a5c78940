import * as path from 'node:path';
import type { Cost, RuntimeOnly, TraceReport } from './report';
import type { Frame } from './format';

function where(frame: Frame | undefined, root: string): string {
  if (!frame) return '(no project frame)';
  const rel = path.relative(root, frame.file);
  return `${rel.startsWith('..') ? frame.file : rel.split(path.sep).join('/')}:${frame.line}:${frame.column}`;
}

function costText(c: Cost): string {
  return `${c.calls} calls, ${c.totalMs} ms total, p50 ${c.p50Ms} ms, p99 ${c.p99Ms} ms, max ${c.maxMs} ms, ${c.delayedRequests} requests and ${c.lateTimers} timers late`;
}

export function renderTerminal(report: TraceReport, root: string): string {
  const lines: string[] = [];
  lines.push(`Trace of ${report.recordedAt}: \`${report.command.join(' ')}\`, ${report.processes} process(es)${report.sample < 1 ? `, sampled at ${report.sample} (counts scaled up)` : ''}`);
  lines.push('', `Static findings that ran (${report.ran.length}), costliest first:`);
  for (const m of report.ran) lines.push(`  ${where({ file: m.finding.filePath, line: m.finding.line, column: m.finding.column }, root)}  ${m.entry}  ${costText(m.cost)}`);
  const missed = report.runtimeOnly.filter((r) => r.verdict === 'missed' || r.verdict === 'not-analysed');
  const silences = report.runtimeOnly.filter((r) => !missed.includes(r));
  lines.push('', `Blocking calls the analysis did not report (${report.runtimeOnly.length}):`);
  for (const r of missed) lines.push(...runtimeLines(r, root));
  const byVerdict = new Map<string, RuntimeOnly[]>();
  for (const r of silences) byVerdict.set(r.verdict, [...(byVerdict.get(r.verdict) ?? []), r]);
  for (const [verdict, group] of byVerdict) {
    const total = group.reduce((s, r) => s + r.cost.totalMs, 0);
    lines.push(`  correct silence (${verdict === 'test' ? 'test code' : verdict}): ${group.length} call sites, ${Math.round(total)} ms in total`);
    for (const reason of new Set(group.map((g) => g.reason))) lines.push(`    ${reason}`);
    for (const r of group.filter((g) => !g.viaRequire).slice(0, 10)) lines.push(`    ${where(r.location, root)}  ${r.entry}  ${r.cost.calls} calls, ${r.cost.totalMs} ms`);
  }
  lines.push('', `Static findings that never ran (${report.neverRan.length}):`);
  for (const f of report.neverRan) lines.push(`  ${where({ file: f.filePath, line: f.line, column: f.column }, root)}  ${f.catalogId ?? ''}`);
  if (report.stalls.length) {
    lines.push('', 'Longest event-loop stalls:');
    for (const s of report.stalls.slice(0, 5)) {
      const calls = s.calls.map((c) => `${c.entry}${c.count > 1 ? ` ×${c.count}` : ''} ${c.ms} ms at ${where(c.location, root)}`).join('; ');
      lines.push(`  ${s.lagMs} ms late at ${Math.round(s.atMs)} ms (${s.phase}, pid ${s.pid} ${s.thread}): ${calls || 'no catalog call'}${s.otherMs > 0 ? `; ${s.otherMs} ms other work` : ''}`);
    }
  }
  for (const p of report.problems) lines.push('', `note: ${p}`);
  return `${lines.join('\n')}\n`;
}

function runtimeLines(r: RuntimeOnly, root: string): string[] {
  const label = r.verdict === 'missed' ? 'missed finding' : 'not analysed';
  return [
    `  ${label}: ${where(r.location, root)}  ${r.entry}  ${costText(r.cost)}`,
    `    ${r.reason}`,
    ...r.stack.slice(0, 6).map((f) => `      at ${f.fn ?? '<anonymous>'} (${where(f, root)})`),
  ];
}

export function renderJson(report: TraceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
}

/** A horizontal bar chart of total blocked time, as inline SVG (no scripts, opens from disk). */
function barChart(rows: Array<{ label: string; value: number; tone: string }>): string {
  if (rows.length === 0) return '<p>Nothing to chart.</p>';
  const max = Math.max(...rows.map((r) => r.value), 1);
  const height = 22;
  const bars = rows
    .map((r, i) => {
      const width = Math.max(1, Math.round((r.value / max) * 420));
      return `<text x="0" y="${i * height + 15}" font-size="12">${escape(r.label)}</text><rect x="330" y="${i * height + 4}" width="${width}" height="14" fill="${r.tone}"/><text x="${336 + width}" y="${i * height + 15}" font-size="12">${r.value} ms</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="860" height="${rows.length * height + 4}" font-family="sans-serif">${bars}</svg>`;
}

export function renderHtml(report: TraceReport, root: string): string {
  const ranRows = report.ran.slice(0, 25).map((m) => ({ label: `${where({ file: m.finding.filePath, line: m.finding.line, column: m.finding.column }, root)} ${m.entry}`.slice(-52), value: m.cost.totalMs, tone: '#c0392b' }));
  const missedRows = report.runtimeOnly.filter((r) => r.verdict === 'missed').slice(0, 25).map((r) => ({ label: `${where(r.location, root)} ${r.entry}`.slice(-52), value: r.cost.totalMs, tone: '#d68910' }));
  const stallRows = report.stalls.slice(0, 15).map((s) => ({ label: `${Math.round(s.atMs)} ms ${s.phase} ${s.calls[0]?.entry ?? 'other work'}`.slice(-52), value: s.lagMs, tone: '#2e86c1' }));
  const table = (head: string[], rows: string[][]) =>
    `<table><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</table>`;
  const costCells = (c: Cost) => [String(c.calls), String(c.totalMs), String(c.p50Ms), String(c.p99Ms), String(c.maxMs), String(c.delayedRequests), String(c.lateTimers)];
  const costHead = ['calls', 'total ms', 'p50 ms', 'p99 ms', 'max ms', 'requests late', 'timers late'];
  return `<!doctype html><html><head><meta charset="utf-8"><title>loopguard trace report</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px;text-align:left}</style></head><body>
<h1>loopguard trace report</h1>
<p>Trace of ${escape(report.recordedAt)}: <code>${escape(report.command.join(' '))}</code>, ${report.processes} process(es)${report.sample < 1 ? `, sampled at ${report.sample}` : ''}.</p>
<h2>Static findings that ran (${report.ran.length})</h2>${barChart(ranRows)}
${table(['finding', 'API', ...costHead], report.ran.map((m) => [where({ file: m.finding.filePath, line: m.finding.line, column: m.finding.column }, root), m.entry, ...costCells(m.cost)]))}
<h2>Blocking calls the analysis did not report (${report.runtimeOnly.length})</h2>${barChart(missedRows)}
${table(['verdict', 'where', 'API', 'why', ...costHead], report.runtimeOnly.filter((r) => !r.viaRequire).map((r) => [r.verdict, where(r.location, root), r.entry, r.reason, ...costCells(r.cost)]))}
<h2>Static findings that never ran (${report.neverRan.length})</h2>
${table(['finding', 'API'], report.neverRan.map((f) => [where({ file: f.filePath, line: f.line, column: f.column }, root), f.catalogId ?? '']))}
<h2>Longest event-loop stalls</h2>${barChart(stallRows)}
${report.problems.map((p) => `<p><b>note:</b> ${escape(p)}</p>`).join('\n')}
</body></html>
`;
}
