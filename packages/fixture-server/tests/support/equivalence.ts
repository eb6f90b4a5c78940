// Runs each pattern's blocking and fixed handler on the same input and prints {id: {blocking, fixed}} as the
// last line of stdout. Started by tests/patterns.test.ts with tsx and NODE_PATH (as the pattern server is);
// re-runs itself on a newer Node for patterns that need one (node:sqlite).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { cachedDir } from '../../src/server/cached';
import * as os from 'node:os';
import * as path from 'node:path';
import { killAll } from '../../src/run/processes';
import { nodeFor, startUpstream } from '../../src/run/measure';
import { listPatterns, loadPattern } from '../../src/patterns';
import type { Pattern } from '../../src/types';

type Outcome = { blocking?: unknown; fixed?: unknown; error?: string };

function versionOk(p: Pattern): boolean {
  return nodeFor(p).bin === process.execPath;
}

async function compare(p: Pattern): Promise<Outcome> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-eq-'));
  let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;
  try {
    if (p.upstream) upstream = await startUpstream();
    const record = (): void => undefined;
    const tools = { tmpDir, record, cached: (name: string, build: (dir: string) => void) => cachedDir(tmpDir, name, build), ...(upstream ? { upstreamUrl: upstream.url } : {}) };
    const input = p.setupFile ? await require(p.setupFile).setup(p.params, tools) : { ...p.params, record };
    const run = async (file: string): Promise<unknown> => {
      const mod = require(file) as { handle: (i: unknown) => Promise<unknown> };
      return mod.handle(input);
    };
    return { blocking: await run(p.blockingFile), fixed: await run(p.fixedFile) };
  } catch (error) {
    return { error: String((error as Error).message ?? error) };
  } finally {
    killAll();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // Atomics.waitAsync's timeout does not keep Node's loop alive (a server's sockets do): hold it open.
  const keepAlive = setInterval(() => undefined, 1000);
  const only = process.argv[2];
  const results: Record<string, Outcome> = {};
  for (const id of only ? [only] : listPatterns()) {
    const p = loadPattern(id);
    if (!versionOk(p)) {
      try {
        const node = nodeFor(p);
        const out = execFileSync(node.bin, ['--disable-warning=ExperimentalWarning', ...process.execArgv, __filename, id], { encoding: 'utf8', env: process.env });
        Object.assign(results, JSON.parse(out.trim().split('\n').pop() as string));
      } catch (error) {
        results[id] = { error: (error as Error).message };
      }
      continue;
    }
    results[id] = await compare(p);
  }
  clearInterval(keepAlive);
  process.stdout.write(`${JSON.stringify(results)}\n`);
  // Worker pools (piscina) keep the process alive.
  process.exit(0);
}

main();
