import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BLOCKING_KINDS, displayName, getEntry } from '@loopguard/catalog';
import { listPatterns, loadPattern, loadPatterns } from '../src/patterns';
import type { Pattern } from '../src/types';
import { applyAllSuggestions, lintFile } from './support/lint';

const patterns: Pattern[] = loadPatterns(undefined);

/** What the rule reports in a file, in the manifest's terms. */
function findings(file: string): Array<{ line: number; messageId: string; catalogId?: string }> {
  return lintFile(file).map((m) => {
    if (m.fatal) throw new Error(`${file}:${m.line}: ${m.message}`);
    return { line: m.line, messageId: m.messageId ?? m.message, message: m.message };
  }) as Array<{ line: number; messageId: string; message: string }>;
}

describe('fixture patterns', () => {
  it('has at least 20 patterns, and one for every catalog kind', () => {
    assert.ok(patterns.length >= 20, `only ${patterns.length} patterns`);
    const kinds = new Set(patterns.map((p) => p.kind));
    assert.deepEqual(BLOCKING_KINDS.filter((k) => !kinds.has(k)), []);
  });

  it('covers the issue list: fs read/write/stat/exists/walk, child processes, crypto, zlib, both SQLite drivers, sync HTTP, Atomics.wait', () => {
    const covered = new Set(patterns.flatMap((p) => p.catalogIds));
    for (const id of [
      'fs.readFileSync',
      'fs.writeFileSync',
      'fs.statSync',
      'fs.existsSync',
      'fs.readdirSync',
      'child_process.execSync',
      'child_process.spawnSync',
      'crypto.pbkdf2Sync',
      'crypto.scryptSync',
      'zlib.gzipSync',
      'zlib.brotliCompressSync',
      'better-sqlite3.Statement.all',
      'node:sqlite.StatementSync.all',
      'sync-fetch.default',
      'Atomics.wait',
    ]) {
      assert.ok(covered.has(id), `no pattern covers ${id}`);
    }
    const byId = new Map(patterns.map((p) => [p.id, p]));
    assert.equal(byId.get('transitive-helper')?.expected[0]?.messageId, 'blockingVia');
    assert.equal(byId.get('worker-cpu')?.fix, 'worker');
    assert.deepEqual(
      ['late-timeout', 'shutdown-sigterm', 'ticker-stall'].map((id) => byId.get(id)?.metric?.name),
      ['timeoutLateMs', 'sigtermMs', 'tickLateMs'],
    );
  });

  it('loadPattern names the file and the field at fault', () => {
    assert.throws(() => loadPattern('no-such-pattern'), /there is no pattern "no-such-pattern" \(no .*manifest\.json\)\. Known patterns: atomics-wait/);
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'lg-patterns-'));
    try {
      fs.mkdirSync(path.join(dir, 'bad'));
      fs.writeFileSync(path.join(dir, 'bad', 'manifest.json'), JSON.stringify({ id: 'bad', title: 't', catalogIds: ['fs.nopeSync'], fix: 'suggestion', expected: [], params: {}, calibration: '' }));
      assert.throws(() => loadPattern('bad', dir), /bad[/\\]manifest\.json names catalog id "fs\.nopeSync", which the catalog does not have/);
      assert.deepEqual(listPatterns(dir), ['bad']);
      const base = { title: 't', catalogIds: ['fs.readFileSync'], fix: 'suggestion', expected: [], params: {}, calibration: '' };
      for (const [id, extra, message] of [
        ['pool0', { threadpoolSize: 0, threadpoolReason: 'r' }, /pool0[/\\]manifest\.json has threadpoolSize 0; use a whole number from 1 to 1024/],
        ['poolwhy', { threadpoolSize: 1 }, /poolwhy[/\\]manifest\.json sets threadpoolSize but no "threadpoolReason"/],
      ] as const) {
        fs.mkdirSync(path.join(dir, id));
        fs.writeFileSync(path.join(dir, id, 'manifest.json'), JSON.stringify({ id, ...base, ...extra }));
        assert.throws(() => loadPattern(id, dir), message);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the rule reports exactly the expected findings in every blocking file', () => {
    const actual: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const p of patterns) {
      actual[p.id] = findings(p.blockingFile).map((f) => {
        const match = p.expected.find((e) => e.line === f.line && e.messageId === f.messageId);
        const entry = match?.catalogId ? getEntry(match.catalogId) : undefined;
        // The message names the API (`crypto.pbkdf2Sync`): check it is the one the manifest says.
        const names = entry && (f as unknown as { message: string }).message.includes(`\`${displayName(entry)}\``);
        return { line: f.line, messageId: f.messageId, ...(match?.catalogId ? { catalogId: names ? match.catalogId : `not ${match.catalogId}` } : {}) };
      });
      expected[p.id] = p.expected.map((e) => ({ line: e.line, messageId: e.messageId, ...(e.catalogId ? { catalogId: e.catalogId } : {}) }));
    }
    assert.deepEqual(actual, expected);
  });

  it('the rule reports nothing in any fixed file, nor in the worker files of worker fixes', () => {
    const reported: Record<string, unknown[]> = {};
    for (const p of patterns) {
      for (const file of [p.fixedFile, path.join(p.dir, 'worker.ts')]) {
        if (!fs.existsSync(file)) continue;
        const found = findings(file);
        if (found.length > 0) reported[path.relative(path.dirname(p.dir), file)] = found;
      }
    }
    assert.deepEqual(reported, {});
  });

  it('fixed.ts is exactly the rule\'s suggestions applied to blocking.ts where the fix is "suggestion"', () => {
    const suggested = patterns.filter((p) => p.fix === 'suggestion');
    assert.ok(suggested.length >= 12, `only ${suggested.length} patterns are fixed by a suggestion`);
    const stale: string[] = [];
    for (const p of suggested) {
      const { text, applied } = applyAllSuggestions(p.blockingFile);
      assert.ok(applied.length > 0, `${p.id}: the rule offered no suggestion`);
      if (text !== fs.readFileSync(p.fixedFile, 'utf8')) stale.push(p.id);
    }
    assert.deepEqual(stale, [], 'fixed.ts differs from the suggestion output: run `pnpm exec tsx scripts/write-fixed.ts` in packages/fixture-server');
  });

  it('patterns with a hand-written async fix are ones where the rule offers no suggestion', () => {
    // A worker fix may stand where a suggestion exists: for CPU-bound work the thread pool is not the answer.
    const offered = patterns
      .filter((p) => p.fix === 'async')
      .filter((p) => lintFile(p.blockingFile).some((m) => (m.suggestions ?? []).length > 0))
      .map((p) => p.id);
    assert.deepEqual(offered, []);
  });

  it('blocking and fixed variants compute the same result on the same input', function () {
    this.timeout(300_000);
    const script = path.join(__dirname, 'support', 'equivalence.ts');
    const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.join(__dirname, '..', 'node_modules') },
      timeout: 280_000,
    });
    const results = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, { blocking: unknown; fixed: unknown; error?: string }>;
    const differing = Object.entries(results)
      .filter(([, r]) => r.error || JSON.stringify(r.blocking) !== JSON.stringify(r.fixed))
      .map(([id, r]) => `${id}: ${r.error ?? `${JSON.stringify(r.blocking)} vs ${JSON.stringify(r.fixed)}`}`);
    assert.deepEqual(differing, []);
    assert.deepEqual(Object.keys(results).sort(), patterns.map((p) => p.id).sort());
  });
});

describe('fixtures/patterns/README.md', () => {
  it('is the generated list of the patterns with the committed figures (regenerate: pnpm exec tsx scripts/write-readme.ts)', () => {
    const { renderPatternsReadme } = require('../src/report/patterns-readme') as typeof import('../src/report/patterns-readme');
    const { readReport } = require('../src/stalls') as typeof import('../src/stalls');
    const file = path.join(patterns[0]?.dir ?? '', '..', 'README.md');
    assert.equal(fs.readFileSync(file, 'utf8'), renderPatternsReadme(patterns, readReport()));
  });
});

describe('figures quoted from the committed impact.json', () => {
  it('this package\'s README "Latest figures" and the root README\'s headline are generated from it (regenerate: pnpm exec tsx scripts/write-readme.ts)', () => {
    const { generatedDocs } = require('../src/report/figures') as typeof import('../src/report/figures');
    const { readReport } = require('../src/stalls') as typeof import('../src/stalls');
    const root = path.resolve(__dirname, '..', '..', '..');
    // BENCHMARKS.md is left out: the benchmark package rewrites its section too, in its own words.
    const stale = [...generatedDocs(root, readReport())]
      .filter(([file]) => !file.endsWith('BENCHMARKS.md'))
      .filter(([file, text]) => fs.readFileSync(file, 'utf8') !== text)
      .map(([file]) => path.relative(root, file));
    assert.deepEqual(stale, []);
  });
});
