// Rust end to end in a real VS Code: code-server 4.100.3 with the freshly packaged .vsix, on a copy of
// fixtures/rust (without Cargo's target/). Opening a .rs file activates the extension; the bundled server parses it
// with the web-tree-sitter runtime and the Rust grammar shipped in the .vsix, the Problems panel lists the finding,
// and its preferred quick fix turns the file into its fixed twin, byte for byte.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO, copyFixture, packagedVsix, requireTools, start, type Session } from './code-server';
import { applyQuickFix, note, openFile, plain, poll, shot } from './ui';

const FIXTURE = path.join(REPO, 'fixtures', 'rust');
const FILE = path.join('cases', 'src', 'bin', 'c01_thread_sleep.rs');
/** What accepting the preferred quick fix of every finding of FILE gives (packages/rust/tests/fixtures.test.ts). */
const FIXED = path.join('cases', 'src', 'bin', 'c01_thread_sleep_fixed.rs');
/** The one finding of FILE, as @loopguard/rust reports it. */
const FINDING = {
  line: 8,
  column: 9,
  message:
    '`std::thread::sleep` parks the runtime thread: no other task on it runs until the sleep ends, inside an async block: ' +
    'every task on this runtime thread stalls meanwhile. Use `tokio::time::sleep(..).await`, or move the call into `tokio::task::spawn_blocking`.',
  fixTitle: 'Use tokio::time::sleep(..).await',
};

describe('Rust in code-server (end to end)', function () {
  this.timeout(600_000);
  let session: Session | undefined;
  let workspace: string;
  let page: Page;

  before(async function () {
    const tools = requireTools();
    if (!tools) this.skip();
    const vsix = packagedVsix();
    note(vsix.summary);
    workspace = copyFixture(FIXTURE);
    session = await start({ ...tools, vsix: vsix.path, workspace });
    page = session.page;
    note('code-server workbench ready (fixtures/rust)');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session) {
      await shot(page, `failed-rust-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
    }
  });

  after(async function () {
    await session?.close();
    if (workspace) rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  it('lists the finding of the opened .rs file in the Problems panel, at its line and column', async function () {
    await openFile(page, FILE);
    note(`${FILE} open`);
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: FINDING.message.slice(0, 60) }).first();
    await row.waitFor({ timeout: 180_000 });
    await shot(page, '20-rust-problems');
    const text = plain(await row.innerText());
    assert.ok(text.includes(plain(FINDING.message)), `the Problems row lacks the message; it shows:\n${text}`);
    assert.ok(text.includes(`[Ln ${FINDING.line}, Col ${FINDING.column}]`), `the Problems row is not at line ${FINDING.line}, column ${FINDING.column}; it shows:\n${text}`);
  });

  it('rewrites the call with its quick fix: the file becomes its fixed twin, byte for byte', async function () {
    const file = path.join(workspace, FILE);
    const fixed = readFileSync(path.join(workspace, FIXED), 'utf8');
    assert.notEqual(readFileSync(file, 'utf8'), fixed, 'the fixture is already fixed');
    await applyQuickFix(page, FINDING, FINDING.fixTitle, '21-rust');
    await shot(page, '22-rust-quick-fix-applied');
    await page.keyboard.press('Control+S');
    const saved = await poll('the fixed file on disk', () => {
      const now = readFileSync(file, 'utf8');
      return now === fixed ? now : undefined;
    }, 30_000).catch(() => readFileSync(file, 'utf8'));
    assert.equal(saved, fixed);
    // The server lints the fixed text again: the finding goes away.
    await page.locator('.markers-panel .monaco-list-row', { hasText: FINDING.message.slice(0, 60) }).first().waitFor({ state: 'detached', timeout: 60_000 });
    await shot(page, '23-rust-problems-after-fix');
  });
});
