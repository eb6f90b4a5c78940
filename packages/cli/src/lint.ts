import type { ESLint, Linter } from 'eslint';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { cacheKey, hashFile, ResultCache } from './cache';
import { commonAncestor, discoverFiles, ProjectIndex } from './discover';
import { UsageError } from './errors';
import { eslintOptions, RULE_ID, writeOptionsModule, type LintSettings } from './eslint-options';
import { isProjectServiceFailure } from 'eslint-plugin-loopguard/findings';
import { chainFiles, compareFindings, isLoopguardMessage, toFinding, type FileResult, type Finding } from './findings';
import { ImportGraph } from './imports';
import { writeInferredProject } from './inferred-project';
import { Progress } from './progress';
import { isRustFile, lintRustFile } from '@loopguard/rust';

export interface LintRequest {
  /** Files and folders, relative to `cwd`; empty means `cwd`. */
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly ruleOptions?: Record<string, unknown>;
  readonly severity: 'error' | 'warn';
  readonly concurrency: number | 'auto' | 'off';
  /** Use type information where a tsconfig includes the file (default true). */
  readonly types: boolean;
  /** `--cache`: where the results file lives. */
  readonly cacheLocation?: string;
  readonly progress: Progress;
}

export interface LintOutcome {
  readonly results: FileResult[];
  readonly root: string;
  readonly eslintVersion: string;
  /** Files that ESLint linted in this run (the others came from the cache). */
  readonly linted: number;
  readonly fromCache: number;
  /** Things the user should know that are not findings (an unreadable tsconfig, a fallback). */
  readonly notes: string[];
}

type ESLintModule = typeof import('eslint');

/** The `eslint` package, loaded on first use so that `--help` and `--explain` stay fast. */
export function loadESLint(): ESLintModule {
  return require('eslint') as ESLintModule;
}

export function cliVersion(): string {
  return (require('../package.json') as { version: string }).version;
}

/** Rejects bad `--rule-options` before any file is read, with the rule's own schema and checks. */
export function validateRuleOptions(ruleOptions: Record<string, unknown> | undefined): void {
  if (!ruleOptions) return;
  const problem = ruleOptionsProblem(ruleOptions);
  if (problem === undefined) return;
  // ESLint's schema messages do not say which property failed: find it by checking each one alone.
  const culprits = Object.keys(ruleOptions).filter((key) => ruleOptionsProblem({ [key]: ruleOptions[key] }) !== undefined);
  const which = culprits.length > 0 ? ` (${culprits.map((k) => `"${k}"`).join(', ')})` : '';
  throw new UsageError(`--rule-options is not valid for ${RULE_ID}${which}:\n${problem}`);
}

function ruleOptionsProblem(ruleOptions: Record<string, unknown>): string | undefined {
  const { Linter } = loadESLint();
  const plugin = require('eslint-plugin-loopguard') as ESLint.Plugin;
  try {
    new Linter().verify('', [{ plugins: { loopguard: plugin }, rules: { [RULE_ID]: ['error', ruleOptions] } }], 'options-check.js');
    return undefined;
  } catch (error) {
    return (error as Error).message
      .replace(/\n\s*Occurred while linting[^\n]*/u, '')
      .replace(/^Key "rules": Key "[^"]+":\s*/u, '')
      .trim();
  }
}

export async function lint(request: LintRequest): Promise<LintOutcome> {
  validateRuleOptions(request.ruleOptions);
  const { ESLint: ESLintClass } = loadESLint();
  const ts = require('typescript') as typeof TS;
  const notes: string[] = [];

  const { files: discovered, root } = discoverFiles(request.paths, request.cwd);
  // Rust files go to @loopguard/rust (tree-sitter); ESLint gets the rest.
  const rustFiles = discovered.filter(isRustFile);
  const files = discovered.filter((f) => !isRustFile(f));
  if (discovered.length === 0) {
    notes.push(`No JavaScript or TypeScript files to lint under ${request.paths.length > 0 ? request.paths.join(', ') : 'the current folder'} (after .gitignore, node_modules and build output).`);
  }
  const projects = new ProjectIndex(ts);
  const typedFiles = new Set<string>();
  const configDirs = new Set<string>();
  if (request.types) {
    for (const file of files) {
      const project = projects.projectOf(file);
      if (project) {
        typedFiles.add(file);
        configDirs.add(path.dirname(project.configFile));
      }
    }
    for (const [file, problem] of projects.problems) notes.push(`${file} could not be read (${problem}); its files are linted without type information.`);
  }
  // Files that no tsconfig includes get an inferred project of their own, as loose files do in an editor.
  const looseFiles = request.types ? files.filter((f) => !typedFiles.has(f)) : [];
  const loose = new Set(looseFiles);
  for (const file of looseFiles) typedFiles.add(file);
  // typescript-eslint's project service looks for tsconfig files up to tsconfigRootDir only, so ESLint's
  // base path must cover both the linted files and the tsconfig files that include them.
  const eslintCwd = commonAncestor([root, ...configDirs]);

  let cache: ResultCache | undefined;
  const cached = new Map<string, Finding[]>();
  if (request.cacheLocation) {
    const key = cacheKey(
      {
        loopguard: cliVersion(),
        eslint: ESLintClass.version,
        typescript: ts.version,
        plugin: pluginFingerprint(),
        ruleOptions: request.ruleOptions ?? null,
        severity: request.severity,
        types: request.types,
      },
      [...projects.configFiles(), ...existing([path.join(root, 'package.json')])],
    );
    cache = ResultCache.open(path.resolve(request.cwd, request.cacheLocation), eslintCwd, key);
    for (const file of files) {
      const hit = cache.get(file, typedFiles.has(file));
      if (hit) cached.set(file, hit);
    }
  }

  const toLint = files.filter((f) => !cached.has(f));
  const messages = new Map<string, Linter.LintMessage[]>();
  if (toLint.length > 0) {
    // The inferred project holds every loose file, linted or cached, so that calls into cached files resolve.
    const inferredFiles = toLint.filter((f) => loose.has(f));
    const inferred = inferredFiles.length > 0 ? writeInferredProject(root, looseFiles) : undefined;
    try {
      const settings: LintSettings = {
        cwd: eslintCwd,
        typed: toLint.some((f) => typedFiles.has(f) && !loose.has(f)),
        untypedFiles: toLint.filter((f) => !typedFiles.has(f)),
        ...(inferred ? { inferredProject: inferred.tsconfig, inferredFiles } : {}),
        ...(request.ruleOptions ? { ruleOptions: request.ruleOptions } : {}),
        severity: request.severity,
        concurrency: request.concurrency,
      };
      for (const result of await runESLint(ESLintClass, settings, toLint, request.progress)) messages.set(path.resolve(result.filePath), result.messages);

      const failed = toLint.filter((f) => typedFiles.has(f) && (messages.get(f) ?? []).some(isProjectServiceFailure));
      if (failed.length > 0) {
        for (const file of failed) typedFiles.delete(file);
        notes.push(`${failed.length} file(s) could not be placed in their TypeScript project and were linted without type information.`);
        const retry: LintSettings = { cwd: settings.cwd, typed: false, untypedFiles: failed, severity: settings.severity, concurrency: 'off', ...(settings.ruleOptions ? { ruleOptions: settings.ruleOptions } : {}) };
        for (const result of await runESLint(ESLintClass, retry, failed, request.progress)) messages.set(path.resolve(result.filePath), result.messages);
      }
    } finally {
      inferred?.dispose();
    }
  }

  const graph = cache ? new ImportGraph(ts, projects, eslintCwd) : undefined;
  const results: FileResult[] = [];
  for (const file of files) {
    const hit = cached.get(file);
    if (hit) {
      results.push({ filePath: file, findings: hit, cached: true, typed: typedFiles.has(file) });
      continue;
    }
    const findings = (messages.get(file) ?? [])
      .filter((m) => isLoopguardMessage(m, RULE_ID))
      .map((m) => toFinding(file, m, request.severity === 'warn' ? 'warning' : undefined))
      .sort(compareFindings);
    results.push({ filePath: file, findings, cached: false, typed: typedFiles.has(file) });
    if (cache && graph) {
      const deps = new Set([...graph.closure(file), ...findings.flatMap((f) => chainFiles(f.chain))]);
      cache.set(file, typedFiles.has(file), findings, [...deps]);
    }
  }
  for (const file of rustFiles) {
    const findings = (await lintRustFile(file, request.severity === 'warn' ? 'warning' : 'error')).sort(compareFindings);
    results.push({ filePath: file, findings, cached: false, typed: false });
  }
  if (cache) {
    cache.prune();
    cache.save();
  }
  return { results, root, eslintVersion: ESLintClass.version, linted: toLint.length, fromCache: cached.size, notes };
}

/** Files linted per `lintFiles` call when a progress line is shown; one call per batch keeps the project service warm. */
const PROGRESS_BATCH = 25;

async function runESLint(ESLintClass: ESLintModule['ESLint'], settings: LintSettings, files: string[], progress: Progress): Promise<ESLint.LintResult[]> {
  if (settings.concurrency !== 'off') {
    const fromOptionsModule = (ESLintClass as unknown as { fromOptionsModule?: (url: URL) => Promise<ESLint> }).fromOptionsModule;
    if (typeof fromOptionsModule !== 'function') {
      throw new UsageError(`--concurrency needs ESLint 9.34 or later (this is ESLint ${ESLintClass.version}). Remove --concurrency or upgrade ESLint.`);
    }
    const module = writeOptionsModule(settings);
    try {
      const eslint = await fromOptionsModule.call(ESLintClass, module.url);
      if (progress.wanted(files.length)) progress.phase(`linting ${files.length} files on worker threads`);
      return await eslint.lintFiles(files);
    } finally {
      progress.done();
      module.dispose();
    }
  }
  const eslint = new ESLintClass(eslintOptions(settings));
  if (!progress.wanted(files.length)) return eslint.lintFiles(files);
  const results: ESLint.LintResult[] = [];
  try {
    for (let i = 0; i < files.length; i += PROGRESS_BATCH) {
      progress.update(i, files.length);
      results.push(...(await eslint.lintFiles(files.slice(i, i + PROGRESS_BATCH))));
    }
  } finally {
    progress.done();
  }
  return results;
}

/** Changes whenever the plugin's code does, so that a rebuilt rule never serves stale cached results. */
function pluginFingerprint(): string {
  const main = require.resolve('eslint-plugin-loopguard');
  const dir = path.dirname(main);
  const files: string[] = [];
  const visit = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) visit(p);
      else if (entry.name.endsWith('.js')) files.push(p);
    }
  };
  visit(dir);
  return cacheKey({}, files);
}

function existing(files: readonly string[]): string[] {
  return files.filter((f) => hashFile(f) !== '');
}
