import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint, Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { isProjectServiceFailure, lintConfig, RULE_ID } from 'eslint-plugin-loopguard/findings';

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
  readonly typed: boolean;
  readonly durationMs: number;
}


/**
 * Lints text with the real rule through ESLint's `Linter`. Type information comes from typescript-eslint's
 * project service: one TypeScript project per tsconfig, kept for the life of the process, told about each
 * document's unsaved text by the parser. Files that no tsconfig includes are linted without types.
 */
export class LintEngine {
  private readonly linter = new Linter({ configType: 'flat', cwd: path.parse(process.cwd()).root });
  /** Files the project service does not know: asking again costs a project reload, so remember. */
  private readonly untyped = new Set<string>();
  lints = 0;
  typedLints = 0;

  constructor(private readonly tsconfigRootDir: string) {}

  lint(input: LintInput): LintOutput {
    const started = performance.now();
    let typed = input.allowTypes && !this.untyped.has(input.filePath);
    let messages = this.verify(input, typed);
    if (typed && messages.some(isProjectServiceFailure)) {
      this.untyped.add(input.filePath);
      typed = false;
      messages = this.verify(input, false);
    }
    this.lints += 1;
    if (typed) this.typedLints += 1;
    return { messages, typed, durationMs: performance.now() - started };
  }

  /**
   * The project service reads files that no client opened from disk once and never watches them: tell it
   * the new text of a file that changed on disk (or whose editor buffer was closed without saving).
   */
  syncFromDisk(filePath: string): void {
    if (this.untyped.has(filePath)) return;
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      return;
    }
    try {
      tsParser.parseForESLint(text, { ...this.parserOptions(), filePath } as tsParser.ParserOptions);
    } catch {
      // A file the service does not know, or that does not parse: the next lint will say so.
    }
  }

  /** A tsconfig changed: files may have joined or left a project. */
  forgetProjectMembership(): void {
    this.untyped.clear();
  }

  private verify(input: LintInput, typed: boolean): Linter.LintMessage[] {
    // The same configuration as the CLI's: a file is linted the same way in the editor and in CI.
    const config = lintConfig({
      parser: tsParser as unknown as Linter.Parser,
      cwd: this.tsconfigRootDir,
      typed,
      rule: { severity: 'error', options: input.options },
      name: 'loopguard/language-server',
    });
    return this.linter.verify(input.text, config, { filename: input.filePath });
  }

  /** What the parser needs to tell the project service about a file's text (see `syncFromDisk`). */
  private parserOptions(): Linter.ParserOptions {
    return { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true }, projectService: true, tsconfigRootDir: this.tsconfigRootDir };
  }
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
