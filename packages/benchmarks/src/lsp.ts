/**
 * The language server's latency and memory: measured by the language server's own benchmark
 * (packages/language-server, `bench` script), which this one runs and reads.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './corpora';

export interface LspFigures {
  /** How it was measured, in words. */
  readonly method: string;
  /** Figure name and value, for the table. */
  readonly rows: ReadonlyArray<readonly [string, string]>;
  readonly p95Ms?: number;
  readonly missing?: string;
}

export const LSP_BENCH_SCRIPT = path.join(REPO_ROOT, 'packages', 'language-server', 'scripts', 'bench.mjs');

export function lspFigures(): LspFigures {
  if (!fs.existsSync(LSP_BENCH_SCRIPT)) {
    return { method: '', rows: [], missing: `${path.relative(REPO_ROOT, LSP_BENCH_SCRIPT)} does not exist` };
  }
  const run = spawnSync(process.execPath, [LSP_BENCH_SCRIPT], { cwd: path.dirname(path.dirname(LSP_BENCH_SCRIPT)), encoding: 'utf8', timeout: 20 * 60_000 });
  if (run.status !== 0) {
    return { method: '', rows: [], missing: `the language server's benchmark exited ${run.status}: ${(run.stderr || run.stdout || '').trim().split('\n').slice(-3).join(' ')}` };
  }
  return { method: 'The language server\'s own benchmark (`pnpm --filter @loopguard/language-server bench`).', rows: [['output', run.stdout.trim().split('\n').slice(-1)[0] ?? '']] };
}
