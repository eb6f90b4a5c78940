import * as fs from 'node:fs';
import * as path from 'node:path';
import { getEntry } from '@loopguard/catalog';
import type { Pattern, PatternManifest } from './types';

/**
 * In the loopguard repository, its `fixtures/patterns` (the source, edited without a rebuild); once installed from
 * npm, the copy that the build put in the package's own `patterns/` folder.
 */
export const DEFAULT_PATTERNS_DIR = defaultPatternsDir();

function defaultPatternsDir(): string {
  const repo = path.resolve(__dirname, '..', '..', '..');
  if (fs.existsSync(path.join(repo, 'pnpm-workspace.yaml'))) return path.join(repo, 'fixtures', 'patterns');
  return path.resolve(__dirname, '..', 'patterns');
}

const REQUIRED = ['id', 'title', 'catalogIds', 'fix', 'expected', 'params', 'calibration'] as const;

/** Ids of every pattern folder (one with a manifest.json), sorted. */
export function listPatterns(patternsDir = DEFAULT_PATTERNS_DIR): string[] {
  if (!fs.existsSync(patternsDir)) {
    throw new Error(`loopguard-impact: the patterns folder ${patternsDir} does not exist; pass --patterns-dir <folder>`);
  }
  return fs
    .readdirSync(patternsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(patternsDir, d.name, 'manifest.json')))
    .map((d) => d.name)
    .sort();
}

/** Reads and checks `<patternsDir>/<id>/manifest.json`; errors name the file and the field at fault. */
export function loadPattern(id: string, patternsDir = DEFAULT_PATTERNS_DIR): Pattern {
  const dir = path.join(patternsDir, id);
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) {
    const known = fs.existsSync(patternsDir) ? listPatterns(patternsDir) : [];
    throw new Error(`loopguard-impact: there is no pattern "${id}" (no ${file}). Known patterns: ${known.join(', ') || 'none'}.`);
  }
  let manifest: PatternManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as PatternManifest;
  } catch (error) {
    throw new Error(`loopguard-impact: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  for (const key of REQUIRED) {
    if (manifest[key] === undefined) throw new Error(`loopguard-impact: ${file} has no "${key}"; see packages/fixture-server/README.md for the manifest fields`);
  }
  if (manifest.id !== id) throw new Error(`loopguard-impact: ${file} says id "${manifest.id}" but its folder is "${id}"; make them equal`);
  if (!['suggestion', 'worker', 'async'].includes(manifest.fix)) {
    throw new Error(`loopguard-impact: ${file} has fix "${manifest.fix}"; use "suggestion", "worker" or "async"`);
  }
  if (manifest.threadpoolSize !== undefined) {
    if (!Number.isInteger(manifest.threadpoolSize) || manifest.threadpoolSize < 1 || manifest.threadpoolSize > 1024) {
      throw new Error(`loopguard-impact: ${file} has threadpoolSize ${JSON.stringify(manifest.threadpoolSize)}; use a whole number from 1 to 1024 (libuv's limit)`);
    }
    if (!manifest.threadpoolReason) throw new Error(`loopguard-impact: ${file} sets threadpoolSize but no "threadpoolReason"; say why the pattern needs it`);
  }
  const first = manifest.catalogIds[0];
  const entry = first === undefined ? undefined : getEntry(first);
  for (const catalogId of manifest.catalogIds) {
    if (!getEntry(catalogId)) throw new Error(`loopguard-impact: ${file} names catalog id "${catalogId}", which the catalog does not have`);
  }
  if (!entry) throw new Error(`loopguard-impact: ${file} has an empty "catalogIds"; name the blocking API's catalog id`);
  const blockingFile = path.join(dir, 'blocking.ts');
  const fixedFile = path.join(dir, 'fixed.ts');
  for (const f of [blockingFile, fixedFile]) {
    if (!fs.existsSync(f)) throw new Error(`loopguard-impact: pattern "${id}" has no ${path.basename(f)} in ${dir}`);
  }
  const setupFile = path.join(dir, 'setup.ts');
  return {
    ...manifest,
    dir,
    kind: entry.kind,
    blockingFile,
    fixedFile,
    setupFile: fs.existsSync(setupFile) ? setupFile : undefined,
  };
}

export function loadPatterns(ids: readonly string[] | undefined, patternsDir = DEFAULT_PATTERNS_DIR): Pattern[] {
  return (ids && ids.length > 0 ? ids : listPatterns(patternsDir)).map((id) => loadPattern(id, patternsDir));
}
