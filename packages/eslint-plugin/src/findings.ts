/**
 * `eslint-plugin-loopguard/findings`: what a finding is, as data, for every front end (the CLI, the language
 * server, the benchmarks, a user's own script), and the one ESLint configuration they lint with.
 *
 * How the data reaches them. ESLint 9 and 10 build each `LintMessage` from a fixed list of fields (ruleId,
 * severity, message, messageId, line, column, endLine, endColumn, fix, suggestions): a report's `data` is
 * used to render the message and then dropped. Suggestions keep their own `data`, but only findings with a
 * rewrite have suggestions. What ESLint does keep, unchanged, is the list of messages a processor's
 * `postprocess` returns, and it keeps it across its worker threads (`concurrency`, a structured clone) and in
 * its cache (JSON). So the rule records each finding's data as it reports it, and the plugin's `findings`
 * processor, which runs in the same thread right after the rule, attaches it to the matching message as
 * `message.loopguard`. `lintConfig()` sets the processor; `findingOf(message)` reads the data back. Nothing
 * reads the message text: it is rendered from the data (`messageData`) and only shown.
 */
import { displayName, getEntry, type BlockingKind, type CatalogEntry } from '@loopguard/catalog';
import type { ESLint, Linter } from 'eslint';
import * as path from 'node:path';
import type { ChainStep } from './analysis/chain';
import type { ContextKind } from './analysis/context';

export type { ChainStep } from './analysis/chain';
export { CONTEXT_KINDS, type ContextKind } from './analysis/context';

export const RULE_ID = 'loopguard/no-blocking-io';

/** One finding of `loopguard/no-blocking-io`, as the analysis computed it. */
export interface FindingData {
  /** The catalog id of the blocking API (`fs.readFileSync`); absent for an API of the `additionalApis` option. */
  readonly catalogId?: string;
  /** How messages name the API: `fs.readFileSync`, `Database.prototype.prepare (better-sqlite3)`. */
  readonly api: string;
  readonly kind: BlockingKind;
  /** Why it blocks and what to use instead, in words (from the catalog). */
  readonly why: string;
  readonly instead: string;
  /** What kind of code the call runs in (`request-handler`, `async-function`, ...). */
  readonly contextKind: ContextKind;
  /** The same in words, for messages: "a request handler". */
  readonly contextDescription: string;
  /**
   * For a call of the project's own helper that blocks: the steps from the helper called here to the blocking
   * API call, which is last; each with its file (absolute), line and 1-based column. Empty for a direct call.
   */
  readonly chain: readonly ChainStep[];
  /** For a helper call: how the call is written here (`loadSettings()`, `this.repo.find()`). */
  readonly callee?: string;
  /** For a helper call: the helper that makes the blocking call itself, the one to make async. */
  readonly innermost?: string;
  /** For a helper call with an async twin next to it (`loadSync` / `load`): the twin's callee text. */
  readonly asyncTwin?: string;
  /** Whether a mechanical rewrite exists: the finding carries at least one suggestion. */
  readonly rewrite: boolean;
}

/** A message as ESLint returns it after the `findings` processor: with the finding's data when it is the rule's. */
export type LintMessageWithFinding = Linter.LintMessage & { loopguard?: FindingData };

/** The finding a message reports, or undefined for other rules' messages, parse errors, and configs without the processor. */
export function findingOf(message: Linter.LintMessage): FindingData | undefined {
  return (message as LintMessageWithFinding).loopguard;
}

/** `config.ts:42:10`, relative to the linted file's folder, with `/` separators. */
export function formatLocation(fromFile: string, step: ChainStep): string {
  const rel = fromFile === step.file ? path.basename(step.file) : path.relative(path.dirname(fromFile), step.file).split(path.sep).join('/');
  return `${rel}:${step.line}:${step.column}`;
}

/** The parts of a finding that come from its catalog entry (or the `additionalApis` entry the rule made). */
export function entryData(entry: CatalogEntry): Pick<FindingData, 'catalogId' | 'api' | 'kind' | 'why' | 'instead'> {
  return {
    ...(getEntry(entry.id) === entry ? { catalogId: entry.id } : {}),
    api: displayName(entry),
    kind: entry.kind,
    why: entry.why,
    instead: entry.instead,
  };
}

/** The placeholders of the rule's messages, rendered from a finding's data (`blocking` and `blockingVia`). */
export function messageData(finding: FindingData, fromFile: string): Record<string, string> {
  const last = finding.chain[finding.chain.length - 1];
  if (!last) {
    return { api: finding.api, context: finding.contextDescription, why: finding.why, instead: finding.instead };
  }
  const via = finding.chain.slice(0, -1);
  return {
    callee: finding.callee ?? '',
    context: finding.contextDescription,
    api: last.name,
    location: formatLocation(fromFile, last),
    via: via.length > 0 ? ` via ${via.map((s) => `\`${s.name}\` (${formatLocation(fromFile, s)})`).join(' → ')}` : '',
    advice: finding.asyncTwin
      ? `Use its async twin \`${finding.asyncTwin}\`.`
      : `The blocking call is in \`${finding.innermost ?? 'this function'}()\`; make it async (${finding.instead.replace(/\.$/, '')}) or move its work to a worker thread.`,
  };
}

// The rule's findings for the file being linted, until the processor attaches them: the processor runs in
// the same thread right after the rule, so one file's worth is all there is to keep.
let recorded: { file: string; findings: Map<string, FindingData[]> } | undefined;

function keyOf(line: number, column: number, messageId: string): string {
  return `${line}:${column}:${messageId}`;
}

/** Called by the rule for each report: the data of the message at `line`/`column` (1-based) with `messageId`. */
export function recordFinding(file: string, line: number, column: number, messageId: string, finding: FindingData): void {
  if (recorded?.file !== file) recorded = { file, findings: new Map() };
  const key = keyOf(line, column, messageId);
  const list = recorded.findings.get(key);
  if (list) list.push(finding);
  else recorded.findings.set(key, [finding]);
}

/** Called by the rule when it starts on a file: data left by another file (a config without the processor) is dropped. */
export function startFile(file: string): void {
  recorded = { file, findings: new Map() };
}

/** The processor that attaches each finding's data to its message (see the top of this file). */
export const findingsProcessor: Linter.Processor = {
  meta: { name: 'loopguard/findings' },
  supportsAutofix: true,
  preprocess: (text) => [text],
  postprocess(messageLists, filename) {
    const messages = messageLists.flat();
    const mine = recorded && path.resolve(recorded.file) === path.resolve(filename) ? recorded.findings : undefined;
    recorded = undefined;
    if (!mine) return messages;
    return messages.map((m) => {
      if (m.ruleId !== RULE_ID || !m.messageId) return m;
      const queue = mine.get(keyOf(m.line, m.column, m.messageId));
      const finding = queue?.shift();
      return finding ? { ...m, loopguard: finding } : m;
    });
  },
};

/**
 * Whether a parse error says that typescript-eslint's project service could not place the file in a
 * TypeScript project: such a file is linted again without type information.
 */
export function isProjectServiceFailure(message: Linter.LintMessage): boolean {
  return message.fatal === true && /project service|projectService|not included in (?:this|any) project|parserOptions\.project|non-standard/iu.test(message.message);
}

export const LINTED_GLOBS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];

/** Node's CommonJS and host globals, so that scope analysis binds `require` & co. like Node does. */
const NODE_GLOBALS: Linter.Globals = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename', 'process', 'Buffer', 'global', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone', 'fetch', 'URL', 'Deno', 'Bun'].map(
    (name) => [name, 'readonly' as const],
  ),
);

export interface LintConfigOptions {
  /** `@typescript-eslint/parser`, as the front end loaded it (the plugin does not depend on a parser). */
  readonly parser: Linter.Parser;
  /** The project service's `tsconfigRootDir`, and the folder `untypedFiles` are relative to. */
  readonly cwd: string;
  /** Type information through typescript-eslint's project service. */
  readonly typed: boolean;
  /** Absolute files that no tsconfig includes: linted without the project service. */
  readonly untypedFiles?: readonly string[];
  /**
   * A generated tsconfig that lists the files no tsconfig includes (the CLI's inferred project, as an editor
   * gives loose files), and those files: they are linted with that program instead of without types.
   */
  readonly inferredProject?: string;
  readonly inferredFiles?: readonly string[];
  /**
   * The process lints the same files more than once (an editor, a second pass). typescript-estree takes a
   * process with `CI=true`, or one started as `node_modules/.bin/eslint`, for a single run, and gives every
   * parse of a file after its first a program of that file alone: a second lint then follows no helper into
   * another file. A long-running host turns that inference off.
   */
  readonly longRunning?: boolean;
  /** How `.js` files load: `commonjs` for a package without `"type": "module"` when the caller knows it. */
  readonly jsSourceType?: 'module' | 'commonjs';
  /** The rule's severity and options; `false` for a configuration without loopguard (benchmark baselines). */
  readonly rule: { readonly severity: 'error' | 'warn'; readonly options?: Record<string, unknown> } | false;
  /** The plugin object to load (the benchmarks measure other builds); this package by default. */
  readonly plugin?: ESLint.Plugin;
  /** Prefix of the config objects' names. */
  readonly name?: string;
}

/**
 * The one flat configuration every front end lints with: the files, the parser (with the project service
 * when typed), Node's globals, CommonJS for `.cjs`/`.cts` (and `.js` when asked), the rule with its options,
 * and the processor that carries findings as data.
 */
export function lintConfig(options: LintConfigOptions): Linter.Config[] {
  const name = options.name ?? 'loopguard';
  const plugin = options.plugin ?? (require('./index') as ESLint.Plugin);
  const config: Linter.Config[] = [
    {
      name,
      files: LINTED_GLOBS,
      languageOptions: {
        parser: options.parser,
        ecmaVersion: 'latest',
        sourceType: 'module',
        globals: NODE_GLOBALS,
        parserOptions: {
          ecmaFeatures: { jsx: true },
          ...(options.longRunning ? { disallowAutomaticSingleRunInference: true } : {}),
          ...(options.typed
            ? { projectService: true, tsconfigRootDir: options.cwd }
            : options.inferredProject
              ? // No tsconfig anywhere: every file is in the inferred project, no need to list them.
                { projectService: false, project: [options.inferredProject], tsconfigRootDir: options.cwd }
              : // Even untyped: typescript-estree infers a root from the roots that earlier lints in the same process
                // set, and refuses to parse once there are several ("No tsconfigRootDir was set, and multiple
                // candidate TSConfigRootDirs are present"), as in a language server with two workspace folders.
                { tsconfigRootDir: options.cwd }),
        },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    {
      name: `${name}/commonjs`,
      files: ['**/*.cjs', '**/*.cts', ...(options.jsSourceType === 'commonjs' ? ['**/*.js'] : [])],
      languageOptions: { sourceType: 'commonjs' },
    },
  ];
  if (options.rule) {
    const entry: Linter.RuleEntry = options.rule.options ? [options.rule.severity, options.rule.options] : [options.rule.severity];
    config.push({
      name: `${name}/rule`,
      files: LINTED_GLOBS,
      plugins: { loopguard: plugin },
      processor: findingsProcessor,
      rules: { [RULE_ID]: entry },
    });
  }
  if (options.typed && options.inferredProject && (options.inferredFiles ?? []).length > 0) {
    // Files that no tsconfig includes, next to files that one does: the first go to the inferred project.
    config.push({
      name: `${name}/inferred`,
      files: (options.inferredFiles ?? []).map((f) => escapeGlob(path.relative(options.cwd, f).split(path.sep).join('/'))),
      languageOptions: { parserOptions: { projectService: false, project: [options.inferredProject], tsconfigRootDir: options.cwd } },
    });
  }
  if ((options.typed || options.inferredProject) && options.untypedFiles && options.untypedFiles.length > 0) {
    // Files that no tsconfig includes would make the project service throw ("was not found by the project
    // service"): they get the same rule without type information instead of being dropped.
    config.push({
      name: `${name}/untyped`,
      files: options.untypedFiles.map((f) => escapeGlob(path.relative(options.cwd, f).split(path.sep).join('/'))),
      languageOptions: { parserOptions: { projectService: false, project: false } },
    });
  }
  return config;
}

/** A path as a minimatch pattern that matches only itself. */
function escapeGlob(relative: string): string {
  return relative.replace(/[*?[\]{}()!+@\\]/gu, (c) => `\\${c}`);
}
