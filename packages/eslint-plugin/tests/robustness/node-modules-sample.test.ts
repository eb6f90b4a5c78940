// A fixed sample of the real files under the workspace's node_modules, linted the way
// `scripts/scan-node-modules.mjs` lints all of them: no type information, every suggestion applied and parsed again.
// The rule comes from the sources (not dist) and ESLint from the version switch of tests/setup.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import plugin = require('../../src');

interface FileRef {
  readonly file: string;
  readonly rel: string;
}
interface FileResult {
  readonly findings: number;
  readonly suggestions: number;
  readonly badSuggestions: ReadonlyArray<{ line: number; column: number; messageId: string; error: string; before: string; after: string }>;
  readonly exception?: { rule: boolean; message: string; stack?: string };
  readonly parseError?: string;
  readonly parser?: string;
  readonly ms: number;
}
interface Totals {
  files: number;
  bytes: number;
  linted: number;
  findings: number;
  suggestions: number;
  ruleExceptions: number;
  otherExceptions: number;
  badSuggestions: number;
  parseErrors: number;
  ms: number;
}
interface Scanner {
  lintText(text: string, file: string): FileResult;
}
interface ScanModule {
  listFiles(nodeModules: string): FileRef[];
  selectSample(files: FileRef[], count: number, maxBytes?: number): FileRef[];
  createScanner(tools: { Linter: unknown; tsParser: unknown; plugin: unknown; ruleOptions?: unknown }): Scanner;
  scanFiles(
    files: FileRef[],
    scanner: Scanner,
    onFile?: (index: number, rel: string, result: FileResult) => void,
  ): { totals: Totals; problems: Array<{ rel: string; exception?: FileResult['exception']; badSuggestions: FileResult['badSuggestions'] }>; slowest: Array<{ rel: string; ms: number; bytes: number }> };
}

// tsx compiles the script's ESM to CommonJS here, so that `require('eslint')` inside it would also go through the
// ESLint 9 switch; the scanner is given ESLint's Linter explicitly anyway.
const scan = require('../../scripts/scan-node-modules.mjs') as ScanModule;

const NODE_MODULES = path.resolve(__dirname, '../../../../node_modules');
const SAMPLE_SIZE = 300;

describe('every real file: a fixed sample of node_modules', function () {
  // Generous: 300 files take 10-20 s of CPU; a hang must still end the run.
  this.timeout(600_000);

  it(`${SAMPLE_SIZE} files chosen by path hash: no rule exception, every suggestion output parses`, () => {
    const all = scan.listFiles(NODE_MODULES);
    assert.ok(all.length > 2000, `only ${all.length} files under ${NODE_MODULES}: is the workspace installed?`);
    const sample = scan.selectSample(all, SAMPLE_SIZE);
    assert.equal(sample.length, SAMPLE_SIZE);
    const scanner = scan.createScanner({ Linter, tsParser, plugin });
    const { totals, problems, slowest } = scan.scanFiles(sample, scanner);
    const t = totals;
    console.log(
      `      sample of ${t.files} files (${(t.bytes / 2 ** 20).toFixed(1)} MB) out of ${all.length}: ${t.findings} findings, ` +
        `${t.suggestions} suggestions, ${t.parseErrors} own parse errors, ${(t.ms / 1000).toFixed(1)} s; ` +
        `slowest ${slowest[0]?.rel} ${slowest[0]?.ms} ms`,
    );
    const described = problems.map((p) =>
      p.exception
        ? `${p.rel}: ${p.exception.stack ?? p.exception.message}`
        : `${p.rel}: ${p.badSuggestions.map((b) => `${b.line}:${b.column} ${b.messageId}: ${b.error}\n  before: ${b.before}\n  after:  ${b.after}`).join('\n')}`,
    );
    assert.deepEqual(described, []);
    assert.equal(t.ruleExceptions + t.otherExceptions, 0);
    assert.equal(t.badSuggestions, 0);
    // The sample is chosen so that the checks have something to check.
    assert.ok(t.findings > 0, 'no findings in the sample: the check of suggestion outputs checked nothing');
    assert.ok(t.suggestions > 0, 'no suggestions in the sample');
    assert.ok(t.linted >= t.files - 10, `${t.files - t.linted} files of the sample did not parse`);
  });

  it('the sample is the same on every run: chosen by hash, not by order on disk', () => {
    const all = scan.listFiles(NODE_MODULES);
    const first = scan.selectSample(all, 20).map((f) => f.rel);
    const again = scan.selectSample([...all].reverse(), 20).map((f) => f.rel);
    assert.deepEqual(again, first);
    assert.ok(first.every((rel) => rel.includes('node_modules/') || !rel.startsWith('/')), 'paths are relative to node_modules');
  });

  describe('the scanner catches what it is there to catch', () => {
    // A rule that throws, and one whose suggestion leaves a broken file: the scan must count both.
    const broken = (kind: 'throws' | 'breaks'): TSESLint.RuleModule<string, []> => ({
      defaultOptions: [],
      meta: { type: 'problem', hasSuggestions: true, messages: { bad: 'bad', fix: 'fix' }, schema: [] },
      create(context) {
        return {
          CallExpression(node) {
            if (kind === 'throws') throw new Error('probe rule exploded');
            context.report({ node, messageId: 'bad', suggest: [{ messageId: 'fix', fix: (fixer) => fixer.insertTextAfter(node, ')(') }] });
          },
        };
      },
    });
    const scannerWith = (kind: 'throws' | 'breaks'): Scanner =>
      scan.createScanner({ Linter, tsParser, plugin: { rules: { 'no-blocking-io': broken(kind) } }, ruleOptions: null });

    it('a rule exception', () => {
      const result = scannerWith('throws').lintText('f();\n', '/virtual/node_modules/x/index.js');
      assert.ok(result.exception, 'no exception recorded');
      assert.equal(result.exception.rule, true);
      assert.match(result.exception.message, /probe rule exploded/);
    });

    it('a suggestion whose output does not parse', () => {
      const result = scannerWith('breaks').lintText('f();\n', '/virtual/node_modules/x/index.ts');
      assert.equal(result.findings, 1);
      assert.equal(result.badSuggestions.length, 1);
      assert.match(result.badSuggestions[0]?.after ?? '', /f\(\)\)\(/);
    });

    it("a file's own syntax error is not the rule's", () => {
      const result = scan.createScanner({ Linter, tsParser, plugin }).lintText('async function f( {\n', '/virtual/node_modules/x/index.js');
      assert.equal(result.exception, undefined);
      assert.match(result.parseError ?? '', /\d+:\d+ Parsing error/);
    });
  });
});
