import { getEntry } from '@loopguard/catalog';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './errors';
import { count } from './findings';
import { paint, stylish } from './format/stylish';
import { describeStall, latestImpact, readImpactReport, type Impact } from './impact';
import { cliVersion, lint, type LintOutcome } from './lint';
import { Progress } from './progress';

interface Streams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WriteStream;
}

/** Where the example app lives in the loopguard repository, for `loopguard demo` without a folder. */
const REPO_EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'example-app');
/** The copy of it that the build puts in the package (scripts/copy-example-app.mjs), for an npm install. */
const PACKAGED_EXAMPLE = path.resolve(__dirname, '..', 'example-app');

/**
 * The app that `loopguard demo` lints when given no folder: the repository's, run from a clone; else a fresh
 * copy of the packaged one in a temporary folder, because ESLint never lints files under node_modules/.
 */
function defaultDemoApp(cwd: string, stderr: NodeJS.WritableStream): string {
  const inCwd = path.join(cwd, 'fixtures', 'example-app');
  if (fs.existsSync(inCwd)) return inCwd;
  if (fs.existsSync(REPO_EXAMPLE)) return REPO_EXAMPLE;
  if (!fs.existsSync(PACKAGED_EXAMPLE)) {
    throw new UsageError(`demo: this install has no example app (${PACKAGED_EXAMPLE}). Pass the app to lint: loopguard demo <dir>`);
  }
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-demo-')), 'example-app');
  fs.cpSync(PACKAGED_EXAMPLE, copy, { recursive: true });
  stderr.write(`loopguard demo: no folder given; linting a copy of loopguard's example app in ${copy}\n`);
  return copy;
}

/**
 * `loopguard demo [dir]`: lints an app and prints what it found, then what those kinds of calls were
 * measured to cost (from the latest impact report), so that one command shows both halves of loopguard.
 */
export async function runDemo(argv: readonly string[], cwd: string, streams: Streams): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { 'no-color': { type: 'boolean' }, 'impact-report': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} Usage: loopguard demo [dir] [--impact-report <file>]`);
  }
  const dir = parsed.positionals[0] ? path.resolve(cwd, parsed.positionals[0]) : defaultDemoApp(cwd, streams.stderr);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`demo: no folder ${path.relative(cwd, dir) || dir}. Pass the app to lint: loopguard demo <dir>`);
  }
  const reportFile = parsed.values['impact-report'];
  const impact = reportFile ? readImpactReport(path.resolve(cwd, reportFile)) : latestImpact();
  const color = !parsed.values['no-color'] && !process.env.NO_COLOR && Boolean(streams.stdout.isTTY);
  const c = paint(color);
  const shown = path.relative(cwd, dir) || '.';
  streams.stdout.write(`${c('bold', `loopguard demo: ${shown}`)}\n`);
  const outcome = await lint({ paths: [dir], cwd, severity: 'error', concurrency: 'off', types: true, progress: Progress.forRun(undefined, streams.stderr) });
  streams.stdout.write(stylish(outcome, { cwd, color, cliVersion: cliVersion() }));
  streams.stdout.write(`\n${impactSection(outcome, impact, color)}`);
  return 0;
}

/** For each catalog API found: how often, and what its pattern (or its kind's) cost when measured. */
export function impactSection(outcome: LintOutcome, impact: Impact | undefined, color: boolean): string {
  const c = paint(color);
  const found = new Map<string, number>();
  for (const r of outcome.results) for (const f of r.findings) if (f.catalogId) found.set(f.catalogId, (found.get(f.catalogId) ?? 0) + 1);
  const { errors, warnings } = count(outcome.results);
  const total = errors + warnings;
  const withFindings = outcome.results.filter((r) => r.findings.some((f) => !f.fatal)).length;
  const lines = [
    c('bold', `${total} blocking call${total === 1 ? '' : 's'} of ${found.size} API${found.size === 1 ? '' : 's'} in ${withFindings} of ${outcome.results.length} files.`),
  ];
  if (!impact) {
    lines.push('No impact report yet: `loopguard impact` measures what each pattern stalls.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('', c('bold', `What they cost, measured under load (impact report of ${impact.date}):`));
  const shown = new Set<string>();
  for (const [id, n] of [...found].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const entry = getEntry(id);
    const measured = entry ? impact.stallFor(id, entry.kind) : undefined;
    const times = n === 1 ? 'once' : `${n} times`;
    if (!measured) {
      lines.push(`  ${id} (${times}): not measured yet`);
      continue;
    }
    const label = measured.exact ? `${id} (${times})` : `${id} (${times}), measured for its kind (${entry?.kind})`;
    const again = shown.has(measured.stall.pattern);
    shown.add(measured.stall.pattern);
    lines.push(`  ${label}`, `    ${again ? `${measured.stall.pattern}: as above` : describeStall(measured.stall)}`);
  }
  return `${lines.join('\n')}\n`;
}
