import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `dir/name`, built by `build` only when an earlier server start of the same pattern has not built it yet: slow,
 * read-only setup data (a tree of 8,000 files took 3 s of CPU) is then built once per pattern, not once per run.
 * A marker written after `build` returns tells a complete build from one that was interrupted.
 */
export function cachedDir(dir: string, name: string, build: (dir: string) => void): string {
  const target = path.join(dir, name);
  const marker = `${target}.built`;
  if (!fs.existsSync(marker)) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    build(target);
    fs.writeFileSync(marker, '');
  }
  return target;
}
