#!/usr/bin/env node
// Does the rule find the same on the quick pass's parser (oxc) as on typescript-estree? Lints every JavaScript and
// TypeScript file under the given folders both ways, untyped, and prints the files whose messages differ.
//   pnpm --filter @loopguard/language-server build && node scripts/compare-quick-parser.mjs /work/corpus
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Linter } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const { lintConfig } = require('eslint-plugin-loopguard/findings');
const { quickParser } = require('../dist/quick-parser.js');

const roots = process.argv.slice(2);
if (roots.length === 0) {
  console.error('usage: node scripts/compare-quick-parser.mjs <folder>...');
  process.exit(2);
}
function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.[cm]?[jt]sx?$/u.test(entry.name) && !/\.d\.[cm]?ts$|\.min\.js$/u.test(entry.name) && fs.statSync(full).size < 500_000) yield full;
  }
}
const linter = new Linter({ configType: 'flat', cwd: '/' });
const key = (m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.message} ${(m.suggestions ?? []).map((s) => `${s.fix.range}:${s.fix.text}`).join('|')}`;
let same = 0;
let different = 0;
let bothFailed = 0;
let findings = 0;
const time = { full: 0, quick: 0 };
for (const root of roots) {
  for (const file of files(root)) {
    const text = fs.readFileSync(file, 'utf8');
    const cwd = path.dirname(file);
    const run = (parser, which) => {
      const started = performance.now();
      const messages = linter.verify(text, lintConfig({ parser, cwd, typed: false, rule: { severity: 'error', options: {} }, longRunning: true }), { filename: file });
      time[which] += performance.now() - started;
      return messages;
    };
    const full = run(tsParser, 'full');
    const quick = run(quickParser, 'quick');
    if (full.some((m) => m.fatal) && quick.some((m) => m.fatal)) {
      bothFailed++;
      continue;
    }
    findings += full.filter((m) => !m.fatal).length;
    const a = full.map(key).join('\n');
    const b = quick.map(key).join('\n');
    if (a === b) same++;
    else {
      different++;
      console.log(`DIFFERENT ${file}\n  typescript-estree: ${full.map(key).join('\n    ')}\n  quick: ${quick.map(key).join('\n    ')}`);
    }
  }
}
console.log(`${same} files the same, ${different} different, ${bothFailed} that neither parser parses; ${findings} findings; lint time typescript-estree ${Math.round(time.full)} ms, quick ${Math.round(time.quick)} ms`);
