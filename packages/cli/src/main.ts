import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from './demo';
import { UsageError } from './errors';
import { explain, listCatalog } from './explain';
import { count } from './findings';
import { formatters } from './format';
import { latestImpact, readImpactReport, requireFixtureServer } from './impact';
import { cliVersion, lint, loadESLint, type LintOutcome } from './lint';
import { Progress } from './progress';
import { runTraceCommand } from './trace';

export const HELP = `Usage: loopguard [options] [paths...]
       loopguard impact [pattern...]
       loopguard demo [dir] [--impact-report <file>]
       loopguard trace -- <command>   |   loopguard trace report

Finds blocking (synchronous) I/O in async code with zero configuration. Lints the given files and folders
(default: the current folder) with eslint-plugin-loopguard, using type information where a tsconfig.json or
jsconfig.json includes a file. Honours .gitignore; skips node_modules, dist, build, out, coverage and .next.

Options:
  -f, --format <name>        stylish (default), json or sarif (SARIF 2.1.0 for GitHub code scanning)
  -o, --output-file <path>   write the report to a file instead of stdout
  --max-warnings <n>         exit 1 when there are more than n warnings
  --severity <level>         report findings as "error" (default) or "warn"
  --rule-options <json>      options of loopguard/no-blocking-io, e.g. '{"ignore":["fs.existsSync"]}'
  --explain [id]             why a catalog API blocks, what to use instead, its measured stall; no id: list ids
  --impact-report <file>     the impact.json that --explain and demo read (default: the latest committed one)
  --cache                    reuse results of files whose code and dependencies did not change
  --cache-location <path>    cache file (default: .loopguard-cache/results.json)
  --concurrency <n|auto|off> lint on worker threads (ESLint >= 9.34); default off
  --no-types                 lint without type information even where a tsconfig exists
  --progress, --no-progress  force the progress line on stderr (default: on a terminal, for 30+ files)
  --color, --no-color        force colours on or off
  -v, --version              print the versions of loopguard, ESLint and TypeScript
  -h, --help                 print this help

Commands:
  impact [pattern...]        measure the event-loop stall of the fixture patterns (@loopguard/fixture-server)
  demo [dir]                 lint an app (default fixtures/example-app) and show the measured cost of what it found
  trace -- <command>         run a command with the blocking APIs measured; "trace report" joins it with the findings

Exit codes: 0 no findings, 1 findings (or more warnings than --max-warnings), 2 usage or configuration error.
Files that cannot be parsed are listed apart from findings and do not change the exit code.
`;

interface Streams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WriteStream;
}

/** Runs the CLI; resolves to the exit code. Never throws for a user's mistake: it prints it and returns 2. */
export async function run(argv: readonly string[], cwd = process.cwd(), streams: Streams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const command = argv[0];
    if (command === 'impact') return await runImpactCommand(argv.slice(1), cwd, streams);
    if (command === 'demo') return await runDemo(argv.slice(1), cwd, streams);
    if (command === 'trace') return await runTraceCommand(argv.slice(1), cwd, streams);
    return await runLint(argv, cwd, streams);
  } catch (error) {
    if (error instanceof UsageError) {
      streams.stderr.write(`loopguard: ${error.message}\n`);
      return 2;
    }
    const err = error as Error;
    // ESLint reports configuration problems (a rule option, a parser that cannot load) as plain errors.
    streams.stderr.write(`loopguard: ${err.message}\n${process.env.LOOPGUARD_DEBUG ? `${err.stack}\n` : ''}`);
    return 2;
  }
}

export function main(argv: readonly string[]): void {
  void run(argv).then((code) => {
    process.exitCode = code;
  });
}

const LINT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  'max-warnings': { type: 'string' },
  severity: { type: 'string' },
  'rule-options': { type: 'string' },
  explain: { type: 'string' },
  'impact-report': { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  concurrency: { type: 'string' },
  types: { type: 'boolean' },
  'no-types': { type: 'boolean' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(argv: readonly string[]) {
  // `--explain` with no id lists the catalog; parseArgs would take the next option as its value.
  const args = [...argv];
  const at = args.indexOf('--explain');
  if (at >= 0 && (at === args.length - 1 || (args[at + 1] ?? '').startsWith('-'))) args.splice(at + 1, 0, '');
  try {
    return parseArgs({ args, options: LINT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/su, '.')} Run \`loopguard --help\` for the options.`);
  }
}

async function runLint(argv: readonly string[], cwd: string, streams: Streams): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    streams.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    const ts = require('typescript') as { version: string };
    streams.stdout.write(`loopguard ${cliVersion()} (ESLint ${loadESLint().ESLint.version}, TypeScript ${ts.version})\n`);
    return 0;
  }
  if (values.explain !== undefined) {
    const report = values['impact-report'] ? readImpactReport(path.resolve(cwd, values['impact-report'])) : latestImpact();
    streams.stdout.write(values.explain === '' ? listCatalog() : explain(values.explain, report));
    return 0;
  }

  const formatName = values.format ?? 'stylish';
  const format = formatters[formatName];
  if (!format) throw new UsageError(`--format must be one of ${Object.keys(formatters).join(', ')}, not "${formatName}".`);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : parseCount('--max-warnings', values['max-warnings']);
  const severity = values.severity ?? 'error';
  if (severity !== 'error' && severity !== 'warn') throw new UsageError(`--severity must be "error" or "warn", not "${severity}".`);
  const ruleOptions = parseRuleOptions(values['rule-options']);
  const concurrency = parseConcurrency(values.concurrency);
  const cacheLocation = values.cache || values['cache-location'] !== undefined ? (values['cache-location'] ?? path.join('.loopguard-cache', 'results.json')) : undefined;
  const progressFlag = values.progress ? true : values['no-progress'] ? false : undefined;

  const outcome = await lint({
    paths: positionals,
    cwd,
    ...(ruleOptions ? { ruleOptions } : {}),
    severity,
    concurrency,
    types: !values['no-types'],
    ...(cacheLocation ? { cacheLocation } : {}),
    progress: Progress.forRun(progressFlag, streams.stderr),
  });

  const toFile = values['output-file'];
  const color = values.color ? true : values['no-color'] ? false : !toFile && colorByDefault(streams.stdout);
  const text = format(outcome, { cwd, color, cliVersion: cliVersion() });
  if (toFile) {
    const target = path.resolve(cwd, toFile);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  } else {
    streams.stdout.write(text);
  }
  return exitCode(outcome, maxWarnings, streams);
}

/** Findings decide the exit code; a file that could not be parsed is reported but does not fail the run by itself. */
function exitCode(outcome: LintOutcome, maxWarnings: number | undefined, streams: Streams): number {
  const { errors, warnings } = count(outcome.results);
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    streams.stderr.write(`loopguard: ${warnings} warnings, more than --max-warnings ${maxWarnings}.\n`);
    return 1;
  }
  return 0;
}

function colorByDefault(stream: Streams['stdout']): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR !== undefined) return process.env.FORCE_COLOR !== '0';
  return Boolean(stream.isTTY);
}

function parseCount(option: string, value: string): number {
  if (!/^\d+$/u.test(value)) throw new UsageError(`${option} needs a whole number of 0 or more, not "${value}".`);
  return Number(value);
}

export function parseRuleOptions(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--rule-options is not valid JSON (${(error as Error).message}). Example: --rule-options '{"ignore":["fs.existsSync"]}'`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`--rule-options must be a JSON object such as '{"contexts":["request-handler"]}', not ${JSON.stringify(value)}.`);
  }
  return value as Record<string, unknown>;
}

function parseConcurrency(value: string | undefined): number | 'auto' | 'off' {
  if (value === undefined || value === 'off') return 'off';
  if (value === 'auto') return 'auto';
  if (/^[1-9]\d*$/u.test(value)) return Number(value);
  throw new UsageError(`--concurrency must be a positive number, "auto" or "off", not "${value}".`);
}

async function runImpactCommand(argv: readonly string[], cwd: string, streams: Streams): Promise<number> {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ args: [...argv], options: { out: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`${(error as Error).message} Usage: loopguard impact [pattern...] [--out <dir>] [--list]`);
    }
  })();
  if (values.help) {
    streams.stdout.write(IMPACT_HELP);
    return 0;
  }
  const server = requireFixtureServer('impact');
  const known = server.listPatterns();
  if (values.list) {
    streams.stdout.write(`${known.join('\n')}\n`);
    return 0;
  }
  const unknown = positionals.filter((p) => !known.includes(p));
  if (unknown.length > 0) {
    throw new UsageError(`impact: no pattern ${unknown.map((u) => `"${u}"`).join(', ')}. \`loopguard impact --list\` lists them.`);
  }
  const outDir = path.resolve(cwd, values.out ?? 'loopguard-impact');
  const report = await server.runImpact({ patterns: positionals, outDir, reporter: server.terminalReporter(streams.stderr) });
  streams.stdout.write(`${server.renderTable(report)}\nReport: ${path.join(outDir, 'impact.json')} and impact.html\n`);
  return 0;
}

const IMPACT_HELP = `Usage: loopguard impact [pattern...] [--out <dir>] [--list]

Runs each fixture pattern's blocking code and its fix under load on 127.0.0.1 and measures the event-loop
stall (all patterns when none are named), with @loopguard/fixture-server. Writes impact.json and impact.html
to --out (default ./loopguard-impact). For every measurement option, use its own command, loopguard-impact.
`;
