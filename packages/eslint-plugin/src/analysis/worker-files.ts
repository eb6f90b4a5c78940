import * as path from 'node:path';
import type * as ts from 'typescript';

/**
 * Code on a worker thread is not the event loop: blocking there is what moving work to a worker is for
 * (loopguard's own "move to a worker thread" writes such files). Two ways to know a file runs on a worker:
 * its own text, and a `new Worker(file)` or a pool's `filename` elsewhere in the program.
 */

const WORKER_MODULE = /\brequire\s*\(\s*['"](?:node:)?worker_threads['"]\s*\)|\bfrom\s*['"](?:node:)?worker_threads['"]/u;
// `workerData:` as an object key is the main thread handing data to a worker, not a worker reading it.
const WORKER_INPUTS = /\bparentPort\b|\bworkerData\b(?!\s*:)/u;

/**
 * A module that takes its input from `worker_threads`' `parentPort` or `workerData`. A file that also tests
 * `isMainThread` runs both ways, so it is not one.
 */
export function isWorkerThreadModule(text: string): boolean {
  return WORKER_MODULE.test(text) && WORKER_INPUTS.test(text) && !/\bisMainThread\b/u.test(text);
}

// `new Worker('./w.js')`, `new Worker(path.join(__dirname, 'w.js'))`, `new Worker(new URL('./w.js', import.meta.url))`,
// and a pool's `filename: path.resolve(__dirname, 'w.js')` (piscina, tinypool).
const NEW_WORKER = /\bnew\s+Worker\s*\(\s*(?:path\.(?:join|resolve)\s*\(\s*__dirname\s*,\s*|new\s+URL\s*\(\s*)?['"`]([^'"`\n]+)['"`]/gu;
const POOL_FILENAME = /\bfilename\s*:\s*(?:path\.(?:join|resolve)\s*\(\s*__dirname\s*,\s*|new\s+URL\s*\(\s*)?['"`]([^'"`\n]+)['"`]/gu;
const POOL_MODULE = /['"](?:piscina|tinypool)['"]/u;
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

const entriesByProgram = new WeakMap<ts.Program, ReadonlySet<string>>();
// Per source file, which the project service reuses across programs while it is unchanged: an edit scans one file again.
const entriesByFile = new WeakMap<ts.SourceFile, readonly string[]>();

/** Files of the program that some `new Worker(...)` or worker pool runs (absolute, with each source extension). */
export function workerEntries(program: ts.Program): ReadonlySet<string> {
  const known = entriesByProgram.get(program);
  if (known) return known;
  const entries = new Set<string>();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || /[\\/]node_modules[\\/]/u.test(file.fileName)) continue;
    for (const entry of entriesOf(file)) entries.add(entry);
  }
  entriesByProgram.set(program, entries);
  return entries;
}

function entriesOf(file: ts.SourceFile): readonly string[] {
  const known = entriesByFile.get(file);
  if (known) return known;
  const entries: string[] = [];
  const text = file.text;
  const patterns = [...(text.includes('Worker') ? [NEW_WORKER] : []), ...(text.includes('filename') && POOL_MODULE.test(text) ? [POOL_FILENAME] : [])];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const target = match[1];
      if (!target) continue;
      const resolved = path.resolve(path.dirname(file.fileName), target);
      // A built path (`./worker.js`) stands for its source (`./worker.ts`) too.
      const stem = resolved.replace(/\.(?:[cm]?[jt]s|[jt]sx)$/u, '');
      entries.push(resolved, ...SOURCE_EXTENSIONS.map((ext) => stem + ext));
    }
  }
  entriesByFile.set(file, entries);
  return entries;
}
