import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ESLint, Linter } from 'eslint';
import { toFinding } from '../../src/findings';

const PROJECT = path.resolve(__dirname, '../../../../fixtures/projects/express-service');
const FRONT_ENDS = ['packages/cli/src', 'packages/language-server/src', 'packages/benchmarks/src', 'packages/vscode/src'].map((p) => path.resolve(__dirname, '../../../..', p));

/**
 * Lints orders.ts typed, in a process of its own: typescript-eslint keeps one project service per process, made
 * for the first tsconfigRootDir it sees, and the other tests of this suite lint other projects typed first.
 */
async function lintOrders(): Promise<{ file: string; messages: Linter.LintMessage[] }> {
  const script = `
    const { ESLint } = require('eslint');
    const { lintConfig } = require('eslint-plugin-loopguard/findings');
    const project = ${JSON.stringify(PROJECT)};
    new ESLint({
      cwd: project,
      overrideConfigFile: true,
      overrideConfig: lintConfig({ parser: require('@typescript-eslint/parser'), cwd: project, typed: true, rule: { severity: 'error' } }),
    }).lintFiles(['src/routes/orders.ts']).then((results) => process.stdout.write('\\n' + JSON.stringify(results)));
  `;
  // The same ESLint major as this run (LOOPGUARD_ESLINT), as .mocharc.json loads it.
  const preload = ['--require', path.resolve(__dirname, '../setup/eslint-version.cjs')];
  const stdout = execFileSync(process.execPath, [...preload, '-e', script], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 });
  // The last line: the preload may print a line of its own first.
  const [result] = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ESLint.LintResult[];
  assert.ok(result);
  return { file: result.filePath, messages: result.messages };
}

describe('the CLI reads findings as data, never from the message text', function () {
  this.timeout(120_000);

  it('gives the same catalog id, kind and chain when the message is worded differently', async () => {
    const { file, messages } = await lintOrders();
    const via = messages.find((m) => m.messageId === 'blockingVia');
    assert.ok(via, 'orders.ts has a report through helpers');
    const original = toFinding(file, via);
    const reworded = toFinding(file, { ...via, message: 'Something else entirely, with `backticks` (a.ts:1:2) via `x()` (b.ts:3:4).' });
    assert.equal(original.catalogId, 'fs.readFileSync');
    assert.equal(original.kind, 'fs');
    assert.deepEqual(
      original.chain?.map((s) => `${s.name} ${path.relative(PROJECT, s.file)}:${s.line}:${s.column}`),
      ['parseFile() src/config/settings.ts:13:10', 'readJson() src/config/settings.ts:17:16', 'fs.readFileSync src/config/settings.ts:22:21'],
    );
    assert.deepEqual({ ...reworded, message: original.message }, original);
  });

  it('has no finding data for a message without it: nothing is guessed from the text', async () => {
    const { file, messages } = await lintOrders();
    const via = messages.find((m) => m.messageId === 'blockingVia');
    assert.ok(via);
    const { loopguard: _data, ...plain } = via as Linter.LintMessage & { loopguard?: unknown };
    const finding = toFinding(file, plain);
    assert.equal(finding.catalogId, undefined);
    assert.equal(finding.chain, undefined);
  });

  it('front-end sources hold no pattern over the rule\'s message wording', () => {
    // The wording the rule's messages use ("blocks the event loop", "it calls", "(file:line:column)"):
    // a regular expression that matches it in a front end is a parser of message text.
    const wording = /blocks the event loop|it calls|via `|\\\(\[\^\(\)\]\+\):|`\(\[\^`\]\+\)`/u;
    const offenders: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (/\.[cm]?ts$/.test(entry.name)) {
          fs.readFileSync(full, 'utf8').split('\n').forEach((line, i) => {
            const regexLiterals = line.match(/\/(?:\\.|\[[^\]]*\]|[^/\n])+\/[gimsuy]*/g) ?? [];
            if (regexLiterals.some((r) => wording.test(r)) || /\.message\)?\.(?:match|matchAll|split)\(|(?:exec|test|matchAll)\([^)]*\.message\b/.test(line)) {
              offenders.push(`${path.relative(path.resolve(__dirname, '../../../..'), full)}:${i + 1}: ${line.trim()}`);
            }
          });
        }
      }
    };
    for (const dir of FRONT_ENDS) visit(dir);
    assert.deepEqual(offenders, []);
  });
});
