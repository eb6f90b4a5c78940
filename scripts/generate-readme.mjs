#!/usr/bin/env node
// Regenerates the README's catalog summary from packages/catalog (run `pnpm build` first).
// `--check` exits 1 when the README is stale instead of writing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { renderKindSummary } = require('../packages/catalog/dist/index.js');
const file = new URL('../README.md', import.meta.url);
const START = '<!-- catalog-summary:start -->';
const END = '<!-- catalog-summary:end -->';

export function expectedReadme(text) {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} ... ${END} section`);
  return `${text.slice(0, a + START.length)}\n${renderKindSummary()}\n${text.slice(b)}`;
}

const text = readFileSync(file, 'utf8');
const next = expectedReadme(text);
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('README.md catalog summary is stale: run `node scripts/generate-readme.mjs`');
    process.exit(1);
  }
} else if (next !== text) {
  writeFileSync(file, next);
  console.log('README.md updated');
}
