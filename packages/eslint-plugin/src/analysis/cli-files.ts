import * as fs from 'node:fs';
import * as path from 'node:path';
import { globToRegExp } from './globs';

/** Default globs for command-line code, where blocking calls share the process with nothing. */
export const DEFAULT_CLI_GLOBS: readonly string[] = ['bin/**', 'scripts/**', 'cli/**', 'cli.*'];

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

interface PackageInfo {
  readonly dir: string;
  /** Absolute source files that the package's `bin` entries run. */
  readonly binSources: ReadonlySet<string>;
  /** Absolute source files of the package's library entry (`main`, or `index.js` when it has none). */
  readonly mainSources: ReadonlySet<string>;
}

// Keyed by folder; a language server that outlives a package.json edit sees the change after a restart.
const packageCache = new Map<string, PackageInfo | null>();

function readJson(file: string): unknown {
  try {
    const text = fs.readFileSync(file, 'utf8');
    // tsconfig allows comments and trailing commas.
    return JSON.parse(text.replace(/\/\*[\s\S]*?\*\/|(?<![:"'\w])\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined;
  }
}

/** Maps a built `bin` path back to its source through the tsconfig's `outDir`/`rootDir`. */
function binSources(dir: string, bins: string[]): Set<string> {
  const sources = new Set<string>();
  const tsconfig = readJson(path.join(dir, 'tsconfig.json')) as { compilerOptions?: { outDir?: string; rootDir?: string } } | undefined;
  const outDir = tsconfig?.compilerOptions?.outDir ? path.resolve(dir, tsconfig.compilerOptions.outDir) : undefined;
  const rootDir = tsconfig?.compilerOptions?.rootDir ? path.resolve(dir, tsconfig.compilerOptions.rootDir) : dir;
  for (const bin of bins) {
    const built = path.resolve(dir, bin);
    sources.add(built);
    const candidates = [built];
    if (outDir && (built + path.sep).startsWith(outDir + path.sep)) candidates.push(path.join(rootDir, path.relative(outDir, built)));
    for (const candidate of candidates) {
      const stem = candidate.replace(/\.(c|m)?js$/, '');
      for (const ext of SOURCE_EXTENSIONS) sources.add(stem + ext);
    }
  }
  return sources;
}

function packageOf(file: string): PackageInfo | null {
  let dir = path.dirname(file);
  const visited: string[] = [];
  for (;;) {
    const cached = packageCache.get(dir);
    if (cached !== undefined) {
      for (const v of visited) packageCache.set(v, cached);
      return cached;
    }
    visited.push(dir);
    const pkg = readJson(path.join(dir, 'package.json')) as { bin?: string | Record<string, string>; main?: unknown } | undefined;
    if (pkg) {
      const bins = typeof pkg.bin === 'string' ? [pkg.bin] : pkg.bin && typeof pkg.bin === 'object' ? Object.values(pkg.bin) : [];
      // Node's own default when `main` is missing; `main` may leave out the extension or name a folder.
      const main = typeof pkg.main === 'string' ? pkg.main : 'index.js';
      const mains = [main, main.replace(/\/$/, '') + '/index.js'];
      const info: PackageInfo = { dir, binSources: binSources(dir, bins.filter((b) => typeof b === 'string')), mainSources: binSources(dir, mains) };
      for (const v of visited) packageCache.set(v, info);
      return info;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      for (const v of visited) packageCache.set(v, null);
      return null;
    }
    dir = parent;
  }
}

/**
 * Whether a file is command-line code: a `bin` of its package runs it, it starts with a shebang and is not its
 * package's library entry (`main`: what `require('<package>')` loads runs inside the requiring server, shebang
 * or not), or it matches one of the globs (relative to its package folder; to `cwd`, ESLint's working folder, for a
 * file outside any package).
 */
export function isCliFile(file: string, text: string, globs: readonly string[], cwd: string = process.cwd()): boolean {
  return cliFileReason(file, text, globs, cwd) !== undefined;
}

/**
 * Why a file is command-line code (see isCliFile): a `bin` runs it, a `shebang`, or a `glob` matches; `undefined`
 * when it is not. A shebang alone is the weakest sign: a file that another file of the program loads is library
 * code whatever its first line says (http-server's `lib/core/index.js`), which the caller can tell with a program.
 */
export function cliFileReason(file: string, text: string, globs: readonly string[], cwd: string = process.cwd()): 'bin' | 'shebang' | 'glob' | undefined {
  if (!path.isAbsolute(file)) return text.startsWith('#!') ? 'shebang' : undefined;
  const pkg = packageOf(file);
  if (pkg?.binSources.has(file)) return 'bin';
  if (text.startsWith('#!')) return pkg?.mainSources.has(file) ? undefined : 'shebang';
  const relative = path.relative(pkg?.dir ?? cwd, file).split(path.sep).join('/');
  if (relative.startsWith('..')) return undefined;
  return globs.some((g) => globToRegExp(g, true).test(relative)) ? 'glob' : undefined;
}
