#!/usr/bin/env node
// Rewrites the generated sections of the rule docs from the built package (run `pnpm build` first):
// the options table from the rule's JSON schema and defaults, and the API table from the catalog.
// `--check` exits 1 when a doc is stale instead of writing it; tests/docs/generated.test.ts runs the same check.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { renderApiTable } = require('@loopguard/catalog');

const DOCS = path.join(__dirname, '..', 'docs', 'rules');

/** Rules whose docs have generated sections, by file name. */
const RULES = {
  'no-blocking-io': () => require('../dist/rules/no-blocking-io').default,
};

function typeOf(schema) {
  if (schema.type === 'array') {
    const items = schema.items ?? {};
    if (items.enum) return `(${items.enum.map((v) => `\`"${v}"\``).join(' | ')})[]`;
    if (items.type === 'object') return `{ ${Object.keys(items.properties ?? {}).join(', ')} }[]`;
    return `${items.type ?? 'unknown'}[]`;
  }
  return schema.type ?? 'unknown';
}

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** One row per option: name, type, default and the schema's description. */
function renderOptionsTable(rule) {
  // Rules validate their options themselves (to name the option at fault) and export the schema.
  const schema = rule.optionsSchema ?? rule.meta.schema[0];
  const defaults = rule.defaultOptions[0] ?? {};
  const lines = ['| option | type | default | description |', '|---|---|---|---|'];
  for (const [name, property] of Object.entries(schema.properties)) {
    const fallback = name in defaults ? `\`${JSON.stringify(defaults[name]).replace(/","/g, '", "')}\`` : '';
    let description = property.description ?? '';
    if (property.items?.type === 'object') {
      const fields = Object.entries(property.items.properties ?? {}).map(([field, p]) => `\`${field}\`: ${p.description ?? ''}`);
      description += ` Each entry: ${fields.join(' ')}`;
    }
    lines.push(`| \`${name}\` | ${cell(typeOf(property))} | ${cell(fallback)} | ${cell(description)} |`);
  }
  return lines.join('\n');
}

function replaceSection(text, file, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} ... ${end} section: add the two markers where the table belongs`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

/** The doc as it should be: `text` with every generated section rewritten. Tests pass the rule built from source. */
function expectedDoc(ruleName, text, rule = RULES[ruleName]()) {
  const file = path.join(DOCS, `${ruleName}.md`);
  let next = replaceSection(text, file, 'options', renderOptionsTable(rule));
  next = replaceSection(next, file, 'catalog', renderApiTable());
  return next;
}

function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const ruleName of Object.keys(RULES)) {
    const file = path.join(DOCS, `${ruleName}.md`);
    const text = fs.readFileSync(file, 'utf8');
    const next = expectedDoc(ruleName, text);
    if (next === text) continue;
    if (check) {
      console.error(`${path.relative(process.cwd(), file)} is stale: run \`pnpm --filter eslint-plugin-loopguard generate\``);
      stale += 1;
    } else {
      fs.writeFileSync(file, next);
      console.log(`${path.relative(process.cwd(), file)} updated`);
    }
  }
  if (stale > 0) process.exit(1);
}

module.exports = { expectedDoc, renderOptionsTable, DOCS, RULES };

if (require.main === module) main();
