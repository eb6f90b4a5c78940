/**
 * The fixture server's run time: read from the latest full run (`fixtures/patterns/impact.json`, written by
 * `loopguard-impact`), or, without one, measured here on a couple of patterns.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './corpora';

export interface ImpactFigures {
  /** Where the figures come from, in words. */
  readonly source: string;
  readonly date?: string;
  readonly totalSeconds?: number;
  readonly patterns: ReadonlyArray<{ id: string; seconds: number; verdict: string; heartbeatRatio?: number; blocked?: { estimate: number; low: number; high: number } }>;
  /** `quiet-runs`: the wall time of each consecutive full run, whether their verdicts agree, the load before. */
  readonly consistency?: { runs: number; seconds: readonly number[]; verdictsAgree: boolean; loadAverageBefore: readonly number[]; loadAverageAfter: readonly number[] };
  /** Why there are no figures, when there are none. */
  readonly missing?: string;
}

interface ImpactReportShape {
  date?: string;
  seconds?: number;
  aborted?: string;
  patterns?: Array<{ id: string; seconds: number; verdict: string; ratios?: { heartbeat?: number }; stats?: { blocked?: { estimate: number; low: number; high: number } } }>;
  consistency?: ImpactFigures['consistency'];
}

export const LATEST_IMPACT_REPORT = path.join(REPO_ROOT, 'fixtures', 'patterns', 'impact.json');
export const FALLBACK_PATTERNS = ['fs-read-file', 'crypto-pbkdf2'];

export function readImpactReport(file: string, source: string): ImpactFigures {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ImpactReportShape;
  return {
    source,
    ...(report.date ? { date: report.date } : {}),
    ...(report.seconds !== undefined ? { totalSeconds: report.seconds } : {}),
    patterns: (report.patterns ?? []).map((p) => ({
      id: p.id,
      seconds: p.seconds,
      verdict: p.verdict,
      ...(p.ratios?.heartbeat !== undefined ? { heartbeatRatio: p.ratios.heartbeat } : {}),
      ...(p.stats?.blocked ? { blocked: { estimate: p.stats.blocked.estimate, low: p.stats.blocked.low, high: p.stats.blocked.high } } : {}),
    })),
    ...(report.consistency ? { consistency: report.consistency } : {}),
    ...(report.aborted ? { missing: `the run stopped early: ${report.aborted}` } : {}),
  };
}

/** The latest committed full run, else a short run of FALLBACK_PATTERNS with the fixture server's CLI. */
export function impactFigures(options: { runIfMissing: boolean }): ImpactFigures {
  if (fs.existsSync(LATEST_IMPACT_REPORT)) {
    return readImpactReport(LATEST_IMPACT_REPORT, '`fixtures/patterns/impact.json` (the latest full `loopguard-impact` run, all patterns)');
  }
  const bin = path.join(REPO_ROOT, 'packages', 'fixture-server', 'bin', 'loopguard-impact.js');
  if (!options.runIfMissing) return { source: 'not measured', patterns: [], missing: 'no `fixtures/patterns/impact.json` and the short run was not asked for' };
  if (!fs.existsSync(bin)) return { source: 'not measured', patterns: [], missing: `${path.relative(REPO_ROOT, bin)} does not exist (build the fixture server)` };
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lgbench-impact-'));
  try {
    const run = spawnSync(process.execPath, [bin, ...FALLBACK_PATTERNS, '--no-sweep', '--budget', '120', '--force', '--out', out], { encoding: 'utf8', timeout: 15 * 60_000 });
    const file = path.join(out, 'impact.json');
    if (!fs.existsSync(file)) {
      return { source: 'not measured', patterns: [], missing: `loopguard-impact exited ${run.status}: ${(run.stderr || run.stdout || '').trim().split('\n').slice(-3).join(' ')}` };
    }
    return readImpactReport(file, `a run of \`loopguard-impact ${FALLBACK_PATTERNS.join(' ')} --no-sweep --budget 120\` made by this benchmark (no full run was committed)`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
