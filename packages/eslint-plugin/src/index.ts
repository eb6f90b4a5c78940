import type { TSESLint } from '@typescript-eslint/utils';
import { findingsProcessor } from './findings';
import noBlockingIo from './rules/no-blocking-io';

const pkg = require('../package.json') as { name: string; version: string };

const rules = {
  'no-blocking-io': noBlockingIo,
};

type Plugin = {
  meta: { name: string; version: string };
  rules: typeof rules;
  processors: { findings: typeof findingsProcessor };
  configs: Record<'recommended' | 'recommended-type-checked', TSESLint.FlatConfig.Config>;
};

const plugin: Plugin = {
  meta: { name: pkg.name, version: pkg.version },
  rules,
  // Attaches each finding's data to its message (see ./findings.ts); `lintConfig()` of
  // `eslint-plugin-loopguard/findings` sets it, and a user's config can with `processor: 'loopguard/findings'`.
  processors: { findings: findingsProcessor },
  configs: {} as Plugin['configs'],
};

plugin.configs.recommended = {
  name: 'loopguard/recommended',
  plugins: { loopguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: { 'loopguard/no-blocking-io': 'error' },
};

// Type information lets the rule resolve callees by declaration (instances of better-sqlite3 classes held
// in fields, re-exports under other names); it still needs the user's parser setup for the project service.
plugin.configs['recommended-type-checked'] = {
  name: 'loopguard/recommended-type-checked',
  plugins: { loopguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  languageOptions: { parserOptions: { projectService: true } },
  rules: { 'loopguard/no-blocking-io': 'error' },
};

// `module.exports` is the plugin itself, so that `import loopguard from 'eslint-plugin-loopguard'` works
// from ESM configs and `require()` from CommonJS ones. Front ends import `eslint-plugin-loopguard/findings`.
export = plugin;
