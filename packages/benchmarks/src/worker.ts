/**
 * One measured lint run, in a process of its own: the project service keeps TypeScript programs for the
 * life of a process, so a run in a shared process would reuse the programs of the run before it.
 * Usage: `node dist/worker.js <job.json>` (or `-`: the job on stdin); prints one line `BENCH_RESULT <json>`.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { eslintOptions, type ConfigContext, type ConfigId } from './configs';

export interface WorkerJob extends ConfigContext {
  readonly config: ConfigId;
  /** Absolute file names to lint. */
  readonly files: readonly string[];
}

export interface WorkerResult {
  readonly config: ConfigId;
  /** `new ESLint()` to the end of `lintFiles()`: parsing, programs, rules. Module loading is excluded. */
  readonly lintMs: number;
  /** CPU time (user + system) of the process over the same span: less sensitive to other processes on a busy machine. */
  readonly cpuMs: number;
  /** Loading ESLint, the parser and the plugins (reported apart: it is paid once per process). */
  readonly loadMs: number;
  readonly files: number;
  /** Peak resident set size of the process, in MiB. */
  readonly maxRssMiB: number;
  /** Messages by rule id, then by message id. */
  readonly findings: Record<string, Record<string, number>>;
  /** Files with at least one finding, by rule id. */
  readonly filesWithFindings: Record<string, number>;
  /** Parse errors and other fatal messages: the run did not lint these files. */
  readonly fatal: Array<{ file: string; message: string }>;
}

export const RESULT_MARKER = 'BENCH_RESULT ';

export async function runJob(job: WorkerJob): Promise<WorkerResult> {
  const loadStart = performance.now();
  const { ESLint } = require('eslint') as typeof import('eslint');
  const options = eslintOptions(job.config, job); // requires the parser and the plugins
  const loadMs = performance.now() - loadStart;

  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const eslint = new ESLint(options);
  const results = await eslint.lintFiles([...job.files]);
  const cpu = process.cpuUsage(cpuStart);
  const lintMs = performance.now() - start;
  const cpuMs = (cpu.user + cpu.system) / 1000;

  const findings: Record<string, Record<string, number>> = {};
  const filesWithFindings: Record<string, number> = {};
  const fatal: WorkerResult['fatal'] = [];
  for (const result of results) {
    const rulesHere = new Set<string>();
    for (const message of result.messages) {
      if (message.fatal || !message.ruleId) {
        fatal.push({ file: result.filePath, message: message.message });
        continue;
      }
      const byMessage = (findings[message.ruleId] ??= {});
      const messageId = message.messageId ?? 'other';
      byMessage[messageId] = (byMessage[messageId] ?? 0) + 1;
      rulesHere.add(message.ruleId);
    }
    for (const rule of rulesHere) filesWithFindings[rule] = (filesWithFindings[rule] ?? 0) + 1;
  }
  return {
    config: job.config,
    lintMs,
    cpuMs,
    loadMs,
    files: results.length,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    findings,
    filesWithFindings,
    fatal,
  };
}

if (require.main === module) {
  const jobFile = process.argv[2];
  if (!jobFile) {
    process.stderr.write('usage: node worker.js <job.json | ->\n');
    process.exit(2);
  }
  const job = JSON.parse(fs.readFileSync(jobFile === '-' ? 0 : jobFile, 'utf8')) as WorkerJob;
  runJob(job).then(
    (result) => {
      process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
