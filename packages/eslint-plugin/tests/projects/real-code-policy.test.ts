import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintProject, PROJECTS, type Finding } from './lint-project';

/**
 * The label policy of fixtures/real-code, class by class (packages/eslint-plugin/docs/whole-program.md#labelling-real-code):
 * each list is every finding of the project, so what is not in it must not be reported. Each project's
 * expected-findings.json holds the same findings with their messages.
 */
function keys(findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.messageId}`);
}

function expected(name: string, mode: 'typed' | 'untyped'): string[] {
  const file = JSON.parse(fs.readFileSync(path.join(PROJECTS, name, 'expected-findings.json'), 'utf8')) as Record<string, Finding[]>;
  return keys(file[mode] ?? []);
}

describe('real-code label policy (whole-program analysis)', function () {
  this.timeout(180_000);

  describe('re-initialisation is judged by who reaches it, not by its name', () => {
    const want = ['server.js:35:10 blocking', 'server.js:43:10 blocking', 'server.js:48:10 blocking'];

    it('a restart handed over by start-up and a signal listener registered at start-up re-run start-up; a request, a timer and a per-connection listener do not', async () => {
      const typed = await lintProject(path.join(PROJECTS, 'real-reinit-paths'), true);
      assert.deepEqual(keys(typed), want);
      assert.deepEqual(keys(typed), expected('real-reinit-paths', 'typed'));
    });

    it('the same without type information', async () => {
      const untyped = await lintProject(path.join(PROJECTS, 'real-reinit-paths'), false);
      assert.deepEqual(keys(untyped), want);
      assert.deepEqual(keys(untyped), expected('real-reinit-paths', 'untyped'));
    });
  });

  describe('start-up entries nothing visible calls, and listeners start-up waits for', () => {
    const want = ['src/page.ts:5:10 blocking', 'src/server.ts:10:13 blocking', 'src/server.ts:32:7 blocking', 'src/server.ts:43:15 blocking', 'src/server.ts:53:9 blocking'];

    it('an anonymous default export that calls listen() is start-up code; listeners that settle a promise start-up awaits run in start-up; a listener that settles nothing, a request handler that settles one, a default export that starts nothing and an uncalled async function are reported', async () => {
      const typed = await lintProject(path.join(PROJECTS, 'real-startup-entry'), true);
      assert.deepEqual(keys(typed), want);
      assert.deepEqual(keys(typed), expected('real-startup-entry', 'typed'));
    });

    it('the same without type information', async () => {
      const untyped = await lintProject(path.join(PROJECTS, 'real-startup-entry'), false);
      assert.deepEqual(keys(untyped), want);
      assert.deepEqual(keys(untyped), expected('real-startup-entry', 'untyped'));
    });
  });

  describe('lazy initialisation costs once per process and is not reported', () => {
    const want = ['src/tools.ts:48:23 blockingVia', 'src/tools.ts:48:41 blockingVia'];

    it('`if (memo.x === undefined) memo.x = ...` and `if (cached) return cached; cached = ...` are caches; a flag about something else and an early return of another value are not', async () => {
      const typed = await lintProject(path.join(PROJECTS, 'real-lazy-init'), true);
      assert.deepEqual(keys(typed), want);
      assert.deepEqual(keys(typed), expected('real-lazy-init', 'typed'));
      assert.match(typed[0]?.message ?? '', /^`currentBanner\(\)` blocks the event loop in an async function: it calls `fs\.readFileSync`/);
    });

    it('the same without type information', async () => {
      const untyped = await lintProject(path.join(PROJECTS, 'real-lazy-init'), false);
      assert.deepEqual(keys(untyped), want);
      assert.deepEqual(keys(untyped), expected('real-lazy-init', 'untyped'));
    });
  });
});
