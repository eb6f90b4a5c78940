import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint, Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { isProjectServiceFailure, lintConfig, RULE_ID } from 'eslint-plugin-loopguard/findings';
import type * as TS from 'typescript';
import { folderOf } from './documents';
import { quickParser, quickParserAvailable } from './quick-parser';

type Cli = typeof import('loopguard');

/** The inferred project of a workspace folder's loose files (the CLI's, see packages/cli/src/inferred-project.ts). */
interface Inferred {
  readonly tsconfig: string;
  readonly files: ReadonlySet<string>;
  dispose(): void;
}

export { RULE_ID };

/** The rule's options as the flat config gives them (`contexts`, `ignore`, `additionalApis`, ...). */
export type RuleOptions = Record<string, unknown>;

export interface LintInput {
  readonly text: string;
  /** Absolute file name; for untitled documents a made-up one (never on disk). */
  readonly filePath: string;
  readonly options: RuleOptions;
  /** False for untitled documents: they have no project, lint them without types. */
  readonly allowTypes: boolean;
}

export interface LintOutput {
  readonly messages: Linter.LintMessage[];
  /** With type information: from the file's tsconfig/jsconfig, or from the inferred project of loose files. */
  readonly typed: boolean;
  readonly durationMs: number;
  /** The quick pass's top-level statements, which bound what an edit can change in the file. */
  readonly topLevel?: ReadonlyArray<TopLevelStatement>;
}


/**
 * Lints text with the real rule through ESLint's `Linter`. Type information comes from typescript-eslint's
 * project service: one TypeScript project per tsconfig, kept for the life of the process, told about each
 * document's unsaved text by the parser. Files that no tsconfig or jsconfig includes get the inferred project
 * the CLI gives them (all the loose files of their workspace folder, as the CLI lists them), so that the editor
 * follows `require('./lib/store')` in plain JavaScript as the CLI does; files outside every workspace folder
 * are linted without types.
 */
export class LintEngine {
  private readonly linter = new Linter({ configType: 'flat', cwd: path.parse(process.cwd()).root });
  /** Files the project service does not know: asking again costs a project reload, so remember. */
  private readonly untyped = new Set<string>();
  /**
   * Flat configs by what they are built from: ESLint normalizes a config array once per array object, and a new
   * array each lint cost a third of a quick pass (23 of 73 ms on the benchmark's file).
   */
  private readonly configs = new Map<string, Linter.Config[]>();
  /** Inferred projects by workspace folder; null: the folder has no loose file. */
  private readonly inferred = new Map<string, Inferred | null>();
  lints = 0;
  typedLints = 0;
  quickLints = 0;

  /** `folders`: the workspace folders, the roots of inferred projects (the first one is the project service's root). */
  constructor(
    private readonly tsconfigRootDir: string,
    private readonly folders: readonly string[] = [tsconfigRootDir],
  ) {}

  lint(input: LintInput): LintOutput {
    const started = performance.now();
    let typed = input.allowTypes && !this.untyped.has(input.filePath);
    let messages = typed ? this.verify(input, true) : [];
    if (typed && messages.some(isProjectServiceFailure)) {
      this.untyped.add(input.filePath);
      typed = false;
    }
    if (!typed) {
      const inferred = input.allowTypes ? this.inferredProjectOf(input.filePath) : undefined;
      messages = this.verify(input, false, inferred);
      typed = inferred !== undefined;
      if (inferred && messages.some(isProjectServiceFailure)) {
        // The file joined the folder after its inferred project was written: without types until it is renewed.
        typed = false;
        messages = this.verify(input, false);
      }
    }
    this.lints += 1;
    if (typed) this.typedLints += 1;
    return { messages, typed, durationMs: performance.now() - started };
  }

  /**
   * The quick first pass: the same rule and options on oxc's parse of the text, without type information, so
   * without cross-file helper chains (the server keeps those from the last full pass, see quick-pass.ts).
   * Undefined when this host has no quick parser.
   */
  lintQuick(input: Omit<LintInput, 'allowTypes'>): LintOutput | undefined {
    if (!quickParserAvailable()) return undefined;
    const started = performance.now();
    const config = this.configFor(['quick', input.options], () =>
      lintConfig({
        parser: quickParser,
        cwd: this.tsconfigRootDir,
        typed: false,
        rule: { severity: 'error', options: input.options },
        longRunning: true,
        name: 'loopguard/language-server-quick',
      }),
    );
    const messages = this.linter.verify(input.text, config, { filename: input.filePath });
    this.quickLints += 1;
    const ast = messages.some((m) => m.fatal) ? undefined : this.linter.getSourceCode()?.ast;
    const topLevel = ast?.body.map((statement) => ({ range: statement.range as [number, number], imports: importsModules(statement, input.text) }));
    return { messages, typed: false, durationMs: performance.now() - started, ...(topLevel ? { topLevel } : {}) };
  }

  /**
   * The project service reads files that no client opened from disk once and never watches them: tell it
   * the new text of a file that changed on disk (or whose editor buffer was closed without saving).
   */
  syncFromDisk(filePath: string): void {
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      return;
    }
    this.syncText(filePath, text);
  }

  /**
   * Tells the project (service or inferred) the current text of a file without linting it: an open document
   * that was edited but not linted since, before another document that may call into it is linted.
   */
  syncText(filePath: string, text: string): void {
    const inferred = this.untyped.has(filePath) ? this.knownInferredProjectOf(filePath) : undefined;
    if (this.untyped.has(filePath) && !inferred) return;
    const options = inferred
      ? { ...this.parserOptions(), projectService: false, project: [inferred.tsconfig], tsconfigRootDir: folderOf(filePath, this.folders) }
      : this.parserOptions();
    try {
      tsParser.parseForESLint(text, { ...options, filePath } as tsParser.ParserOptions);
    } catch {
      // A file the service does not know, or that does not parse: the next lint will say so.
    }
  }

  /** A tsconfig changed: files may have joined or left a project. */
  forgetProjectMembership(): void {
    this.untyped.clear();
    this.forgetInferredProjects();
  }

  /** A file was created or deleted: the inferred projects, which list the loose files, are written again when next needed. */
  forgetInferredProjects(): void {
    for (const inferred of this.inferred.values()) inferred?.dispose();
    this.inferred.clear();
  }

  dispose(): void {
    this.forgetInferredProjects();
  }

  private verify(input: LintInput, typed: boolean, inferred?: Inferred): Linter.LintMessage[] {
    // The same configuration as the CLI's: a file is linted the same way in the editor and in CI.
    const cwd = inferred ? (folderOf(input.filePath, this.folders) ?? this.tsconfigRootDir) : this.tsconfigRootDir;
    const config = this.configFor(['full', typed, cwd, inferred?.tsconfig, inferred ? input.filePath : undefined, input.options], () =>
      lintConfig({
        parser: tsParser as unknown as Linter.Parser,
        cwd,
        typed,
        ...(inferred ? { inferredProject: inferred.tsconfig, inferredFiles: [input.filePath] } : {}),
        rule: { severity: 'error', options: input.options },
        // Every file is linted again on each edit.
        longRunning: true,
        name: 'loopguard/language-server',
      }),
    );
    return this.linter.verify(input.text, config, { filename: input.filePath });
  }

  /** The config built from `key`'s parts, made once (the most recent 64 are kept). */
  private configFor(key: unknown[], make: () => Linter.Config[]): Linter.Config[] {
    const id = JSON.stringify(key);
    let config = this.configs.get(id);
    if (config) {
      // Most recently used last: the first entry is the one to drop.
      this.configs.delete(id);
    } else {
      config = make();
      if (this.configs.size >= 64) this.configs.delete(this.configs.keys().next().value as string);
    }
    this.configs.set(id, config);
    return config;
  }

  private knownInferredProjectOf(filePath: string): Inferred | undefined {
    const folder = folderOf(filePath, this.folders);
    const inferred = folder ? this.inferred.get(folder) : undefined;
    return inferred?.files.has(filePath) ? inferred : undefined;
  }

  /**
   * The inferred project that holds a file no tsconfig or jsconfig includes: the CLI's, over the same files the
   * CLI would lint in that workspace folder (its discovery: .gitignore, no dependencies or build output), so
   * that the editor and `loopguard .` see the same program.
   */
  private inferredProjectOf(filePath: string): Inferred | undefined {
    const folder = folderOf(filePath, this.folders);
    if (!folder) return undefined;
    let inferred = this.inferred.get(folder);
    if (inferred === undefined) {
      inferred = writeInferred(folder);
      this.inferred.set(folder, inferred);
    }
    return inferred?.files.has(filePath) ? inferred : undefined;
  }

  /** What the parser needs to tell the project service about a file's text (see `syncFromDisk`). */
  private parserOptions(): Linter.ParserOptions {
    return { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true }, projectService: true, tsconfigRootDir: this.tsconfigRootDir };
  }
}

/** A top-level statement of the quick parse: its offsets, and whether it binds other modules. */
export interface TopLevelStatement {
  readonly range: readonly [number, number];
  /** `import`, `export ... from`, `import x = require()`, or a declaration that calls `require()`. */
  readonly imports: boolean;
}

function importsModules(statement: { type: string; range?: readonly [number, number]; source?: unknown }, text: string): boolean {
  switch (statement.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'TSImportEqualsDeclaration':
      return true;
    case 'ExportNamedDeclaration':
      return statement.source != null;
    case 'VariableDeclaration':
      return statement.range !== undefined && /\brequire\s*\(/u.test(text.slice(statement.range[0], statement.range[1]));
    default:
      return false;
  }
}

function writeInferred(folder: string): Inferred | null {
  // The CLI's own modules (a second copy would drift): loaded only when a loose file is linted.
  const cli = require('loopguard') as Cli;
  const ts = require('typescript') as typeof TS;
  let files: string[];
  try {
    files = cli.discoverFiles([], folder).files.filter((f) => !f.endsWith('.rs'));
  } catch {
    return null;
  }
  const projects = new cli.ProjectIndex(ts);
  const loose = files.filter((f) => !projects.projectOf(f));
  if (loose.length === 0) return null;
  const project = cli.writeInferredProject(folder, loose);
  return { tsconfig: project.tsconfig, files: new Set(loose), dispose: () => project.dispose() };
}

/**
 * The project's own ESLint flat config, for the options it gives loopguard's rule. Loading a config runs the
 * project's code: only ever called for a workspace the user trusts.
 */
export class ProjectConfigs {
  private readonly byFolder = new Map<string, ESLint>();

  /**
   * `undefined`: the project's config does not configure the rule. `{ off: true }`: it turns the rule off.
   * Throws with the config file named when the config cannot be loaded.
   */
  async ruleOptions(folder: string, filePath: string): Promise<{ off: boolean; options: RuleOptions } | undefined> {
    if (!(await hasFlatConfig(folder))) return undefined;
    let eslint = this.byFolder.get(folder);
    if (!eslint) {
      eslint = new ESLint({ cwd: folder });
      this.byFolder.set(folder, eslint);
    }
    const config = (await eslint.calculateConfigForFile(filePath)) as Linter.Config | undefined;
    const entry = config?.rules?.[RULE_ID];
    if (entry === undefined) return undefined;
    const [severity, options] = Array.isArray(entry) ? entry : [entry];
    const off = severity === 0 || severity === 'off';
    return { off, options: options && typeof options === 'object' ? (options as RuleOptions) : {} };
  }

  /** A config file changed: load it again next time. */
  reset(): void {
    this.byFolder.clear();
  }
}

export const FLAT_CONFIG_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];

async function hasFlatConfig(folder: string): Promise<boolean> {
  const names = new Set(await fs.promises.readdir(folder).catch(() => [] as string[]));
  return FLAT_CONFIG_NAMES.some((name) => names.has(name));
}
