/**
 * `--cache`: results per file, valid while the file and every file its results depend on are unchanged.
 *
 * ESLint's own cache keys a file's results on that file alone, which is wrong for loopguard: a caller's
 * report appears when a helper it imports starts to block, without the caller changing. Here a file's
 * dependencies are the files named in its findings' call chains plus its transitive import closure inside
 * the project, each recorded with its content hash at lint time.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from './findings';

const FORMAT = 1;

interface Entry {
  readonly hash: string;
  readonly typed: boolean;
  /** Dependency path (relative to the cache's root) -> content hash when the file was linted; '' = missing. */
  readonly deps: Record<string, string>;
  /** Findings with `filePath` relative to the root. */
  readonly findings: Finding[];
}

interface CacheFile {
  readonly format: number;
  readonly key: string;
  readonly files: Record<string, Entry>;
}

export class ResultCache {
  private files: Record<string, Entry> = {};
  private readonly hashes = new Map<string, string>();

  private constructor(
    readonly location: string,
    private readonly root: string,
    private readonly key: string,
  ) {}

  /** Opens the cache at `location`; a missing, unreadable or foreign cache starts empty. */
  static open(location: string, root: string, key: string): ResultCache {
    const cache = new ResultCache(location, root, key);
    try {
      const data = JSON.parse(fs.readFileSync(location, 'utf8')) as CacheFile;
      if (data.format === FORMAT && data.key === key && data.files && typeof data.files === 'object') cache.files = data.files;
    } catch {
      // First run, or a cache written by another version: start over.
    }
    return cache;
  }

  /** Content hash of a file ('' when it does not exist), computed once per run. */
  hashOf(file: string): string {
    let hash = this.hashes.get(file);
    if (hash === undefined) {
      hash = hashFile(file);
      this.hashes.set(file, hash);
    }
    return hash;
  }

  /** The cached findings of `file` if neither it nor any of its dependencies changed. */
  get(file: string, typed: boolean): Finding[] | undefined {
    const entry = this.files[this.rel(file)];
    if (!entry || entry.typed !== typed || entry.hash !== this.hashOf(file)) return undefined;
    for (const [dep, hash] of Object.entries(entry.deps)) {
      if (this.hashOf(this.abs(dep)) !== hash) return undefined;
    }
    return entry.findings.map((f) => ({
      ...f,
      filePath: this.abs(f.filePath),
      ...(f.chain ? { chain: f.chain.map((s) => (s.file ? { ...s, file: this.abs(s.file) } : s)) } : {}),
    }));
  }

  set(file: string, typed: boolean, findings: readonly Finding[], deps: readonly string[]): void {
    const depHashes: Record<string, string> = {};
    for (const dep of deps) if (dep !== file) depHashes[this.rel(dep)] = this.hashOf(dep);
    this.files[this.rel(file)] = {
      hash: this.hashOf(file),
      typed,
      deps: depHashes,
      findings: findings.map((f) => ({
        ...f,
        filePath: this.rel(f.filePath),
        ...(f.chain ? { chain: f.chain.map((s) => (s.file ? { ...s, file: this.rel(s.file) } : s)) } : {}),
      })),
    };
  }

  /** Drops entries of files that no longer exist. */
  prune(): void {
    for (const rel of Object.keys(this.files)) if (this.hashOf(this.abs(rel)) === '') delete this.files[rel];
  }

  save(): void {
    const data: CacheFile = { format: FORMAT, key: this.key, files: this.files };
    fs.mkdirSync(path.dirname(this.location), { recursive: true });
    const temp = `${this.location}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(data));
    // Renamed into place so that an interrupted run never leaves half a cache behind.
    fs.renameSync(temp, this.location);
  }

  private rel(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  private abs(rel: string): string {
    return path.resolve(this.root, rel);
  }
}

/** Content hash of a file, '' when it cannot be read. */
export function hashFile(file: string): string {
  try {
    return createHash('sha1').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return '';
  }
}

/** A stable hash of everything that changes all results at once: versions, options and config files. */
export function cacheKey(parts: Record<string, unknown>, files: readonly string[]): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify(parts));
  for (const file of [...files].sort()) hash.update(`\0${file}\0${hashFile(file)}`);
  return hash.digest('hex');
}
