/**
 * The lint configurations compared by the benchmark. Every configuration shares one base (parser, globals,
 * files); only the rules and the project service differ, so a ratio isolates what the rules cost.
 */
import type { ESLint, Linter, Rule } from 'eslint';

export const CONFIG_IDS = ['a', 'b', 'c', 'd', 'e', 'e0'] as const;
export type ConfigId = (typeof CONFIG_IDS)[number];

export interface ConfigInfo {
  readonly id: ConfigId;
  /** Short label for tables. */
  readonly label: string;
  /** What runs, in words, for the method section. */
  readonly description: string;
  readonly typed: boolean;
}

export const CONFIGS: Readonly<Record<ConfigId, ConfigInfo>> = {
  a: {
    id: 'a',
    label: '(a) parser only',
    description: 'ESLint + @typescript-eslint/parser, no rules',
    typed: false,
  },
  b: {
    id: 'b',
    label: '(b) n/no-sync',
    description: 'as (a) + `n/no-sync` (eslint-plugin-n, default options)',
    typed: false,
  },
  c: {
    id: 'c',
    label: '(c) loopguard, untyped',
    description: 'as (a) + `loopguard/no-blocking-io` (default options: in-file helper analysis)',
    typed: false,
  },
  d: {
    id: 'd',
    label: '(d) typed baseline',
    description: 'as (a) with `parserOptions.projectService: true` + `@typescript-eslint/no-unnecessary-type-assertion`',
    typed: true,
  },
  e: {
    id: 'e',
    label: '(e) loopguard, typed',
    description: 'as (d) without its rule + `loopguard/no-blocking-io` (default `followHelpers: true`: whole-program analysis)',
    typed: true,
  },
  e0: {
    id: 'e0',
    label: '(e0) loopguard, typed, followHelpers: false',
    description: 'as (e) with `followHelpers: false`: direct calls only, isolates the whole-program analysis',
    typed: true,
  },
};

/** Extensions linted in every corpus. `.d.ts` files are excluded by the corpus file lists. */
export { LINTED_GLOBS } from 'eslint-plugin-loopguard/findings';

export interface ConfigContext {
  /** The corpus root: ESLint's cwd and the project service's tsconfigRootDir. */
  readonly cwd: string;
  /** Module system of `.js` files (from the corpus' package.json `type`). */
  readonly jsSourceType: 'module' | 'commonjs';
}

/**
 * The loopguard CLI's and language server's own configuration (`lintConfig` of the plugin), with the rules
 * of the configuration measured: a ratio between configurations isolates what the rules cost.
 */
export function flatConfig(id: ConfigId, ctx: ConfigContext): Linter.Config[] {
  const { lintConfig, LINTED_GLOBS } = require('eslint-plugin-loopguard/findings') as typeof import('eslint-plugin-loopguard/findings');
  const info = CONFIGS[id];
  const loopguard = id === 'c' || id === 'e' ? { severity: 'warn' as const } : id === 'e0' ? { severity: 'warn' as const, options: { followHelpers: false } } : false;
  const configs = lintConfig({
    parser: require('@typescript-eslint/parser') as Linter.Parser,
    cwd: ctx.cwd,
    typed: info.typed,
    jsSourceType: ctx.jsSourceType,
    rule: loopguard,
    ...(loopguard ? { plugin: loopguardPlugin() } : {}),
    name: `bench/${id}`,
  });
  const rules = rulesFor(id);
  if (rules) configs.push({ name: `bench/${id}/rules`, files: LINTED_GLOBS, ...rules });
  return configs;
}

/**
 * The loopguard plugin under test: the workspace build, or the build at $LOOPGUARD_BENCH_PLUGIN (a folder or
 * file to `require`), to measure a prototype of a change against the same baselines.
 */
function loopguardPlugin(): ESLint.Plugin {
  const override = process.env['LOOPGUARD_BENCH_PLUGIN'];
  return require(override ? require.resolve(override) : 'eslint-plugin-loopguard') as ESLint.Plugin;
}

function rulesFor(id: ConfigId): Pick<Linter.Config, 'plugins' | 'rules'> | undefined {
  switch (id) {
    case 'a':
      return undefined;
    case 'b':
      return { plugins: { n: nPlugin() }, rules: { 'n/no-sync': 'warn' } };
    case 'c':
    case 'e':
    case 'e0':
      return undefined; // lintConfig() adds the loopguard rule
    case 'd': {
      const tseslint = require('typescript-eslint') as { plugin: ESLint.Plugin };
      return { plugins: { '@typescript-eslint': tseslint.plugin }, rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'warn' } };
    }
  }
}

export function eslintOptions(id: ConfigId, ctx: ConfigContext): ESLint.Options {
  return {
    cwd: ctx.cwd,
    overrideConfigFile: true,
    overrideConfig: flatConfig(id, ctx),
    cache: false,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  };
}

/**
 * eslint-plugin-n with `no-sync` made to run under @typescript-eslint/parser without type information.
 * Workaround: eslint-plugin-n 18.5.0's own `getParserServices` (lib/util/get-parser-services.js, since
 * eslint-community/eslint-plugin-n#449) throws "You have used a rule which requires type information" when the
 * parser gives node maps but no program, although `no-sync` needs types only for object-form `ignores`,
 * which this benchmark does not use. The rule sees the empty parser services espree would give; its
 * visitors and reports are its own.
 */
function nPlugin(): ESLint.Plugin {
  const plugin = require('eslint-plugin-n') as ESLint.Plugin;
  const noSync = plugin.rules?.['no-sync'] as Rule.RuleModule;
  const wrapped: Rule.RuleModule = {
    meta: noSync.meta ?? {},
    create(context) {
      const sourceCode = context.sourceCode;
      if ((sourceCode.parserServices as { program?: unknown } | undefined)?.program) return noSync.create(context);
      const untypedSource = Object.create(sourceCode, { parserServices: { value: {} } }) as typeof sourceCode;
      return noSync.create(Object.create(context, { sourceCode: { value: untypedSource } }) as Rule.RuleContext);
    },
  };
  return { ...plugin, rules: { ...plugin.rules, 'no-sync': wrapped } };
}
