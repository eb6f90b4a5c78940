import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './errors';
import { cliVersion, lint } from './lint';
import { Progress } from './progress';

type TraceApi = typeof import('@loopguard/trace');

export const TRACE_HELP = `Usage: loopguard trace [--out <file>] [--sample <0..1>] [--stall-ms <n>] -- <command> [args...]
       loopguard trace report [paths...] [--trace <file>] [--format terminal|json|html] [-o <file>] [--no-types]

Runs <command> (\`node dist/server.js\`, \`npm test\`, \`node --test\`) with every catalog API wrapped in each Node
process and worker thread it starts, and writes what blocked the event loop to .loopguard/trace.json.
\`trace report\` lints the project (the given paths, default the current folder) and joins the findings with
the trace: findings that ran, ranked by measured cost; blocking calls the analysis did not report, each a
missed finding or a correct silence (start-up, CLI, worker, test code); findings that never ran.
`;

function loadTrace(): TraceApi {
  try {
    return require('@loopguard/trace') as TraceApi;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new UsageError(
      '`loopguard trace` needs @loopguard/trace, which is not installed next to the CLI. Install it (`npm install --save-dev @loopguard/trace`), or in the loopguard repository run `pnpm build`.',
    );
  }
}

interface Streams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export async function runTraceCommand(argv: readonly string[], cwd: string, streams: Streams): Promise<number> {
  if (argv[0] === 'report') return runReport(argv.slice(1), cwd, streams);
  const dashes = argv.indexOf('--');
  const own = dashes < 0 ? [...argv] : argv.slice(0, dashes);
  const command = dashes < 0 ? [] : argv.slice(dashes + 1);
  const { values } = parseOrExplain(own, { out: { type: 'string' }, sample: { type: 'string' }, 'stall-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    streams.stdout.write(TRACE_HELP);
    return 0;
  }
  if (command.length === 0) throw new UsageError('trace: give the command to run after `--`, e.g. `loopguard trace -- node dist/server.js`.');
  const sample = values.sample === undefined ? 1 : Number(values.sample);
  if (!(sample > 0 && sample <= 1)) throw new UsageError(`trace: --sample must be a number above 0 and at most 1 (the fraction of calls recorded), not "${values.sample}".`);
  const stallMs = values['stall-ms'] === undefined ? undefined : Number(values['stall-ms']);
  if (stallMs !== undefined && !(stallMs > 0)) throw new UsageError(`trace: --stall-ms must be a positive number of milliseconds, not "${values['stall-ms']}".`);
  const api = loadTrace();
  const result = await api.runTraced({ command, cwd, sample, ...(stallMs ? { stallMs } : {}), ...(values.out ? { out: values.out } : {}), tool: `loopguard ${cliVersion()}` });
  const calls = result.trace.processes.reduce((n, p) => n + p.sites.reduce((m, s) => m + s.calls, 0), 0);
  streams.stderr.write(`loopguard trace: ${calls} blocking calls in ${result.trace.processes.length} process(es); trace in ${path.relative(cwd, result.tracePath) || result.tracePath}. Next: \`loopguard trace report\`.\n`);
  return result.exitCode ?? 1;
}

async function runReport(argv: readonly string[], cwd: string, streams: Streams): Promise<number> {
  const { values, positionals } = parseOrExplain(
    argv,
    { trace: { type: 'string' }, format: { type: 'string', short: 'f' }, 'output-file': { type: 'string', short: 'o' }, 'no-types': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    streams.stdout.write(TRACE_HELP);
    return 0;
  }
  const format = values.format ?? 'terminal';
  if (!['terminal', 'json', 'html'].includes(format)) throw new UsageError(`trace report: --format must be terminal, json or html, not "${format}".`);
  const api = loadTrace();
  const tracePath = path.resolve(cwd, values.trace ?? api.DEFAULT_TRACE);
  let trace;
  try {
    trace = api.readTrace(tracePath);
  } catch (error) {
    if (error instanceof api.TraceError) throw new UsageError(`trace report: ${error.message}`);
    throw error;
  }
  const outcome = await lint({ paths: positionals, cwd, severity: 'error', concurrency: 'off', types: !values['no-types'], progress: Progress.forRun(false, process.stderr) });
  const report = api.buildReport(trace, tracePath, outcome.results, cwd);
  const text = format === 'json' ? api.renderJson(report) : format === 'html' ? api.renderHtml(report, cwd) : api.renderTerminal(report, cwd);
  for (const problem of report.problems) streams.stderr.write(`loopguard: ${problem}\n`);
  const target = values['output-file'];
  if (target) {
    fs.mkdirSync(path.dirname(path.resolve(cwd, target)), { recursive: true });
    fs.writeFileSync(path.resolve(cwd, target), text);
  } else streams.stdout.write(text);
  return 0;
}

function parseOrExplain<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(args: readonly string[], options: T, positionals: boolean) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw new UsageError(`trace: ${(error as Error).message} Run \`loopguard trace --help\`.`);
  }
}
