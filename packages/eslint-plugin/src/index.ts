import type { ESLint, Linter } from 'eslint';
import { findingsProcessor } from './findings';
import noBlockingIo from './rules/no-blocking-io';

const pkg = require('../package.json') as { name: string; version: string };

/**
 * The public shape of the plugin, in ESLint's own types rather than typescript-eslint's: a user's
 * `eslint.config.ts` passes it to `defineConfig` from `eslint/config`, whose `plugins` and config entries are
 * typed with `ESLint.Plugin` and `Linter.Config` (typescript-eslint's FlatConfig types are not assignable to
 * them: TS2322/TS2345). `eslint` is a peer dependency, so these resolve to the user's ESLint 9 or 10.
 */
type Plugin = ESLint.Plugin & {
  meta: { name: string; version: string };
  configs: Record<'recommended' | 'recommended-type-checked', Linter.Config>;
};

// The rule is written against typescript-eslint's RuleModule type, which ESLint's Rule.RuleModule does not accept
// structurally (its `create` takes a narrower context); at run time ESLint sees the same object either way.
const rules = { 'no-blocking-io': noBlockingIo } as unknown as NonNullable<ESLint.Plugin['rules']>;

const plugin: Plugin = {
  meta: { name: pkg.name, version: pkg.version },
  rules,
  // Attaches each finding's data to its message (see ./findings.ts); `lintConfig()` of
  // `eslint-plugin-loopguard/findings` sets it, and a user's config can with `processor: 'loopguard/findings'`.
  processors: { findings: findingsProcessor as unknown as Linter.Processor },
  configs: {} as Plugin['configs'],
};

plugin.configs.recommended = {
  name: 'loopguard/recommended',
  plugins: { loopguard: plugin },
  rules: { 'loopguard/no-blocking-io': 'error' },
};

// Type information lets the rule resolve callees by declaration (instances of better-sqlite3 classes held
// in fields, re-exports under other names); it still needs the user's parser setup for the project service.
plugin.configs['recommended-type-checked'] = {
  name: 'loopguard/recommended-type-checked',
  plugins: { loopguard: plugin },
  languageOptions: { parserOptions: { projectService: true } },
  rules: { 'loopguard/no-blocking-io': 'error' },
};

// `module.exports` is the plugin itself, so that `import loopguard from 'eslint-plugin-loopguard'` works
// from ESM configs and `require()` from CommonJS ones. Front ends import `eslint-plugin-loopguard/findings`.
export = plugin;
