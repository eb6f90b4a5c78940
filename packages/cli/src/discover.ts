import ignore, { type Ignore } from 'ignore';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { isRustFile } from '@loopguard/rust';
import { UsageError } from './errors';

/** Extensions the typescript-eslint parser reads; `.d.ts` files hold no code to run and are skipped. */
export const LINTED_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** Folders that hold dependencies or generated code: never walked into. */
export const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.git', '.hg', '.svn', '.loopguard-cache']);
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

export function isLintable(file: string): boolean {
  // .rs files are analysed by @loopguard/rust, not ESLint (see lint.ts).
  if (isRustFile(file)) return true;
  return LINTED_EXTENSIONS.some((ext) => file.endsWith(ext)) && !/\.d\.[cm]?ts$/u.test(file) && !/\.d\.[^.]+\.ts$/u.test(file);
}

interface IgnoreLayer {
  readonly base: string;
  readonly rules: Ignore;
}

/**
 * The `.gitignore` files that apply to `dir`: its own and its ancestors' up to the repository root. Outside
 * a repository, up to `cwd` when `dir` is inside it (a copied project keeps its root .gitignore), else its own.
 */
function ancestorLayers(dir: string, cwd: string): IgnoreLayer[] {
  const chain: string[] = [];
  let current = dir;
  for (;;) {
    chain.unshift(current);
    if (fs.existsSync(path.join(current, '.git'))) break;
    const parent = path.dirname(current);
    if (parent === current) {
      const inside = dir === cwd || dir.startsWith(cwd.endsWith(path.sep) ? cwd : cwd + path.sep);
      chain.splice(0, chain.length - (inside ? path.relative(cwd, dir).split(path.sep).filter(Boolean).length + 1 : 1));
      break;
    }
    current = parent;
  }
  return chain.flatMap((d) => readLayer(d) ?? []);
}

function readLayer(dir: string): IgnoreLayer | undefined {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { base: dir, rules: ignore().add(text) };
}

function isIgnored(layers: readonly IgnoreLayer[], absolute: string, isDirectory: boolean): boolean {
  for (const layer of layers) {
    const rel = path.relative(layer.base, absolute).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (layer.rules.ignores(isDirectory ? `${rel}/` : rel)) return true;
  }
  return false;
}

export interface Discovery {
  /** Absolute paths of the files to lint, sorted. */
  readonly files: string[];
  /** The folder every linted file is under (the common ancestor of the arguments). */
  readonly root: string;
}

/**
 * Lists the files to lint under `inputs` (files or folders, relative to `cwd`): walks folders, honours
 * `.gitignore` (nested ones and those of the enclosing repository), and skips dependencies and build output.
 * A file named explicitly is linted even when ignored, as with git's own `add -f`.
 */
export function discoverFiles(inputs: readonly string[], cwd: string): Discovery {
  const files = new Set<string>();
  const roots: string[] = [];
  for (const input of inputs.length > 0 ? inputs : ['.']) {
    const absolute = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new UsageError(`No such file or folder: ${input}. Pass folders or files to lint, or nothing for the current folder.`);
    }
    if (stat.isFile()) {
      if (!isLintable(absolute)) {
        throw new UsageError(`${input} is not a JavaScript or TypeScript file (${LINTED_EXTENSIONS.join(', ')}).`);
      }
      files.add(absolute);
      roots.push(path.dirname(absolute));
      continue;
    }
    roots.push(absolute);
    walk(absolute, ancestorLayers(absolute, cwd), files);
  }
  return { files: [...files].sort(), root: commonAncestor(roots) };
}

function walk(dir: string, layers: IgnoreLayer[], out: Set<string>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      if (isIgnored(layers, absolute, true)) continue;
      const own = readLayer(absolute);
      walk(absolute, own ? [...layers, own] : layers, out);
    } else if (entry.isFile() && isLintable(entry.name)) {
      if (!isIgnored(layers, absolute, false)) out.add(absolute);
    }
  }
}

/** The deepest folder that contains every path. */
export function commonAncestor(paths: readonly string[]): string {
  if (paths.length === 0) return process.cwd();
  let common = paths[0] as string;
  for (const p of paths.slice(1)) {
    while (p !== common && !p.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

export interface TsProject {
  readonly configFile: string;
  readonly options: TS.CompilerOptions;
  readonly fileNames: ReadonlySet<string>;
}

/**
 * Answers "which tsconfig gives this file its types", the way typescript-eslint's project service does:
 * the nearest tsconfig.json (or jsconfig.json) above the file, or a project it references, must include
 * the file. Files no project includes are linted without type information.
 */
export class ProjectIndex {
  private readonly projects = new Map<string, TsProject | null>();
  private readonly nearest = new Map<string, string | null>();
  /** Config files that could not be read, with the reason: reported once, never fatal. */
  readonly problems = new Map<string, string>();

  constructor(private readonly ts: typeof TS) {}

  /** The project whose program includes `file`, or undefined. */
  projectOf(file: string): TsProject | undefined {
    const config = this.nearestConfig(path.dirname(file));
    if (!config) return undefined;
    const project = this.load(config);
    if (!project) return undefined;
    if (project.fileNames.has(file)) return project;
    // A solution-style tsconfig.json lists no files itself and references the projects that do.
    for (const ref of this.references(config)) {
      const referenced = this.load(ref);
      if (referenced?.fileNames.has(file)) return referenced;
    }
    return undefined;
  }

  /** Every config file loaded so far (for the cache key). */
  configFiles(): string[] {
    return [...this.projects.keys()].sort();
  }

  private nearestConfig(dir: string): string | undefined {
    const known = this.nearest.get(dir);
    if (known !== undefined) return known ?? undefined;
    let found: string | undefined;
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) {
        found = candidate;
        break;
      }
    }
    if (!found) {
      const parent = path.dirname(dir);
      found = parent === dir || path.basename(dir) === 'node_modules' ? undefined : this.nearestConfig(parent);
    }
    this.nearest.set(dir, found ?? null);
    return found;
  }

  private parsed = new Map<string, TS.ParsedCommandLine | null>();

  private parse(configFile: string): TS.ParsedCommandLine | undefined {
    if (this.parsed.has(configFile)) return this.parsed.get(configFile) ?? undefined;
    const ts = this.ts;
    const read = ts.readConfigFile(configFile, ts.sys.readFile);
    let result: TS.ParsedCommandLine | undefined;
    if (read.error) {
      this.problems.set(configFile, ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
    } else {
      // A jsconfig.json is a tsconfig.json with JavaScript switched on, as in the editor's language service.
      const defaults: TS.CompilerOptions = path.basename(configFile) === 'jsconfig.json' ? { allowJs: true, maxNodeModuleJsDepth: 2, noEmit: true } : {};
      result = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile), defaults, configFile);
      const fatal = result.errors.filter((d) => d.code !== 18003 /* no inputs found */ && d.category === ts.DiagnosticCategory.Error);
      if (fatal.length > 0 && result.fileNames.length === 0) {
        this.problems.set(configFile, fatal.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; '));
      }
    }
    this.parsed.set(configFile, result ?? null);
    return result;
  }

  private load(configFile: string): TsProject | undefined {
    if (this.projects.has(configFile)) return this.projects.get(configFile) ?? undefined;
    const parsed = this.parse(configFile);
    const project = parsed
      ? { configFile, options: parsed.options, fileNames: new Set(parsed.fileNames.map((f) => path.resolve(f))) }
      : null;
    this.projects.set(configFile, project);
    return project ?? undefined;
  }

  private references(configFile: string): string[] {
    const parsed = this.parse(configFile);
    return (parsed?.projectReferences ?? []).map((r) => {
      const target = path.resolve(r.path);
      return fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'tsconfig.json') : target;
    });
  }
}
