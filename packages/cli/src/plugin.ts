import type { ESLint } from 'eslint';

export interface RuleMeta {
  readonly docs?: { readonly description?: string; readonly url?: string };
}

/** The rule's metadata, read from the plugin so that docs links never drift from the rule's own. */
export function ruleMeta(): RuleMeta {
  const plugin = require('eslint-plugin-loopguard') as ESLint.Plugin;
  return (plugin.rules?.['no-blocking-io'] as { meta?: RuleMeta } | undefined)?.meta ?? {};
}
