#!/usr/bin/env node
// Lints every JavaScript and TypeScript file of the workspace's own node_modules with loopguard/no-blocking-io,
// without type information, and applies every suggestion to check that its output still parses.
// Real code is stranger than any table of test cases: this is how the rule meets it.
//
//   pnpm --filter eslint-plugin-loopguard scan [--root <node_modules>] [--sample N] [--json <file>] [--record]
//   (or node scripts/scan-node-modules.mjs ... from packages/eslint-plugin, after building it)
//
//   --root     the node_modules folder to scan (default: the workspace's)
//   --sample   lint only N files chosen by path hash (half of them mention a `...Sync(` call), files < 200 KB
//   --json     where to write the figures and the problem files (default: <tmp>/loopguard-scan-node-modules.json)
//   --record   also write the figures into docs/reliability.md (between its `scan:start`/`scan:end` markers)
//
// LOOPGUARD_ESLINT=9 runs it with ESLint 9 (the `eslint9` alias), like the test suite.
// Exit code: 0 when no rule exception and no unparsable suggestion output was found, 1 otherwise.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.tsx', '.mts', '.cts'];
const RULE = 'loopguard/no-blocking-io';
const here = path.dirname(fileURLToPath(import.meta.url));
const PACKAGE_DIR = path.resolve(here, '..');
const REPO_ROOT = path.resolve(PACKAGE_DIR, '../..');

// ---------------------------------------------------------------------------------------------------------------
// Finding the files

function isSource(name) {
  return EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** Package folders of a node_modules folder: `x`, `@scope/x`. */
function packageDirs(nodeModules) {
  const dirs = [];
  let names;
  try {
    names = fs.readdirSync(nodeModules);
  } catch {
    return dirs;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      let scoped = [];
      try {
        scoped = fs.readdirSync(path.join(nodeModules, name));
      } catch {
        continue;
      }
      for (const inner of scoped) dirs.push(path.join(nodeModules, name, inner));
    } else {
      dirs.push(path.join(nodeModules, name));
    }
  }
  return dirs;
}

/**
 * Every source file under a node_modules folder, once each. pnpm keeps each package once under
 * `.pnpm/<name@version>/node_modules/<name>` and links it from everywhere else, so the walk goes through that
 * layout (when there is one) plus the top-level packages, resolves real paths and drops duplicates. Inside a
 * package, nested node_modules are walked too; symbolic links are followed only to resolve package folders.
 */
export function listFiles(nodeModules) {
  const roots = [];
  const store = path.join(nodeModules, '.pnpm');
  if (fs.existsSync(store)) {
    for (const entry of fs.readdirSync(store)) {
      if (entry === 'node_modules') continue; // pnpm's hoisting folder: links only
      roots.push(...packageDirs(path.join(store, entry, 'node_modules')));
    }
  }
  roots.push(...packageDirs(nodeModules));

  const seen = new Set();
  const files = [];
  const base = fs.realpathSync(nodeModules);
  for (const root of roots) {
    let real;
    try {
      real = fs.realpathSync(root);
    } catch {
      continue; // a dangling link
    }
    // Workspace packages are linked into node_modules too; they are ours, not the dependencies'.
    if (!(real + path.sep).startsWith(base + path.sep)) continue;
    if (seen.has(real)) continue;
    seen.add(real);
    const stack = [real];
    while (stack.length > 0) {
      const dir = stack.pop();
      let entries;
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!seen.has(full)) {
            seen.add(full);
            stack.push(full);
          }
        } else if (entry.isFile() && isSource(entry.name) && !seen.has(full)) {
          seen.add(full);
          files.push({ file: full, rel: path.relative(base, full).split(path.sep).join('/') });
        }
      }
    }
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return files;
}

function hashOf(text) {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * A fixed sample: files in the order of the hash of their path inside node_modules (stable across machines
 * that install the same lockfile), smaller than `maxBytes`; half of them mention a `...Sync(` call so that the
 * sample has findings and suggestions to check.
 */
export function selectSample(files, count, maxBytes = 200_000) {
  const ordered = files.map((f) => ({ ...f, hash: hashOf(f.rel) })).sort((a, b) => (a.hash < b.hash ? -1 : 1));
  const withSync = [];
  const others = [];
  const half = Math.ceil(count / 2);
  for (const f of ordered) {
    if (withSync.length >= half && others.length >= count - half) break;
    let size;
    try {
      size = fs.statSync(f.file).size;
    } catch {
      continue;
    }
    if (size > maxBytes) continue;
    const text = fs.readFileSync(f.file, 'utf8');
    if (/\w+Sync\s*\(/.test(text)) {
      if (withSync.length < half) withSync.push(f);
    } else if (others.length < count - half) {
      others.push(f);
    }
  }
  return [...withSync, ...others].map(({ file, rel }) => ({ file, rel })).sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------------------------
// Linting one file

/** The nearest package.json's `type`, cached by folder. */
const typeCache = new Map();
function packageType(file) {
  const dir = path.dirname(file);
  if (typeCache.has(dir)) return typeCache.get(dir);
  let type = 'commonjs';
  const pkgFile = path.join(dir, 'package.json');
  if (fs.existsSync(pkgFile)) {
    try {
      type = JSON.parse(fs.readFileSync(pkgFile, 'utf8')).type === 'module' ? 'module' : 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else if (path.dirname(dir) !== dir) {
    type = packageType(dir);
  }
  typeCache.set(dir, type);
  return type;
}

/** The parser set-ups to try for a file, most likely first. */
function languageOptionsFor(file, tsParser) {
  const ext = path.extname(file);
  const ts = (jsx, sourceType) => ({ parser: tsParser, sourceType, parserOptions: { ecmaFeatures: { jsx } } });
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return [{ name: 'typescript-eslint', options: ts(false, 'module') }];
  if (ext === '.tsx') return [{ name: 'typescript-eslint (jsx)', options: ts(true, 'module') }];
  const espree = (sourceType) => ({ ecmaVersion: 'latest', sourceType, parserOptions: { ecmaFeatures: { jsx: false } } });
  const order = ext === '.mjs' ? ['module'] : ext === '.cjs' ? ['commonjs'] : packageType(file) === 'module' ? ['module', 'commonjs'] : ['commonjs', 'module'];
  return [
    ...order.map((sourceType) => ({ name: `espree (${sourceType})`, options: espree(sourceType) })),
    // JSX or Flow-free TypeScript-ish syntax in .js files: typescript-eslint with JSX accepts more.
    { name: 'typescript-eslint (jsx)', options: ts(true, order[0]) },
  ];
}

function isRuleError(error) {
  const text = `${error?.message ?? ''}\n${error?.stack ?? ''}`;
  return text.includes(RULE) || /[\\/]eslint-plugin[\\/](dist|src)[\\/]/.test(text);
}

/**
 * Builds a linter for the scan. `Linter`: ESLint's class; `tsParser`: @typescript-eslint/parser; `plugin`:
 * eslint-plugin-loopguard (built or from sources). `ruleOptions` defaults to reporting everywhere, including
 * command-line files, so that no file escapes the analysis; `null` runs the rule without options.
 */
export function createScanner({ Linter, tsParser, plugin, ruleOptions = { reportCliFiles: true } }) {
  // cwd `/` and the un-ignore pattern: flat config ignores node_modules and files outside cwd by default.
  const linter = new Linter({ configType: 'flat', cwd: '/' });
  const configFor = (languageOptions, withRule) => [
    { ignores: ['!**/node_modules/'] },
    {
      // Extensions spelled out: flat config lints a .ts file only when a pattern names it (not `**/*`).
      files: EXTENSIONS.map((ext) => `**/*${ext}`),
      languageOptions,
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      ...(withRule ? { plugins: { loopguard: plugin }, rules: { [RULE]: ruleOptions ? ['error', ruleOptions] : 'error' } } : {}),
    },
  ];
  const parseError = (text, file, languageOptions) => {
    const fatal = linter.verify(text, configFor(languageOptions, false), file).find((m) => m.fatal);
    return fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : undefined;
  };

  /** Lints one text as `file`; never throws. */
  function lintText(text, file) {
    const started = process.hrtime.bigint();
    const result = { findings: 0, suggestions: 0, badSuggestions: [], exception: undefined, parseError: undefined, parser: undefined, byMessage: {} };
    let lastParseError;
    for (const { name, options } of languageOptionsFor(file, tsParser)) {
      let messages;
      try {
        messages = linter.verify(text, configFor(options, true), file);
      } catch (error) {
        // ESLint rethrows what a rule throws, with the rule's id in the message.
        result.parser = name;
        result.exception = { rule: isRuleError(error), message: String(error?.message ?? error).slice(0, 2000), stack: String(error?.stack ?? '').slice(0, 4000) };
        break;
      }
      const unmatched = messages.find((m) => !m.ruleId && /No matching configuration/.test(m.message));
      if (unmatched) throw new Error(`scan-node-modules: ESLint did not lint ${file}: ${unmatched.message}`);
      const fatal = messages.find((m) => m.fatal);
      if (fatal && !fatal.ruleId && !String(fatal.message).includes(RULE)) {
        lastParseError = `${name}: ${fatal.line}:${fatal.column} ${fatal.message}`;
        continue;
      }
      result.parser = name;
      if (fatal) {
        result.exception = { rule: true, message: String(fatal.message).slice(0, 2000) };
        break;
      }
      for (const message of messages) {
        if (message.ruleId !== RULE) continue;
        result.findings += 1;
        result.byMessage[message.messageId] = (result.byMessage[message.messageId] ?? 0) + 1;
        for (const suggestion of message.suggestions ?? []) {
          result.suggestions += 1;
          const { range, text: replacement } = suggestion.fix;
          const output = text.slice(0, range[0]) + replacement + text.slice(range[1]);
          const error = parseError(output, file, options);
          if (error) {
            result.badSuggestions.push({
              line: message.line,
              column: message.column,
              messageId: suggestion.messageId,
              error,
              before: text.slice(Math.max(0, range[0] - 80), Math.min(text.length, range[1] + 80)),
              after: output.slice(Math.max(0, range[0] - 80), Math.min(output.length, range[0] + replacement.length + 80)),
            });
          }
        }
      }
      break;
    }
    if (!result.parser) result.parseError = lastParseError;
    result.ms = Number(process.hrtime.bigint() - started) / 1e6;
    return result;
  }

  return { lintText };
}

/** Lints a list of files and adds up the figures. `onFile(index, file, result)` reports progress. */
export function scanFiles(files, scanner, onFile) {
  const totals = {
    files: 0,
    bytes: 0,
    linted: 0,
    findings: 0,
    suggestions: 0,
    ruleExceptions: 0,
    otherExceptions: 0,
    badSuggestions: 0,
    parseErrors: 0,
    stackOverflowParseErrors: 0,
    ms: 0,
    byMessage: {},
    byParser: {},
  };
  const problems = [];
  const slowest = [];
  const started = Date.now();
  for (const [index, { file, rel }] of files.entries()) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const result = scanner.lintText(text, file);
    totals.files += 1;
    totals.bytes += Buffer.byteLength(text);
    totals.findings += result.findings;
    totals.suggestions += result.suggestions;
    totals.badSuggestions += result.badSuggestions.length;
    for (const [id, n] of Object.entries(result.byMessage)) totals.byMessage[id] = (totals.byMessage[id] ?? 0) + n;
    if (result.parser) {
      totals.linted += 1;
      totals.byParser[result.parser] = (totals.byParser[result.parser] ?? 0) + 1;
    }
    if (result.parseError) {
      totals.parseErrors += 1;
      if (/call stack/i.test(result.parseError)) totals.stackOverflowParseErrors += 1;
    }
    if (result.exception) {
      if (result.exception.rule) totals.ruleExceptions += 1;
      else totals.otherExceptions += 1;
    }
    if (result.exception || result.badSuggestions.length > 0) {
      problems.push({ rel, exception: result.exception, badSuggestions: result.badSuggestions });
    }
    slowest.push({ rel, ms: Math.round(result.ms), bytes: Buffer.byteLength(text) });
    slowest.sort((a, b) => b.ms - a.ms);
    if (slowest.length > 15) slowest.length = 15;
    onFile?.(index, rel, result);
  }
  totals.ms = Date.now() - started;
  return { totals, problems, slowest };
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

function loadTools() {
  const require = createRequire(path.join(PACKAGE_DIR, 'package.json'));
  const wanted = process.env.LOOPGUARD_ESLINT ?? '10';
  if (wanted !== '9' && wanted !== '10') throw new Error(`LOOPGUARD_ESLINT must be 9 or 10, not "${wanted}"`);
  const eslint = require(wanted === '9' ? 'eslint9' : 'eslint');
  const tsParser = require('@typescript-eslint/parser');
  const distEntry = path.join(PACKAGE_DIR, 'dist/index.js');
  if (!fs.existsSync(distEntry)) {
    throw new Error(`${path.relative(process.cwd(), distEntry)} is missing: build the plugin first (pnpm --filter eslint-plugin-loopguard build).`);
  }
  const plugin = require(distEntry);
  return { Linter: eslint.Linter, eslintVersion: eslint.Linter.version ?? eslint.ESLint?.version, tsParser, plugin };
}

function parseArgs(argv) {
  const args = { root: path.join(REPO_ROOT, 'node_modules'), sample: undefined, json: path.join(os.tmpdir(), 'loopguard-scan-node-modules.json'), record: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--') continue; // `pnpm run scan -- --record` passes it along
    if (arg === '--root') args.root = path.resolve(value());
    else if (arg === '--sample') {
      args.sample = Number(value());
      if (!Number.isInteger(args.sample) || args.sample <= 0) throw new Error(`--sample must be a positive whole number, not "${argv[i]}"`);
    } else if (arg === '--json') args.json = path.resolve(value());
    else if (arg === '--record') args.record = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 15).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}" (see --help)`);
  }
  if (!fs.existsSync(args.root)) throw new Error(`--root ${args.root} does not exist: run pnpm install first, or pass the node_modules folder to scan.`);
  return args;
}

function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${cpus.length} cores (shared), ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.release()}, Node ${process.versions.node}`;
}

function recordInDocs(report) {
  const docs = path.join(REPO_ROOT, 'docs/reliability.md');
  const t = report.totals;
  const rate = t.ms > 0 ? (t.bytes / 2 ** 20 / (t.ms / 1000)).toFixed(2) : '?';
  const block = [
    '<!-- scan:start (written by `pnpm --filter eslint-plugin-loopguard scan --record`; do not edit by hand) -->',
    `Latest full run: ${report.date}, on ${report.machine}, ESLint ${report.eslint}, load average at start ${report.loadAverage}.`,
    '',
    '| files | MB | linted | own parse errors | findings | suggestions | rule exceptions | other exceptions | unparsable suggestion outputs | time |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${t.files} | ${(t.bytes / 2 ** 20).toFixed(1)} | ${t.linted} | ${t.parseErrors} | ${t.findings} | ${t.suggestions} | ${t.ruleExceptions} | ${t.otherExceptions} | ${t.badSuggestions} | ${(t.ms / 1000).toFixed(0)} s (${rate} MB/s) |`,
    '',
    `Findings by message: ${Object.entries(t.byMessage).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}. Files by parser: ${Object.entries(t.byParser).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    'Slowest files:',
    '',
    ...report.slowest.slice(0, 5).map((s) => `- \`${s.rel}\` (${(s.bytes / 1024).toFixed(0)} KB): ${(s.ms / 1000).toFixed(1)} s`),
    '<!-- scan:end -->',
  ].join('\n');
  const current = fs.existsSync(docs) ? fs.readFileSync(docs, 'utf8') : '';
  const pattern = /<!-- scan:start[\s\S]*?<!-- scan:end -->/;
  if (!pattern.test(current)) throw new Error(`${docs} has no <!-- scan:start --> ... <!-- scan:end --> block to replace.`);
  fs.writeFileSync(docs, current.replace(pattern, block));
  return docs;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const tools = loadTools();
  const all = listFiles(args.root);
  const files = args.sample ? selectSample(all, args.sample) : all;
  process.stderr.write(`scanning ${files.length} of ${all.length} files under ${args.root} with ESLint ${tools.eslintVersion}\n`);
  const scanner = createScanner(tools);
  const loadAverage = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const started = Date.now();
  const { totals, problems, slowest } = scanFiles(files, scanner, (index, rel, result) => {
    if (result.exception || result.badSuggestions.length > 0) {
      process.stderr.write(`PROBLEM ${rel}: ${result.exception ? result.exception.message.split('\n')[0] : `${result.badSuggestions.length} unparsable suggestion output(s)`}\n`);
    }
    if ((index + 1) % 500 === 0) process.stderr.write(`  ${index + 1}/${files.length} files, ${Math.round((Date.now() - started) / 1000)} s\n`);
  });
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    loadAverage,
    eslint: tools.eslintVersion,
    root: args.root,
    sample: args.sample ?? null,
    totals,
    problems,
    slowest,
  };
  fs.mkdirSync(path.dirname(args.json), { recursive: true });
  fs.writeFileSync(args.json, JSON.stringify(report, null, 2));
  const t = totals;
  process.stdout.write(
    [
      `files ${t.files} (${(t.bytes / 2 ** 20).toFixed(1)} MB), linted ${t.linted}, own parse errors ${t.parseErrors} (stack overflows in the parser: ${t.stackOverflowParseErrors})`,
      `findings ${t.findings}, suggestions ${t.suggestions}`,
      `rule exceptions ${t.ruleExceptions}, other exceptions ${t.otherExceptions}, unparsable suggestion outputs ${t.badSuggestions}`,
      `time ${(t.ms / 1000).toFixed(1)} s`,
      `figures: ${args.json}`,
    ].join('\n') + '\n',
  );
  if (args.record) process.stdout.write(`recorded in ${recordInDocs(report)}\n`);
  process.exitCode = t.ruleExceptions > 0 || t.badSuggestions > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`scan-node-modules: ${error.message}\n`);
    process.exitCode = 2;
  });
}
