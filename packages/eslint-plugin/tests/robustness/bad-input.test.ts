// What real projects sometimes feed a linter: wrong options, broken syntax, huge minified bundles, expressions nested
// thousands deep, megabyte-long lines, files that no tsconfig includes. The rule must refuse bad options with a
// message that names them, and must never crash, overflow the stack or hang on the rest. Each case prints its time;
// the test fails on a crash or a hang (mocha's timeout), never on a timing.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin = require('../../src');

const RULE = 'loopguard/no-blocking-io';
// cwd `/`: flat config only lints files under its cwd, and the typed cases write their projects to the temp folder.
const linter = new Linter({ configType: 'flat', cwd: '/' });

interface LintOptions {
  /** Relative to the test folder unless absolute; the extension picks the parser (`.js` espree, else typescript-eslint). */
  readonly filename?: string;
  readonly sourceType?: 'module' | 'commonjs';
  readonly ruleOptions?: unknown;
  readonly parserOptions?: Record<string, unknown>;
  readonly parser?: 'espree' | 'typescript-eslint';
}

function config(options: LintOptions): Linter.Config[] {
  const filename = options.filename ?? 'file.js';
  const parser = options.parser ?? (/\.[cm]?js$/.test(filename) ? 'espree' : 'typescript-eslint');
  return [
    {
      files: ['**/*.js', '**/*.ts', '**/*.tsx', '**/*.cjs', '**/*.mjs', '**/*.mts', '**/*.cts'],
      plugins: { loopguard: plugin as never },
      languageOptions: {
        sourceType: options.sourceType ?? 'commonjs',
        ...(parser === 'typescript-eslint' ? { parser: tsParser as unknown as Linter.Parser } : { ecmaVersion: 'latest' as const }),
        ...(options.parserOptions ? { parserOptions: options.parserOptions } : {}),
      },
      rules: { [RULE]: options.ruleOptions === undefined ? 'error' : ['error', options.ruleOptions] } as Linter.RulesRecord,
    },
  ];
}

function lint(code: string, options: LintOptions = {}): Linter.LintMessage[] {
  const filename = options.filename ?? 'file.js';
  return linter.verify(code, config(options), path.isAbsolute(filename) ? filename : path.join(__dirname, filename));
}

/** Runs `fn`, prints how long it took (wall clock, and CPU: the machines are shared), returns its result. */
function timed<R>(label: string, fn: () => R, inChild = false): R {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = fn();
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  const detail = inChild ? 'in a child process' : `CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`;
  console.log(`      [time] ${label}: ${wall.toFixed(0)} ms (${detail})`);
  return result;
}

function ruleMessages(messages: Linter.LintMessage[]): Linter.LintMessage[] {
  return messages.filter((m) => m.ruleId === RULE);
}

/** The thrown error's message, or a failure when nothing was thrown. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('no error was thrown');
}

describe('bad input to no-blocking-io', function () {
  this.timeout(300_000);

  describe('invalid options are refused with a message that names the option at fault', () => {
    // The rule validates its options itself (ESLint's schema messages name only the value), by the option's path.
    const cases: ReadonlyArray<{ name: string; options: unknown; mentions: string }> = [
      { name: 'contexts: a string', options: { contexts: 'async-function' }, mentions: 'option "contexts" must be an array; it is "async-function".' },
      { name: 'contexts: an unknown kind', options: { contexts: ['request'] }, mentions: 'option "contexts[0]" must be one of "async-function", "promise-callback", "request-handler", "event-listener", "timer"; it is "request".' },
      { name: 'contexts: a duplicate', options: { contexts: ['timer', 'timer'] }, mentions: 'option "contexts" lists "timer" twice.' },
      { name: 'ignore: a string', options: { ignore: 'fs' }, mentions: 'option "ignore" must be an array; it is "fs".' },
      { name: 'ignore: an empty name', options: { ignore: [''] }, mentions: 'option "ignore[0]" must not be empty.' },
      { name: 'ignore: a number', options: { ignore: [1] }, mentions: 'option "ignore[0]" must be a string; it is 1.' },
      { name: 'additionalApis: a string', options: { additionalApis: 'my-db' }, mentions: 'option "additionalApis" must be an array; it is "my-db".' },
      { name: 'additionalApis: no name', options: { additionalApis: [{ module: 'my-db' }] }, mentions: 'option "additionalApis[0]" needs "name".' },
      { name: 'additionalApis: no module', options: { additionalApis: [{ name: 'querySync' }] }, mentions: 'option "additionalApis[0]" needs "module".' },
      {
        name: 'additionalApis: an unknown key',
        options: { additionalApis: [{ module: 'my-db', name: 'querySync', sync: true }] },
        mentions: 'option "additionalApis[0].sync" is unknown; the options are "module", "name".',
      },
      { name: 'startup: a string', options: { startup: 'main' }, mentions: 'option "startup" must be an array; it is "main".' },
      { name: 'startup: a number', options: { startup: [3] }, mentions: 'option "startup[0]" must be a string; it is 3.' },
      { name: 'cliFiles: an object', options: { cliFiles: { bin: true } }, mentions: 'option "cliFiles" must be an array; it is {"bin":true}.' },
      { name: 'cliFiles: an empty glob', options: { cliFiles: [''] }, mentions: 'option "cliFiles[0]" must not be empty.' },
      { name: 'reportCliFiles: a string', options: { reportCliFiles: 'yes' }, mentions: 'option "reportCliFiles" must be a boolean; it is "yes".' },
      { name: 'followHelpers: a number', options: { followHelpers: 1 }, mentions: 'option "followHelpers" must be a boolean; it is 1.' },
      {
        name: 'a misspelt option',
        options: { followHelper: false },
        mentions: 'option "followHelper" is unknown; the options are "contexts", "ignore", "additionalApis", "followHelpers", "startup", "cliFiles", "reportCliFiles".',
      },
      { name: 'options not an object', options: 'strict', mentions: 'the options must be an object; it is "strict".' },
    ];
    for (const { name, options, mentions } of cases) {
      it(name, () => {
        const message = errorOf(() => lint('async function f() {}\n', { ruleOptions: options }));
        assert.ok(message.includes(`${RULE}: ${mentions}`), `"${mentions}" missing from:\n${message}`);
      });
    }

    it('ignore: a name that is neither a catalog id nor a module names the option and the value', () => {
      const message = errorOf(() => lint('async function f() {}\n', { ruleOptions: { ignore: ['fs.readFileSnyc'] } }));
      assert.ok(message.includes('option "ignore" has "fs.readFileSnyc"'), message);
      assert.ok(message.includes('loopguard --explain'), 'says what to do');
    });

    it('valid options of every kind are accepted', () => {
      const messages = lint("const fs = require('fs');\nasync function f() { fs.readFileSync('a'); }\n", {
        ruleOptions: {
          contexts: ['async-function', 'timer'],
          ignore: ['better-sqlite3', 'fs.existsSync'],
          additionalApis: [{ module: 'my-db', name: 'querySync' }],
          followHelpers: false,
          startup: ['init*'],
          cliFiles: ['tools/**'],
          reportCliFiles: true,
        },
      });
      assert.deepEqual(ruleMessages(messages).map((m) => `${m.line}:${m.column}`), ['2:22']);
    });
  });

  describe('syntax errors: a parsing error from ESLint, nothing from the rule', () => {
    const broken: ReadonlyArray<{ name: string; filename: string; code: string }> = [
      { name: 'an unclosed call (espree)', filename: 'file.js', code: "const fs = require('fs');\nasync function f() { fs.readFileSync('a'\n" },
      { name: 'an unclosed call (typescript-eslint)', filename: 'file.ts', code: "import * as fs from 'fs';\nasync function f() { fs.readFileSync('a'\n" },
      { name: 'TypeScript syntax in a .js file', filename: 'file.js', code: "const fs = require('fs');\nasync function f(p: string) { fs.readFileSync(p); }\n" },
      { name: 'await outside async (module)', filename: 'file.mjs', code: "import fs from 'fs';\nfunction f() { await fs.readFileSync('a'); }\n" },
      { name: 'an unterminated template', filename: 'file.ts', code: 'async function f() { return `${x\n' },
      { name: 'JSX in a .ts file', filename: 'file.ts', code: 'async function f() { return <div>{x}</div>; }\n' },
      { name: 'a lone surrogate and a NUL', filename: 'file.js', code: 'async function f() { \uD800 \u0000 }\n' },
    ];
    for (const { name, filename, code } of broken) {
      it(name, () => {
        const messages = timed(`syntax error: ${name}`, () => lint(code, { filename, sourceType: filename.endsWith('.mjs') ? 'module' : 'commonjs' }));
        assert.equal(messages.length, 1, JSON.stringify(messages));
        const [message] = messages;
        assert.equal(message?.fatal, true);
        assert.equal(message?.ruleId, null);
        assert.match(message?.message ?? '', /^Parsing error: /);
        assert.ok((message?.line ?? 0) >= 1);
      });
    }

    it('empty, comment-only, BOM-only and shebang-only files', () => {
      for (const [code, filename] of [['', 'file.js'], ['// nothing\n/* at all */', 'file.ts'], ['\uFEFF', 'file.js'], ['#!/usr/bin/env node\n', 'file.js']] as const) {
        assert.deepEqual(lint(code, { filename }), [], JSON.stringify(code));
      }
    });
  });

  describe('a 5 MB minified bundle', () => {
    // Built like a bundler's output: one line of short-named modules, with five blocking calls in async functions and
    // promise callbacks, and the same calls in synchronous functions (not reported).
    const BLOCKING = [
      'async function h0(p){return fs.readFileSync(p,"utf8")}',
      'var h1=async(c)=>cp.execSync(c).toString();',
      'function h2(q){return q.then(function(){return fs.statSync("/tmp")})}',
      'async function h3(k){return z.gzipSync(k)}',
      'var h4={async run(p){return fs.readdirSync(p)}};',
    ];
    const SYNC = 'function s0(p){return fs.readFileSync(p)}function s1(){return z.gzipSync("x")}';
    function bundle(bytes: number): { code: string; columns: number[] } {
      const chunk = (i: number): string =>
        `var a${i}=function(e,t){for(var n=0,r=e.length;n<r;n++)t=(t<<5)-t+e.charCodeAt(n)|0;return t},` +
        `b${i}={k:"v${i}",f:function(e){return e?a${i}(String(e),${i}):null},g:[${i},${i + 1},"${i.toString(36)}"]};` +
        `function c${i}(e){return typeof e=="object"&&e!==null?Object.keys(e).map(function(t){return b${i}.f(e[t])}):[]}`;
      let code = '"use strict";var fs=require("fs"),cp=require("child_process"),z=require("zlib");' + SYNC;
      const columns: number[] = [];
      const step = Math.floor(bytes / (BLOCKING.length + 1));
      let next = step;
      let i = 0;
      while (code.length < bytes) {
        code += chunk(i);
        i += 1;
        if (code.length >= next && columns.length < BLOCKING.length) {
          const snippet = BLOCKING[columns.length] as string;
          const call = /(fs|cp|z)\.\w+Sync\(/.exec(snippet) as RegExpExecArray;
          columns.push(code.length + call.index + 1);
          code += snippet;
          next += step;
        }
      }
      return { code, columns };
    }

    it('finishes and reports exactly the five blocking calls, with suggestions', function () {
      // About 40 s of CPU, most of it ESLint's own; a shared machine can stretch that tenfold.
      this.timeout(1_800_000);
      const { code, columns } = bundle(5 * 2 ** 20);
      assert.ok(code.length >= 5 * 2 ** 20 && !code.includes('\n'));
      const messages = timed(`minified bundle, ${(code.length / 2 ** 20).toFixed(1)} MB on one line (espree)`, () => lint(code));
      assert.equal(messages.filter((m) => m.fatal).length, 0, JSON.stringify(messages.filter((m) => m.fatal)));
      const found = ruleMessages(messages);
      assert.deepEqual(
        found.map((m) => `${m.line}:${m.column}`),
        columns.map((c) => `1:${c}`),
      );
      assert.ok(found.every((m) => m.messageId === 'blocking'));
      assert.ok(found.some((m) => (m.suggestions ?? []).length > 0), 'no suggestions were computed');
    });
  });

  describe('deep nesting: a clean parsing error, or a report without a stack overflow', () => {
    const HEAD = "const fs = require('fs');\n";
    const CALL = "fs.readFileSync('x')";
    // 10,000 levels of each shape real generated code nests.
    const N = 10_000;
    const shapes: ReadonlyArray<{ name: string; code: (n: number) => string }> = [
      { name: 'parentheses', code: (n) => `${HEAD}async function f() { return ${'('.repeat(n)}${CALL}${')'.repeat(n)}; }` },
      { name: 'calls', code: (n) => `${HEAD}async function f() { return ${'g('.repeat(n)}${CALL}${')'.repeat(n)}; }` },
      { name: 'arrays', code: (n) => `${HEAD}async function f() { return ${'['.repeat(n)}${CALL}${']'.repeat(n)}; }` },
      { name: 'objects', code: (n) => `${HEAD}async function f() { return ${'{a:'.repeat(n)}${CALL}${'}'.repeat(n)}; }` },
      { name: 'binary, left-deep (a + a + ... + call)', code: (n) => `${HEAD}async function f() { return a${' + a'.repeat(n)} + ${CALL}; }` },
      { name: 'binary, right-deep (a + (a + (...)))', code: (n) => `${HEAD}async function f() { return ${'a + ('.repeat(n)}${CALL}${')'.repeat(n)}; }` },
      { name: 'conditional chain (x ? 1 : x ? 1 : ...)', code: (n) => `${HEAD}async function f(x) { return ${'x ? 1 : '.repeat(n)}${CALL}; }` },
      { name: 'else-if chain', code: (n) => `${HEAD}async function f(x) { ${Array.from({ length: n }, (_, i) => `if (x === ${i}) { a(); }`).join(' else ')} else { ${CALL}; } }` },
      { name: 'blocks', code: (n) => `${HEAD}async function f() { ${'{'.repeat(n)}${CALL};${'}'.repeat(n)} }` },
      { name: 'nested functions', code: (n) => `${HEAD}${'async function f() { '.repeat(n)}${CALL};${'}'.repeat(n)}` },
      { name: 'nested arrows', code: (n) => `${HEAD}const f = ${'async () => '.repeat(n)}${CALL};` },
      { name: 'member chain (a.b.b.b...)', code: (n) => `${HEAD}async function f() { ${CALL.replace("'x'", `a${'.b'.repeat(n)}`)}; }` },
      { name: 'promise chain (.then().then()...)', code: (n) => `${HEAD}async function f(p) { return p${'.then(() => 1)'.repeat(n)}.then(() => ${CALL}); }` },
    ];

    /**
     * One of three outcomes is allowed: the parser refuses the input with a parsing error; ESLint's own scope
     * analysis or traverser overflows (ESLint's, not ours: the rule only listens to `Program:exit`); or the rule
     * reports the call.
     * A stack overflow or any exception from the rule fails.
     */
    function check(label: string, code: string, filename: string): 'parse error' | 'eslint core overflow' | 'reported' {
      let messages: Linter.LintMessage[];
      try {
        messages = timed(label, () => lint(code, { filename }));
      } catch (error) {
        const stack = String((error as Error).stack);
        assert.ok(!stack.includes(RULE) && !/[\\/]eslint-plugin[\\/](src|dist)[\\/]/.test(stack), `the rule threw:\n${stack}`);
        // ESLint's scope analysis (eslint-scope) and its traverser recurse once per level of the tree.
        assert.match(stack, /[\\/](eslint|eslint-scope|esrecurse)@[^\\/]+[\\/]/, `an exception outside ESLint:\n${stack}`);
        console.log(`      ${label}: ESLint's own traversal overflowed the stack (not the rule)`);
        return 'eslint core overflow';
      }
      const fatal = messages.find((m) => m.fatal);
      if (fatal) {
        assert.equal(fatal.ruleId, null, `the rule failed: ${fatal.message}`);
        assert.match(fatal.message, /^Parsing error: (Not enough stack space|Maximum call stack size exceeded)/);
        return 'parse error';
      }
      assert.equal(ruleMessages(messages).length, 1, JSON.stringify(messages.slice(0, 3)));
      return 'reported';
    }

    for (const { name, code } of shapes) {
      it(`${name}: ${N.toLocaleString('en')} levels, espree and typescript-eslint`, () => {
        const text = code(N);
        check(`${name}, ${N} levels, espree`, text, 'deep.js');
        check(`${name}, ${N} levels, typescript-eslint`, text, 'deep.ts');
      });
    }

    it('nesting as deep as espree reliably accepts is analysed without a stack overflow', () => {
      // The parsers give up long before 10,000 levels; these depths parse, so the rule's own walks meet them.
      // Well below the limits: V8's frames are smaller once optimised, so the deepest depth that fits varies
      // from run to run (2,500 blocks fit in one run and not in the next).
      const accepted: ReadonlyArray<{ name: string; depth: number }> = [
        { name: 'binary, left-deep (a + a + ... + call)', depth: 1_000 },
        { name: 'conditional chain (x ? 1 : x ? 1 : ...)', depth: 1_000 },
        { name: 'else-if chain', depth: 1_000 },
        { name: 'blocks', depth: 1_000 },
        { name: 'nested functions', depth: 500 },
        { name: 'member chain (a.b.b.b...)', depth: 1_000 },
        { name: 'promise chain (.then().then()...)', depth: 500 },
      ];
      for (const { name, depth } of accepted) {
        const shape = shapes.find((s) => s.name === name);
        assert.ok(shape, name);
        assert.equal(check(`${name}, ${depth} levels, espree`, shape.code(depth), 'deep.js'), 'reported', `${name} at ${depth} levels`);
      }
    });
  });

  describe('very long lines', () => {
    const MB = 2 ** 20;

    it('a 1 MB string literal, then a blocking call on the same line (espree and typescript-eslint)', () => {
      const prefix = `var s = "${'x'.repeat(MB)}"; async function f() { `;
      const code = `const fs = require('fs');\n${prefix}fs.readFileSync(s); }\n`;
      for (const filename of ['long.js', 'long.ts']) {
        const messages = timed(`1 MB string literal line (${filename})`, () => lint(code, { filename }));
        assert.deepEqual(ruleMessages(messages).map((m) => `${m.line}:${m.column}`), [`2:${prefix.length + 1}`]);
      }
    });

    it('a 1 MB line of 16,000 statements ending in a blocking call', () => {
      // ESLint itself spends about 60 µs of CPU a statement: 16,000 keep the case quick, the line still 1 MB.
      const statements = Array.from({ length: MB / 64 }, (_, i) => `var v_${i.toString(36)}="${'x'.repeat(54 - i.toString(36).length)}";`).join('');
      assert.equal(statements.length, MB);
      const prefix = `${statements}async function f() { `;
      const code = `const fs = require('fs');\n${prefix}fs.readFileSync(s); }\n`;
      const messages = timed('1 MB line of statements (espree)', () => lint(code, { filename: 'long.js' }));
      assert.deepEqual(messages.filter((m) => m.fatal), []);
      assert.deepEqual(ruleMessages(messages).map((m) => `${m.line}:${m.column}`), [`2:${prefix.length + 1}`]);
    });
  });

  describe('typed linting of files that no tsconfig includes', () => {
    let dir: string;
    const CODE = "import * as fs from 'node:fs';\nexport async function f(p: string) { return fs.readFileSync(p, 'utf8'); }\n";
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-outside-'));
      fs.mkdirSync(path.join(dir, 'project/src'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'project/tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', types: [] }, include: ['src'] }));
      fs.writeFileSync(path.join(dir, 'project/src/inside.ts'), CODE);
      fs.writeFileSync(path.join(dir, 'project/outside.ts'), CODE);
      // A second file: the project service outlives a lint, and once a file is open in the default project it stays.
      fs.writeFileSync(path.join(dir, 'project/outside-strict.ts'), CODE);
      fs.mkdirSync(path.join(dir, 'loose'));
      fs.writeFileSync(path.join(dir, 'loose/alone.ts'), CODE);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    // Each case in a fresh process: typescript-eslint keeps the first project service it creates for the whole
    // process, so the options of one case would leak into the next (see lint-in-child.ts).
    const run = (file: string, parserOptions: Record<string, unknown>, label: string): Linter.LintMessage[] =>
      timed(label, () => {
        const output = execFileSync(
          process.execPath,
          ['--require', require.resolve('../setup/eslint-version.cjs'), '--require', 'tsx/cjs', path.join(__dirname, 'lint-in-child.ts'), JSON.stringify({ file, parserOptions })],
          { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', env: process.env, timeout: 240_000 },
        );
        return JSON.parse(output.trim().split('\n').pop() ?? '') as Linter.LintMessage[];
      }, true);

    it('projectService with allowDefaultProject: a file beside the tsconfig and a folder without one are reported', () => {
      const outside = run(path.join(dir, 'project/outside.ts'), { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: path.join(dir, 'project') }, 'outside the tsconfig, default project');
      assert.deepEqual(ruleMessages(outside).map((m) => `${m.line}:${m.column}`), ['2:45']);
      const alone = run(path.join(dir, 'loose/alone.ts'), { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: path.join(dir, 'loose') }, 'no tsconfig at all, default project');
      assert.deepEqual(ruleMessages(alone).map((m) => `${m.line}:${m.column}`), ['2:45']);
    });

    it('projectService without allowDefaultProject: a parsing error that names the file, no crash', () => {
      const messages = run(path.join(dir, 'project/outside-strict.ts'), { projectService: true, tsconfigRootDir: path.join(dir, 'project') }, 'outside the tsconfig, no default project');
      assert.equal(messages.length, 1, JSON.stringify(messages));
      assert.equal(messages[0]?.fatal, true);
      assert.equal(messages[0]?.ruleId, null);
      assert.match(messages[0]?.message ?? '', /outside-strict\.ts/);
      // The file the tsconfig includes is linted with types by the same service.
      const inside = run(path.join(dir, 'project/src/inside.ts'), { projectService: true, tsconfigRootDir: path.join(dir, 'project') }, 'inside the tsconfig');
      assert.deepEqual(ruleMessages(inside).map((m) => `${m.line}:${m.column}`), ['2:45']);
    });

    it('parserOptions.project that does not include the file: a parsing error, no crash', () => {
      const messages = run(path.join(dir, 'project/outside-strict.ts'), { project: './tsconfig.json', tsconfigRootDir: path.join(dir, 'project') }, 'outside parserOptions.project');
      assert.equal(messages.length, 1, JSON.stringify(messages));
      assert.equal(messages[0]?.fatal, true);
      assert.equal(messages[0]?.ruleId, null);
    });
  });
});
