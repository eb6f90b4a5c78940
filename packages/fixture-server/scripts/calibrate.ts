// Times one call of each pattern's blocking handler in this process (no load), to size payloads so that
// connections x cost of one call >= 100 ms.  NODE_PATH=node_modules pnpm exec tsx scripts/calibrate.ts [id...]
import * as fs from 'node:fs';
import { cachedDir } from '../src/server/cached';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { listPatterns, loadPattern } from '../src/patterns';
import { median } from '../src/stats';

async function main(): Promise<void> {
  const ids = process.argv.slice(2).length ? process.argv.slice(2) : listPatterns();
  for (const id of ids) {
    const p = loadPattern(id);
    if (p.minNode && Number(process.versions.node.split('.')[0]) < 22) {
      console.log(`${id}: needs Node ${p.minNode}, skipped`);
      continue;
    }
    if (p.upstream) {
      console.log(`${id}: needs an upstream, measured by the runner only`);
      continue;
    }
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-cal-'));
    try {
      const record = (): void => undefined;
      const input = p.setupFile ? await require(p.setupFile).setup(p.params, { tmpDir, record, cached: (name: string, build: (dir: string) => void) => cachedDir(tmpDir, name, build) }) : { ...p.params, record };
      const { handle } = require(p.blockingFile) as { handle: (i: unknown) => Promise<unknown> };
      await handle(input);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await handle(input);
        times.push(performance.now() - t);
      }
      const ms = median(times);
      const c = p.connections ?? 10;
      console.log(`${id}: one call ${ms.toFixed(1)} ms; ${c} x ${ms.toFixed(1)} = ${(c * ms).toFixed(0)} ms ${c * ms >= 100 ? 'ok' : 'TOO SMALL'}`);
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  }
  process.exit(0);
}
main();
