/**
 * How often does the quick pass show what the full pass then settles on? Seeded random edits of fixture projects
 * go to the server (push client, quick pass on), one at a time; after each, the quick push and the full pass's
 * result for the same version are compared, finding by finding (range and message).
 *   pnpm --filter @loopguard/language-server build && pnpm exec tsx scripts/quick-vs-full.ts [--edits=100] [--seed=7]
 * Prints, per project, the edits whose quick diagnostics equalled the full pass's, and the kinds of difference.
 */
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { seededRandom } from '@loopguard/fixture-server';
import { copyFixture, TestClient } from '../tests/support/lsp-client';

const REPO = path.resolve(__dirname, '../../..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/u, '').split('=') as [string, string]));
const EDITS = Number(args.edits ?? 100);
const SEED = Number(args.seed ?? 7);
const PROJECTS: ReadonlyArray<{ project: string; files: string[] }> = [
  { project: 'fixtures/example-app', files: ['src/server.ts', 'src/router.ts', 'src/services/reports.ts'] },
  { project: 'fixtures/projects/express-service', files: ['src/app.ts', 'src/routes/orders.ts'] },
  { project: 'fixtures/cli/plain-js-app', files: ['server.js', 'lib/store.js'] },
];

const key = (d: Diagnostic): string => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

/** An edit that changes findings: a call gains or loses `Sync`, a line is commented out or in, `async` comes or goes. */
function randomEdit(random: () => number, text: string): { start: number; end: number; newText: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const roll = random();
  if (roll < 0.4) {
    const calls = [...text.matchAll(/\b([A-Za-z_$][\w$]*)\s*\(/gu)];
    const call = pick(calls);
    const after = (call.index ?? 0) + (call[1] as string).length;
    return (call[1] as string).endsWith('Sync') ? { start: after - 4, end: after, newText: '' } : { start: after, end: after, newText: 'Sync' };
  }
  const lines = [0, ...[...text.matchAll(/\n/gu)].map((m) => (m.index ?? 0) + 1)];
  if (roll < 0.7) {
    const start = pick(lines);
    return text.startsWith('// ', start) ? { start, end: start + 3, newText: '' } : { start, end: start, newText: '// ' };
  }
  if (roll < 0.85) {
    const asyncs = [...text.matchAll(/\basync\s+/gu)];
    if (asyncs.length > 0) {
      const m = pick(asyncs);
      return { start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, newText: '' };
    }
  }
  const start = pick(lines);
  return { start, end: start, newText: '\n' };
}

async function main(): Promise<void> {
  const totals = { edits: 0, same: 0 };
  for (const [index, { project, files }] of PROJECTS.entries()) {
    const random = seededRandom(SEED * 1000 + index);
    const root = copyFixture(path.join(REPO, project));
    const client = await TestClient.start({ profile: 'neovim', root, quickPass: true });
    const full = new Map<string, number>();
    client.connection.onNotification('loopguard/status', (p: { lastLint?: { uri: string; version?: number; phase?: string } }) => {
      if (p.lastLint?.phase === 'full' && p.lastLint.version !== undefined) full.set(p.lastLint.uri, p.lastLint.version);
    });
    let same = 0;
    const kinds = new Map<string, number>();
    try {
      for (const file of files) {
        const uri = await client.open(file);
        await client.waitFor(() => (full.get(uri) === 1 ? true : undefined), `the first full pass of ${file}`);
      }
      for (let i = 0; i < EDITS; i++) {
        const file = files[Math.floor(random() * files.length)] as string;
        const uri = client.uri(file);
        const document = client.documents.get(uri);
        if (!document) throw new Error(`${file} is not open`);
        const edit = randomEdit(random, document.getText());
        const before = client.pushes.length;
        const version = await client.edit(uri, [{ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText }]);
        const quick = await client.waitFor(() => client.pushes.slice(before).find((p) => p.uri === uri && p.version === version), 'the quick push');
        await client.waitFor(() => (full.get(uri) === version ? true : undefined), 'the full pass');
        await new Promise((r) => setTimeout(r, 150)); // its push, sent right after the status
        const settled = client.published.get(uri)?.diagnostics ?? [];
        const a = new Set(quick.diagnostics.map(key));
        const b = new Set(settled.map(key));
        const missing = [...b].filter((k) => !a.has(k)).length;
        const extra = [...a].filter((k) => !b.has(k)).length;
        if (missing === 0 && extra === 0) same++;
        else {
          const kind = missing && extra ? 'both' : missing ? 'quick missed a finding' : 'quick showed an extra finding';
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          if (process.env.SHOW) console.log(`  ${file} after "${edit.newText || 'delete'}" at ${edit.start}:\n    only full: ${[...b].filter((k) => !a.has(k)).join('\n      ')}\n    only quick: ${[...a].filter((k) => !b.has(k)).join('\n      ')}`);
        }
      }
    } finally {
      await client.stop();
    }
    totals.edits += EDITS;
    totals.same += same;
    console.log(`${project}: ${same}/${EDITS} edits with the quick diagnostics equal to the full pass's; ${[...kinds].map(([k, n]) => `${k}: ${n}`).join(', ') || 'no difference'}`);
  }
  console.log(`all: ${totals.same}/${totals.edits} (${((100 * totals.same) / totals.edits).toFixed(1)}%)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
