// End to end in a real VS Code: code-server 4.100.3 with the freshly packaged .vsix, driven through its UI in
// headless Chromium. Opens a copy of fixtures/example-app and checks, as a user would see them: the Problems
// panel, the hover of a finding (with its call chain), the "convert to async" quick fix from the light bulb, and
// the language status item. Screenshots of each step go to packages/vscode/artifacts/.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import loopguard from 'eslint-plugin-loopguard';
import type { Page } from 'playwright-core';
import { REPO, copyFixture, packagedVsix, requireTools, start, type Session } from './code-server';
import { applyQuickFix, note, openFile, plain, poll, revealInEditor, runCommand, shot } from './ui';

const FIXTURE = path.join(REPO, 'fixtures', 'example-app');
/** The file the test works in, and the findings it looks at (found again by the rule below). */
const FILE = path.join('src', 'services', 'users.ts');
const QUICK_FIX_LINE = 'const hash = pbkdf2Sync(password, user.salt';
const CHAIN_LINE = 'const hash = this.hashPassword(password, salt)';
/** A file the test never opens: only "Lint Whole Workspace" can report its findings. */
const NEVER_OPENED = path.join('src', 'events.ts');

interface Expected {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly fixTitle?: string;
  readonly fixedText?: string;
}

/** What the rule itself reports on the fixture file: the UI must show the same. */
function expectedFindings(file: string): Expected[] {
  const text = readFileSync(file, 'utf8');
  const linter = new Linter({ configType: 'flat', cwd: path.parse(file).root });
  const messages = linter.verify(
    text,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser }, plugins: { loopguard: loopguard as never }, rules: { 'loopguard/no-blocking-io': 'warn' } }],
    file,
  );
  return messages
    .filter((m) => m.ruleId === 'loopguard/no-blocking-io')
    .map((m) => {
      const s = m.suggestions?.[0];
      return {
        line: m.line,
        column: m.column,
        message: m.message,
        ...(s ? { fixTitle: s.desc, fixedText: text.slice(0, s.fix.range[0]) + s.fix.text + text.slice(s.fix.range[1]) } : {}),
      };
    });
}

function lineOf(file: string, needle: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `${file} has no line with "${needle}": update the end-to-end test to the fixture`);
  return index + 1;
}

describe('the extension in code-server (end to end)', function () {
  this.timeout(600_000);
  let session: Session | undefined;
  let workspace: string;
  let file: string;
  let expected: Expected[];
  let page: Page;

  before(async function () {
    const tools = requireTools();
    if (!tools) this.skip();
    const vsix = packagedVsix();
    note(vsix.summary);
    workspace = copyFixture(FIXTURE);
    file = path.join(workspace, FILE);
    expected = expectedFindings(file);
    assert.ok(expected.length > 0, `the rule finds nothing in ${FILE}: update the end-to-end test to the fixture`);

    session = await start({ ...tools, vsix: vsix.path, workspace });
    page = session.page;
    note('code-server workbench ready');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session) {
      await shot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
    }
  });

  after(async function () {
    await session?.close();
    if (workspace) rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  it('lists the findings of the opened file in the Problems panel', async function () {
    await openFile(page, FILE);
    note(`${FILE} open`);

    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    const quickFix = expected.find((e) => e.line === lineOf(file, QUICK_FIX_LINE));
    assert.ok(quickFix, `the rule reports nothing on the line "${QUICK_FIX_LINE}"`);
    await rows.filter({ hasText: plain(quickFix.message).slice(0, 60) }).first().waitFor({ timeout: 120_000 });
    await shot(page, '01-problems');

    // The list is virtual: maximize the panel so that every row of the file is rendered, then restore it.
    await runCommand(page, 'View: Toggle Maximized Panel');
    await page.waitForFunction(() => (document.querySelector('.markers-panel')?.getBoundingClientRect().height ?? 0) > 500);
    await shot(page, '01-problems-maximized');
    const shown = (await rows.allInnerTexts()).map(plain).join('\n');
    await runCommand(page, 'View: Toggle Maximized Panel');
    for (const e of expected) {
      assert.ok(shown.includes(plain(e.message).slice(0, 60)), `Problems panel lacks "${e.message}" (line ${e.line}); it shows:\n${shown}`);
    }
  });

  it('shows the message and the call chain when hovering a finding', async function () {
    const line = lineOf(file, CHAIN_LINE);
    const finding = expected.find((e) => e.line === line);
    assert.ok(finding, `the rule reports nothing on the line "${CHAIN_LINE}"`);
    await revealInEditor(page, finding);
    // The cursor is at the start of the finding: hover the text just right of it.
    const cursor = await page.locator('.monaco-editor.focused .cursor').first().boundingBox();
    assert.ok(cursor, 'no editor cursor after revealing the finding');
    await page.mouse.move(cursor.x + 12, cursor.y + cursor.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'blocks the event loop' }).first();
    await hover.waitFor({ timeout: 30_000 });
    await shot(page, '02-hover');
    const text = plain(await hover.innerText());
    assert.ok(text.includes(plain(finding.message).slice(0, 80)), `the hover lacks the message; it shows:\n${text}`);
    // The chain: the helper's blocking call, with where it is (users.ts, line of pbkdf2Sync in hashPassword).
    const helperLine = lineOf(file, 'return pbkdf2Sync(password, salt');
    assert.match(text, /pbkdf2Sync/);
    assert.ok(text.includes(`users.ts(${helperLine},`) || text.includes(`users.ts:${helperLine}`), `the hover lacks the chain step at users.ts line ${helperLine}; it shows:\n${text}`);
    await page.keyboard.press('Escape');
  });

  it('rewrites the call with the "convert to async" quick fix from the light bulb', async function () {
    const finding = expected.find((e) => e.line === lineOf(file, QUICK_FIX_LINE));
    assert.ok(finding?.fixTitle && finding.fixedText, `the rule offers no suggestion on the line "${QUICK_FIX_LINE}"`);
    await applyQuickFix(page, finding, finding.fixTitle, '03');
    await shot(page, '04-quick-fix-applied');

    // Save, then compare the whole file with what the rule's own suggestion produces.
    await page.keyboard.press('Control+S');
    const saved = await poll('the fixed file on disk', () => {
      const now = readFileSync(file, 'utf8');
      return now === finding.fixedText ? now : undefined;
    }, 30_000).catch(() => readFileSync(file, 'utf8'));
    assert.equal(saved, finding.fixedText);
    assert.match(saved, /await promisify\(pbkdf2\)\(password, user\.salt/);
  });

  it('shows the server state and the last lint in the language status item', async function () {
    // Whatever an earlier step left open (a menu, a hover) would swallow the click.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    const status = page.locator('[id="status.languageStatus"]');
    await status.waitFor();
    await status.click();
    const hover = page.locator('.hover-language-status', { hasText: 'loopguard' }).first();
    await hover.waitFor({ timeout: 30_000 });
    await shot(page, '05-language-status');
    const text = plain(await hover.innerText());
    assert.match(text, /loopguard: (ready|linting)/);
    assert.match(text, /last lint .*users\.ts/);
    await page.keyboard.press('Escape');
  });

  it('lints files that were never opened with "Lint Whole Workspace"', async function () {
    const never = path.join(workspace, NEVER_OPENED);
    const findings = expectedFindings(never);
    assert.ok(findings.length > 0, `the rule finds nothing in ${NEVER_OPENED}: update the end-to-end test to the fixture`);
    const files = sourceFiles(workspace);

    await runCommand(page, 'loopguard: Lint Whole Workspace');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'loopguard linted' }).first();
    await toast.waitFor({ timeout: 180_000 });
    await shot(page, '06-lint-workspace');
    const summary = plain(await toast.innerText());
    const counts = /linted (\d+) of (\d+) files/.exec(summary);
    assert.ok(counts, `unexpected summary: ${summary}`);
    assert.equal(Number(counts[2]), files.length, `the command found ${counts[2]} files, the workspace has ${files.length}: ${files.join(', ')}`);
    assert.equal(counts[1], counts[2], summary);

    // Only the never-opened file's problems: the Problems panel's glob filter.
    const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
    await filter.click();
    await filter.fill(`**/${path.basename(NEVER_OPENED)}`);
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: plain(findings[0]!.message).slice(0, 60) }).first().waitFor({ timeout: 30_000 });
    await shot(page, '07-problems-never-opened-file');
    const shown = (await rows.allInnerTexts()).map(plain).join('\n');
    for (const e of findings) {
      assert.ok(shown.includes(plain(e.message).slice(0, 60)), `Problems panel lacks "${e.message}" of ${NEVER_OPENED}; it shows:\n${shown}`);
    }
  });
});

/** What "Lint Whole Workspace" must visit: the JavaScript and TypeScript sources, outside node_modules and build output. */
function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!['node_modules', '.git', 'dist', 'out', 'build', 'coverage'].includes(entry.name)) walk(path.join(dir, entry.name));
      } else if (/\.(js|jsx|ts|tsx|mjs|cjs|mts|cts)$/.test(entry.name)) {
        out.push(path.relative(root, path.join(dir, entry.name)));
      }
    }
  };
  walk(root);
  return out.sort();
}
