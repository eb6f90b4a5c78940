/**
 * The language server's latency and memory, measured by the language server's own benchmark
 * (packages/language-server/scripts/bench.mjs, its `bench` script), which this one runs and reads.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './corpora';

export interface LspFigures {
  /** How it was measured, in words. */
  readonly method: string;
  /** Figure name and value, for the table. */
  readonly rows: ReadonlyArray<readonly [string, string]>;
  /** The worst p95 over the language server's client profiles (ESLint's row is the reference, not counted). */
  readonly p95Ms?: number;
  readonly missing?: string;
}

/** What `bench.mjs --json=<file>` writes. */
export interface LspBenchReport {
  readonly project: { readonly files: number; readonly bigFileLines: number };
  readonly warmupEdits: number;
  readonly results: ReadonlyArray<{
    readonly profile: string;
    readonly firstLintMs: number;
    readonly edits: number;
    readonly p50Ms: number;
    readonly p95Ms: number;
    readonly maxMs: number;
    readonly findings: number;
    readonly serverRssMB: number;
    readonly serverHeapMB?: number;
    readonly typedLints?: number;
    readonly lints?: number;
    readonly serverCpuMsPerEdit?: number;
    /** Quick-pass lints (the server's first answer to an edit); `lints` counts the full passes. */
    readonly quickLints?: number;
    readonly pausedEdits?: number;
    /** didChange → the full pass's result, for edits followed by a pause. */
    readonly fullAfterPauseP50Ms?: number;
    readonly fullAfterPauseMaxMs?: number;
    /** Server CPU per edit followed by a pause: the quick pass and the full pass. */
    readonly serverCpuMsPerPausedEdit?: number;
  }>;
  readonly loadAverage?: readonly number[];
  readonly loadAverageBefore?: readonly number[];
  /** issue 16's targets and whether this run met them (bench.mjs computes it; older reports have none). */
  readonly acceptance?: {
    readonly p95Ms?: Check;
    readonly serverCpuMsPerEdit?: Check;
    readonly firstLintMs?: Check;
    readonly rssMB?: Check & { readonly afterEdits: number };
    readonly speedupOverEslintP50?: Readonly<Record<string, number>>;
  };
}

interface Check {
  readonly value: number;
  readonly target: number;
  readonly met: boolean;
}

export const LSP_BENCH_SCRIPT = path.join(REPO_ROOT, 'packages', 'language-server', 'scripts', 'bench.mjs');

const PROFILE_NAMES: Record<string, string> = {
  pull: 'pull diagnostics (VS Code-like)',
  push: 'pushed diagnostics (Neovim-like; debounced only within bursts of keystrokes)',
  eslint: "ESLint's lintText on the same edits (vscode-eslint-like: warm, projectService, unsaved text)",
};

const TARGET_NAMES: Record<string, string> = {
  p95Ms: 'target: p95 didChange → diagnostics',
  serverCpuMsPerEdit: 'target: server CPU per edit',
  firstLintMs: 'target: first diagnostics after opening',
  rssMB: 'target: server RSS',
};

export function lspFiguresFrom(report: LspBenchReport): LspFigures {
  const rows: Array<[string, string]> = [];
  for (const r of report.results) {
    const who = PROFILE_NAMES[r.profile] ?? r.profile;
    rows.push([`${who}: didChange → diagnostics, p50 / p95 / max over ${r.edits} edits`, `${r.p50Ms} / ${r.p95Ms} / ${r.maxMs} ms`]);
    if (r.serverCpuMsPerEdit !== undefined) rows.push([`${who}: server CPU time per edit (independent of how busy the machine is)`, `${r.serverCpuMsPerEdit} ms`]);
    if (r.fullAfterPauseP50Ms !== undefined) {
      rows.push([`${who}: didChange → the full pass's diagnostics, for ${r.pausedEdits} edits each followed by a pause, p50 / max`, `${r.fullAfterPauseP50Ms} / ${r.fullAfterPauseMaxMs} ms`]);
      rows.push([`${who}: server CPU time per edit followed by a pause (quick pass + full pass)`, `${r.serverCpuMsPerPausedEdit} ms`]);
    }
    rows.push([`${who}: first lint after opening`, `${r.firstLintMs} ms`]);
    rows.push([`${who}: server resident memory after the edits`, `${r.serverRssMB} MB${r.serverHeapMB !== undefined ? ` (JS heap ${r.serverHeapMB} MB)` : ''}`]);
    const passes = r.quickLints !== undefined && r.lints !== undefined ? `; ${r.quickLints} quick passes, ${r.lints} full passes` : '';
    rows.push([`${who}: diagnostics on the edited file`, `${r.findings}${r.typedLints !== undefined && r.lints !== undefined ? ` (${r.typedLints} of ${r.lints} full lints typed${passes})` : ''}`]);
  }
  const acceptance = report.acceptance;
  if (acceptance) {
    for (const [key, name] of Object.entries(TARGET_NAMES)) {
      const check = acceptance[key as 'p95Ms'] as (Check & { afterEdits?: number }) | undefined;
      if (!check) continue;
      const unit = key === 'rssMB' ? 'MB' : 'ms';
      const after = check.afterEdits !== undefined ? ` after ${check.afterEdits} edits` : '';
      rows.push([`${name} ≤ ${check.target} ${unit}${after}`, `${check.met ? 'met' : 'missed'}: ${check.value} ${unit}`]);
    }
    for (const [profile, ratio] of Object.entries(acceptance.speedupOverEslintP50 ?? {})) {
      rows.push([`${PROFILE_NAMES[profile] ?? profile}: ESLint's lintText p50 / this p50`, `${ratio}×`]);
    }
  }
  const p95s = report.results.filter((r) => r.profile !== 'eslint').map((r) => r.p95Ms);
  return {
    method:
      `The language server's own benchmark (\`packages/language-server/scripts/bench.mjs\`): the built server (\`dist/main.js --stdio\`) on a generated project of ` +
      `${report.project.files} files whose edited file has ${report.project.bigFileLines} lines; after ${report.warmupEdits} warm-up edits, each one-character \`didChange\` ` +
      'is timed until the diagnostics of that version arrive, once with a pulling client and once with a pushing one. The server answers an edit with its quick pass ' +
      "(the rule on oxc's parse, no types, the last full pass's cross-file chains kept) and runs the full pass (the CLI's lint) once typing pauses: the timed edits come back to back, " +
      "so they measure the quick pass; edits each followed by a pause measure the full pass. Then, in the same run, " +
      "ESLint's `lintText` lints the same edits in a warm process of its own with the project service and the same rule (what vscode-eslint does), for the ratio." +
      (report.loadAverageBefore ? ` Load average (1, 5, 15 min) when it started: ${report.loadAverageBefore.join(', ')}.` : '') +
      (report.loadAverage ? ` Load average (1, 5, 15 min) when it ended: ${report.loadAverage.join(', ')} on this 2-CPU machine: latencies include waiting for a CPU; the server CPU time per edit does not.` : ''),
    rows,
    ...(p95s.length ? { p95Ms: Math.max(...p95s) } : {}),
  };
}

/** Figures from a JSON file that `bench.mjs --json=<file>` wrote (a run made apart from this benchmark). */
export function lspFiguresFromFile(file: string): LspFigures {
  let report: LspBenchReport;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8')) as LspBenchReport;
  } catch (error) {
    return { method: '', rows: [], missing: `could not read ${file} (${(error as Error).message}); write it with \`node packages/language-server/scripts/bench.mjs --json=${file}\`` };
  }
  const figures = lspFiguresFrom(report);
  const date = fs.statSync(file).mtime.toISOString().replace(/\.\d+Z$/, 'Z');
  return { ...figures, method: `${figures.method} This run read the figures of a run made apart at ${date} (\`--lsp-json\`), on this machine.` };
}

export function lspFigures(timeoutMs = 60 * 60_000): LspFigures {
  if (!fs.existsSync(LSP_BENCH_SCRIPT)) {
    return { method: '', rows: [], missing: `${path.relative(REPO_ROOT, LSP_BENCH_SCRIPT)} does not exist` };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgbench-lsp-'));
  const out = path.join(dir, 'lsp.json');
  try {
    const run = spawnSync(process.execPath, [LSP_BENCH_SCRIPT, `--json=${out}`], { cwd: path.dirname(path.dirname(LSP_BENCH_SCRIPT)), encoding: 'utf8', timeout: timeoutMs });
    if (run.status !== 0 || !fs.existsSync(out)) {
      const tail = (run.stderr || run.stdout || String(run.error ?? '')).trim().split('\n').slice(-3).join(' ');
      return { method: '', rows: [], missing: `the language server's benchmark exited ${run.status ?? run.signal}: ${tail}` };
    }
    return lspFiguresFrom(JSON.parse(fs.readFileSync(out, 'utf8')) as LspBenchReport);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
