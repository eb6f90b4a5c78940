// The figures the repository quotes, from a quiet machine:  pnpm --filter @loopguard/fixture-server quiet-runs
// Refuses to start at a 1-minute load average of --max-load (1.5) or more; runs the full suite --runs (3) times in
// a row; checks that every pattern got the same verdict each time; writes the last run, with the wall times and
// the load average before and after, as fixtures/patterns/impact.json; regenerates every figure quoted from it.
// Exit status: 0 all agree and every pattern is verified or explains in its manifest why not; 1 otherwise;
// 3 when the machine is not quiet (nothing is written then).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PATTERNS_DIR, loadPatterns } from '../src/patterns';
import { generatedDocs } from '../src/report/figures';
import { renderPatternsReadme } from '../src/report/patterns-readme';
import { terminalReporter } from '../src/report/table';
import { runImpact } from '../src/run/impact';
import type { Consistency, ImpactReport } from '../src/types';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, 'max-load': { type: 'string', default: '1.5' } },
  });
  const runs = Number(values.runs);
  const maxLoad = Number(values['max-load']);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`quiet-runs: --runs must be a positive integer, not "${values.runs}"`);
  const round = (l: number[]): number[] => l.map((v) => Math.round(v * 100) / 100);
  const before = round(os.loadavg());
  if ((before[0] ?? 0) >= maxLoad) {
    process.stderr.write(`quiet-runs: the 1-minute load average is ${before.join(' ')}, not under ${maxLoad}: stop other work and run again. Nothing written.\n`);
    return 3;
  }
  const reports: ImpactReport[] = [];
  for (let i = 1; i <= runs; i++) {
    process.stderr.write(`\nquiet-runs: full run ${i} of ${runs} (load average ${round(os.loadavg()).join(' ')})\n`);
    const report = await runImpact({ reporter: terminalReporter() });
    if (report.aborted) {
      process.stderr.write(`quiet-runs: run ${i} stopped: ${report.aborted}. Nothing written.\n`);
      return 3;
    }
    reports.push(report);
  }
  const after = round(os.loadavg());
  const ids = reports[0]?.patterns.map((p) => p.id) ?? [];
  const disagreements: string[] = [];
  for (const id of ids) {
    const verdicts = reports.map((r) => r.patterns.find((p) => p.id === id)?.verdict ?? 'missing');
    if (new Set(verdicts).size > 1) disagreements.push(`${id}: ${verdicts.join(', ')}`);
  }
  const consistency: Consistency = {
    runs,
    seconds: reports.map((r) => Math.round(r.seconds)),
    verdictsAgree: disagreements.length === 0,
    disagreements,
    loadAverageBefore: before,
    loadAverageAfter: after,
  };
  const last = { ...(reports[reports.length - 1] as ImpactReport), consistency };
  fs.writeFileSync(path.join(DEFAULT_PATTERNS_DIR, 'impact.json'), `${JSON.stringify(last, null, 1)}\n`);
  fs.writeFileSync(path.join(DEFAULT_PATTERNS_DIR, 'README.md'), renderPatternsReadme(loadPatterns(undefined), last));
  for (const [file, text] of generatedDocs(path.resolve(DEFAULT_PATTERNS_DIR, '..', '..'), last)) fs.writeFileSync(file, text);

  const unexplained = last.patterns.filter((p) => p.verdict !== 'verified' && p.verdict !== 'not run' && !p.limits && !p.notAStall);
  process.stdout.write(
    `\nquiet-runs: ${runs} runs of ${consistency.seconds.map((s) => `${s} s`).join(', ')}; load average ${before.join(' ')} before, ${after.join(' ')} after\n` +
      `verdicts ${consistency.verdictsAgree ? 'agree in every run' : `DISAGREE: ${disagreements.join('; ')}`}\n` +
      `${last.patterns.filter((p) => p.verdict === 'verified').length} of ${last.patterns.length} verified` +
      `${unexplained.length ? `; not verified without a reason in the manifest: ${unexplained.map((p) => `${p.id} (${p.verdict})`).join(', ')}` : ''}\n` +
      'wrote fixtures/patterns/impact.json and README.md, packages/fixture-server/README.md, README.md, BENCHMARKS.md: review and commit them\n',
  );
  return consistency.verdictsAgree && unexplained.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  },
);
