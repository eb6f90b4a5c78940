/**
 * The editor and the CLI agree while the user types (issue 16's acceptance test). Seeded random edits of the
 * fixture projects go to the language server over stdio JSON-RPC, as an editor sends them; after each burst the
 * edited files are saved and a fresh `loopguard` process lints the same text. Every file's findings must be the
 * same, field by field: range, message and call chain (relatedInformation).
 *
 * The edits are chosen to change findings, not only to break the syntax: a call gains or loses `Sync`, a line
 * is commented out or back in, `async` and `await` come and go, lines are inserted above findings (positions
 * and chains move), and now and then a stray character or the original text comes back. Both front ends see
 * the same text, so whatever the edits make of the code, their findings must match.
 *
 * Reproduce a failure with the seed it prints: LOOPGUARD_AGREEMENT_SEED=<seed>; the project copy with the
 * failing text is kept and named in the message.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from '@loopguard/fixture-server';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { type Compared, fromDiagnostics, REPO, viaCli, withoutCatalogId } from './support/compare';
import { copyFixture, delay, type ProfileName, TestClient } from './support/lsp-client';

const SEED = Number(process.env.LOOPGUARD_AGREEMENT_SEED ?? 16);
const BURSTS_PER_PROJECT = 2;
const EDITS_PER_BURST = 100;

/** Typed projects, plain JavaScript with no config (the inferred project), pull and push clients in turn (5 × 2 bursts × 100 edits = 1,000 edits). */
const PROJECTS: ReadonlyArray<{ project: string; profile: ProfileName }> = [
  { project: 'fixtures/example-app', profile: 'vscode' },
  { project: 'fixtures/projects/express-service', profile: 'neovim' },
  { project: 'fixtures/projects/js-worker', profile: 'vscode' },
  { project: 'fixtures/cli/plain-js-app', profile: 'neovim' },
  { project: 'fixtures/projects/nest-service', profile: 'vscode' },
];

/** When the server last said it was linting or ready (`loopguard/status`), and which. */
interface Activity {
  last: number;
  state: string;
}

interface Change {
  readonly what: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const KINDS: ReadonlyArray<readonly [string, number]> = [
  ['sync', 30],
  ['comment', 20],
  ['line', 12],
  ['async', 12],
  ['await', 8],
  ['typo', 10],
  ['restore', 8],
];

function matches(text: string, pattern: RegExp): RegExpExecArray[] {
  return [...text.matchAll(pattern)];
}

/** One edit of `text`, as offsets; `original` is the file as the fixture has it. */
function randomChange(random: () => number, text: string, original: string): Change {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let roll = random() * KINDS.reduce((sum, [, weight]) => sum + weight, 0);
  let kind = KINDS[0]![0];
  for (const [name, weight] of KINDS) {
    if (roll < weight) {
      kind = name;
      break;
    }
    roll -= weight;
  }
  const lineStarts = [0, ...matches(text, /\n/gu).map((m) => m.index + 1)];
  switch (kind) {
    case 'sync': {
      const calls = matches(text, /\b([A-Za-z_$][\w$]*)\s*\(/gu);
      if (calls.length === 0) break;
      const call = pick(calls);
      const name = call[1]!;
      const after = call.index + name.length;
      return name.endsWith('Sync') && name.length > 4
        ? { what: `${name} -> ${name.slice(0, -4)}`, start: after - 4, end: after, text: '' }
        : { what: `${name} -> ${name}Sync`, start: after, end: after, text: 'Sync' };
    }
    case 'comment': {
      const start = pick(lineStarts);
      const indent = /^[ \t]*/u.exec(text.slice(start))![0].length;
      return text.startsWith('// ', start + indent)
        ? { what: 'uncomment a line', start: start + indent, end: start + indent + 3, text: '' }
        : { what: 'comment a line out', start: start + indent, end: start + indent, text: '// ' };
    }
    case 'line': {
      const start = pick(lineStarts);
      return { what: 'insert a line', start, end: start, text: random() < 0.5 ? '\n' : '// moved\n' };
    }
    case 'async': {
      const asyncs = matches(text, /\basync\s+/gu);
      const functions = matches(text, /\bfunction\b/gu);
      if (asyncs.length > 0 && (functions.length === 0 || random() < 0.5)) {
        const m = pick(asyncs);
        return { what: 'drop async', start: m.index, end: m.index + m[0].length, text: '' };
      }
      if (functions.length === 0) break;
      const m = pick(functions);
      return { what: 'add async', start: m.index, end: m.index, text: 'async ' };
    }
    case 'await': {
      const awaits = matches(text, /\bawait\s+/gu);
      if (awaits.length === 0) break;
      const m = pick(awaits);
      return { what: 'drop await', start: m.index, end: m.index + m[0].length, text: '' };
    }
    case 'typo': {
      const at = Math.floor(random() * (text.length + 1));
      return random() < 0.5 && at < text.length
        ? { what: 'delete a character', start: at, end: at + 1, text: '' }
        : { what: 'type a character', start: at, end: at, text: pick(['x', '(', ')', '{', '}', ';', '.', ' ']) };
    }
    case 'restore':
      return { what: 'back to the original', start: 0, end: text.length, text: original };
  }
  // Nothing of that kind in this text: a line insert always applies.
  const start = pick(lineStarts);
  return { what: 'insert a line', start, end: start, text: '\n' };
}

/** The server's diagnostics of every file once the edits settle: pulled, or pushed and quiet for a while. */
async function serverFindings(client: TestClient, files: readonly string[], open: ReadonlySet<string>, activity: Activity): Promise<Compared[]> {
  const found: Compared[] = [];
  {
    // Pushes follow the last keystroke after a debounce, and the documents that call into an edited one are
    // pushed again after another; the quick pass's result is followed by the full pass's once typing pauses
    // (a pull client is asked to pull again). Wait until every open document's push is for its version (push
    // client), no lint is running, and nothing has been pushed or linted for a while (longer than the debounces).
    const deadline = Date.now() + 120_000;
    let pushes = client.pushes.length;
    let lastPushAt = Date.now();
    for (;;) {
      await delay(200);
      if (client.pushes.length !== pushes) {
        pushes = client.pushes.length;
        lastPushAt = Date.now();
      }
      const current = client.profile === 'vscode' || [...open].every((file) => {
        const uri = client.uri(file);
        return client.published.get(uri)?.version === client.documents.get(uri)?.version;
      });
      const quiet = Date.now() - Math.max(activity.last, lastPushAt) > 1000;
      if (current && quiet && activity.state !== 'linting') break;
      if (Date.now() > deadline) throw new Error('the server did not settle within 120 s of the last edit');
    }
  }
  for (const file of files) {
    const uri = client.uri(file);
    let diagnostics: Diagnostic[];
    if (!open.has(file)) {
      await client.connection.sendRequest('loopguard/lintFile', { uri });
      diagnostics = client.published.get(uri)?.diagnostics ?? [];
    } else if (client.profile === 'vscode') {
      const report = await client.pull(uri);
      assert.equal(report.kind, 'full', `${file}: a first pull after the edits is a full report`);
      diagnostics = report.kind === 'full' ? report.items : [];
    } else {
      diagnostics = client.published.get(uri)?.diagnostics ?? [];
    }
    found.push(...fromDiagnostics(client.root, file, diagnostics));
  }
  return found;
}

describe('the editor and the CLI agree under 1,000 random edits (seeded)', function () {
  this.timeout(900_000);
  let comparedFindings = 0;
  let changedBursts = 0;

  PROJECTS.forEach(({ project, profile }, index) => {
    it(`${project} (${profile === 'vscode' ? 'pull' : 'push'} client)`, async () => {
      // One sequence per project: a project run alone (--grep) gets the same edits as in the full run.
      // Seeded, so that a failing run can be repeated exactly.
      const random = seededRandom(SEED * 1000 + index);
      const root = copyFixture(path.join(REPO, project));
      const { files, findings: initial } = viaCli(root);
      assert.ok(files.length > 0, `${project}: the CLI found files to lint`);
      const originals = new Map(files.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
      // Half of the files are open (at least one); the others the server reads from disk.
      const open = new Set(files.filter(() => random() < 0.5));
      if (open.size === 0) open.add(files[Math.floor(random() * files.length)]!);
      // With the quick pass (the default for users): what the editor shows once typing pauses is the full pass's.
      const client = await TestClient.start({ profile, root, quickPass: true });
      const activity: Activity = { last: Date.now(), state: 'ready' };
      client.connection.onNotification('loopguard/status', (params: { state: string }) => {
        activity.last = Date.now();
        activity.state = params.state;
      });
      let passed = false;
      try {
        for (const file of open) await client.open(file);
        const openFiles = [...open];
        for (let burst = 0; burst < BURSTS_PER_PROJECT; burst++) {
          const log: string[] = [];
          for (let i = 0; i < EDITS_PER_BURST; i++) {
            const file = openFiles[Math.floor(random() * openFiles.length)]!;
            const uri = client.uri(file);
            const document = client.documents.get(uri)!;
            const change = randomChange(random, document.getText(), originals.get(file)!);
            log.push(`${file}: ${change.what} at ${change.start}`);
            const edit: TextEdit = { range: { start: document.positionAt(change.start), end: document.positionAt(change.end) }, newText: change.text };
            await client.edit(uri, [edit]);
            // Like a typist: sometimes the server gets to lint (and the pull client pulls) between keystrokes.
            if (profile === 'vscode' && random() < 0.15) await client.pull(uri).catch(() => undefined);
            if (profile === 'neovim' && random() < 0.1) await delay(Math.floor(random() * 120));
          }
          for (const file of openFiles) await client.save(client.uri(file));
          const server = await serverFindings(client, files, open, activity);
          const cli = viaCli(root);
          assert.deepEqual(
            withoutCatalogId(server),
            withoutCatalogId(cli.findings),
            `${project}, seed ${SEED}, burst ${burst + 1}: the language server and the CLI differ on the text in ${root}. Edits of the burst:\n${log.join('\n')}`,
          );
          comparedFindings += cli.findings.length;
          if (JSON.stringify(withoutCatalogId(cli.findings)) !== JSON.stringify(withoutCatalogId(initial))) changedBursts += 1;
        }
        passed = true;
      } finally {
        await client.stop();
        if (passed) fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });

  it('compared findings, and the edits changed them (a test that can fail: empty runs agree)', () => {
    assert.ok(comparedFindings > 20, `findings compared: ${comparedFindings}`);
    assert.ok(changedBursts >= 3, `bursts whose findings differ from the fixture's: ${changedBursts} (findings compared: ${comparedFindings})`);
  });
});
