import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import type { ProjectIndex } from './discover';

/** Options for files that no tsconfig includes: resolve the way Node and bundlers both accept. */
const LOOSE_OPTIONS = (ts: typeof TS): TS.CompilerOptions => ({
  allowJs: true,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  resolveJsonModule: false,
});

/**
 * The project files a file imports, directly or through other project files. A helper that starts to
 * block changes what its callers report, so a cached result stays valid only while this closure is unchanged.
 * Only files under `root` and outside node_modules count: dependencies are covered by the cache key.
 */
export class ImportGraph {
  private readonly direct = new Map<string, string[]>();
  private readonly host: TS.ModuleResolutionHost;
  private readonly cache: TS.ModuleResolutionCache;

  constructor(
    private readonly ts: typeof TS,
    private readonly projects: ProjectIndex,
    private readonly root: string,
  ) {
    this.host = ts.sys;
    this.cache = ts.createModuleResolutionCache(root, (f) => f);
  }

  /** Files `file` imports or requires, resolved, inside the project. */
  imports(file: string): string[] {
    const known = this.direct.get(file);
    if (known) return known;
    const result: string[] = [];
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      this.direct.set(file, result);
      return result;
    }
    const ts = this.ts;
    const info = ts.preProcessFile(text, true, true);
    const options = this.projects.projectOf(file)?.options ?? LOOSE_OPTIONS(ts);
    const mode = /\.c[jt]s$/u.test(file) ? ts.ModuleKind.CommonJS : /\.m[jt]s$/u.test(file) ? ts.ModuleKind.ESNext : undefined;
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      if (!spec.startsWith('.') && !spec.startsWith('/') && !spec.startsWith('#')) {
        // A bare specifier may still be a path alias (`@/lib/db`): only aliases can resolve into the project.
        if (!options.paths && !options.baseUrl) continue;
      }
      const resolved = ts.resolveModuleName(spec, file, options, this.host, this.cache, undefined, mode as TS.ResolutionMode);
      const target = resolved.resolvedModule;
      if (!target || target.isExternalLibraryImport) continue;
      const absolute = path.resolve(target.resolvedFileName);
      if (absolute.includes(`${path.sep}node_modules${path.sep}`)) continue;
      if (!absolute.startsWith(this.root + path.sep)) continue;
      if (!result.includes(absolute)) result.push(absolute);
    }
    this.direct.set(file, result);
    return result;
  }

  /** Every project file reachable from `file` through imports, without `file` itself, sorted. */
  closure(file: string): string[] {
    const seen = new Set<string>([file]);
    const queue = [file];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      for (const dep of this.imports(next)) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        queue.push(dep);
      }
    }
    seen.delete(file);
    return [...seen].sort();
  }
}
