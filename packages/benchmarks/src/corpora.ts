/**
 * The code the benchmark lints: packages fetched from the npm registry into a cache folder (never committed),
 * and the repository's fixture projects. (The scaling corpus is generated: see generate.ts.)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export interface Corpus {
  readonly id: string;
  /** What it is, for the report: `rxjs@7.8.2 (npm), src/**\/*.ts`. */
  readonly title: string;
  /** The folder ESLint runs in; holds the tsconfig that the typed runs use. */
  readonly dir: string;
  /** Absolute file names. */
  readonly files: string[];
  readonly lines: number;
  readonly jsSourceType: 'module' | 'commonjs';
}

/** A package from the npm registry and which of its files to lint. */
export interface NpmCorpusSpec {
  readonly id: string;
  readonly spec: string;
  /** Folders (relative to the package root) whose sources are linted. */
  readonly include: readonly string[];
  /** Only files whose names match (default: every JS/TS source). */
  readonly match?: RegExp;
  /** Why this package: for the report. */
  readonly why: string;
  /** compilerOptions of the tsconfig written for typed runs. */
  readonly compilerOptions: Record<string, unknown>;
}

const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** The benchmark's own package folder (where `node_modules/@types/node` lives). */
export const PACKAGE_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(PACKAGE_DIR, '..', '..');
export const DEFAULT_CACHE_DIR = path.join(PACKAGE_DIR, '.cache');

export const NPM_CORPORA: readonly NpmCorpusSpec[] = [
  {
    id: 'rxjs',
    spec: 'rxjs@7.8.2',
    include: ['src'],
    match: /\.ts$/,
    why: 'a large TypeScript library (251 sources, deep generic types): typed linting at its most expensive; no I/O',
    compilerOptions: {
      target: 'ES2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
  },
  {
    id: 'pm2',
    spec: 'pm2@7.0.4',
    include: ['.'],
    why: 'a Node process manager (daemon, CLI, HTTP/IPC, many `fs.*Sync` calls): CommonJS JavaScript with real I/O',
    compilerOptions: {
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      allowJs: true,
      checkJs: false,
      types: ['node'],
      strict: false,
      skipLibCheck: true,
      noEmit: true,
    },
  },
];

/** Fetches (once) and prepares an npm corpus in `cacheDir`. */
export function npmCorpus(spec: NpmCorpusSpec, cacheDir = DEFAULT_CACHE_DIR): Corpus {
  const dir = path.join(cacheDir, 'corpora', spec.spec.replace(/[@/]/g, (c) => (c === '@' ? '-' : '_')));
  const ready = path.join(dir, '.bench-ready');
  if (!fs.existsSync(ready)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const tarballs = path.join(cacheDir, 'tarballs');
    fs.mkdirSync(tarballs, { recursive: true });
    let tarball: string;
    try {
      const out = execFileSync('npm', ['pack', spec.spec, '--silent', '--pack-destination', tarballs], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      tarball = path.join(tarballs, out.trim().split('\n').pop() ?? '');
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? String(error);
      throw new Error(
        `Could not fetch the benchmark corpus ${spec.spec} with \`npm pack\`: ${stderr.trim()}\n` +
          'The benchmark needs the npm registry once (the packages are cached in packages/benchmarks/.cache); ' +
          'check your network or npm configuration, or run with `--corpora fixtures` to lint only the repository fixtures.',
      );
    }
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', dir, '--strip-components=1']);
    writeTsconfig(dir, spec.compilerOptions, spec.include);
    fs.writeFileSync(ready, `${spec.spec}\n`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string };
  const files = spec.include.flatMap((folder) => listSources(path.join(dir, folder))).filter((f) => !spec.match || spec.match.test(f));
  return {
    id: spec.id,
    title: `\`${spec.spec}\` from npm (${spec.include.map((f) => (f === '.' ? 'all sources' : `${f}/`)).join(', ')}${spec.match ? `, ${spec.match.source.replace(/\\/g, '')}` : ''})`,
    dir,
    files,
    lines: countLines(files),
    jsSourceType: pkg.type === 'module' ? 'module' : 'commonjs',
  };
}

/**
 * The repository's fixture projects: each keeps its own tsconfig, and only the files its tsconfig includes
 * are linted (a file outside every project would make typed runs fail, not measure).
 */
export function fixturesCorpus(repoRoot = REPO_ROOT): Corpus {
  const base = path.join(repoRoot, 'fixtures');
  const projects = [path.join(base, 'example-app'), ...listDirs(path.join(base, 'projects'))];
  const files = [...new Set(projects.flatMap((p) => projectFiles(p)))].sort();
  return {
    id: 'fixtures',
    title: '`fixtures/example-app` and `fixtures/projects/*` (this repository)',
    dir: base,
    files,
    lines: countLines(files),
    jsSourceType: 'commonjs',
  };
}

function writeTsconfig(dir: string, compilerOptions: Record<string, unknown>, include: readonly string[]): void {
  // `types: ["node"]` resolves from the benchmark's own node_modules: the corpora have no dependencies installed.
  const tsconfig = {
    compilerOptions: { ...compilerOptions, typeRoots: [path.join(PACKAGE_DIR, 'node_modules', '@types')] },
    include: include.flatMap((f) => (f === '.' ? ['**/*'] : [`${f}/**/*`])),
    exclude: ['node_modules', '**/*.d.ts'],
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
}

/** Sources under `dir`, without declaration files and node_modules, sorted for stable runs. */
export function listSources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_EXTENSIONS.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** The source files a project's tsconfig.json includes (TypeScript's own reading of it). */
export function projectFiles(projectDir: string): string[] {
  const configFile = path.join(projectDir, 'tsconfig.json');
  if (!fs.existsSync(configFile)) return [];
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  if (read.error) throw new Error(`${configFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, projectDir, undefined, configFile);
  return parsed.fileNames.filter((f) => SOURCE_EXTENSIONS.test(f) && !/\.d\.[cm]?ts$/.test(f)).map((f) => path.resolve(f));
}

function listDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(dir, e.name))
    .sort();
}

export function countLines(files: readonly string[]): number {
  let lines = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    lines += text.split('\n').length;
  }
  return lines;
}
