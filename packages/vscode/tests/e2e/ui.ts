// What the end-to-end tests do in the workbench as a user would: open a file, put the cursor on a finding, pick a
// quick fix, run a command. Shared by the JavaScript/TypeScript and the Rust tests, so that both drive the UI alike.
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './code-server';

/** Where a finding starts, 1-based, as the rule reports it. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Text as rendered, whitespace aside (diagnostic messages are plain text: backticks stay). */
export const plain = (s: string): string => s.replace(/\s+/g, ' ').trim();

const started = Date.now();
/** Progress with elapsed seconds, so that a slow CI run shows where the time went. */
export function note(what: string): void {
  console.log(`      [${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
}

export async function shot(page: Page, name: string): Promise<void> {
  note(`screenshot artifacts/${name}.png`);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

export async function poll<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Opens a workspace file with Quick Open (Ctrl+P) by its base name, and waits for its tab. */
export async function openFile(page: Page, file: string): Promise<void> {
  const name = path.basename(file);
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // The palette snapshots the command list when it opens: opened before the extension registered its
  // commands it never shows them, so close and reopen it until the command is there.
  for (let attempt = 1; ; attempt += 1) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(title);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    if (await row.waitFor({ timeout: 15_000 }).then(() => true, () => false)) break;
    if (attempt === 4) throw new Error(`the command palette never listed "${title}"`);
  }
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Puts the editor's cursor on the finding with "Go to Line/Column". */
export async function revealInEditor(page: Page, finding: Position): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(`${finding.line}:${finding.column}`);
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor.focused').waitFor();
  await poll('the cursor on the finding\'s line', async () => {
    const label = await page.locator('[id="status.editor.selection"]').innerText().catch(() => '');
    return label.includes(`Ln ${finding.line},`) ? true : undefined;
  }, 15_000);
}

/**
 * Applies the quick fix titled `title` on the finding from the light bulb's menu, and waits for the menu to close.
 * `shotPrefix` names the screenshots of the menu (`<prefix>-quick-fix-menu.png`).
 */
export async function applyQuickFix(page: Page, finding: Position, title: string, shotPrefix: string): Promise<void> {
  await revealInEditor(page, finding);
  // The light bulb shows in the gutter once the server's code actions for the cursor arrive.
  const bulb = page.locator('.lightBulbWidget').first();
  const item = page.locator('.action-widget .monaco-list-row', { hasText: plain(title).slice(0, 40) }).first();
  await bulb.waitFor({ state: 'visible', timeout: 60_000 });
  // The bulb's menu is the Quick Fix menu at the cursor (Ctrl+.): ask for it there, since a bulb left over
  // from the previous step can still be on screen for another line. On a loaded machine the menu can
  // open before the server's actions arrive: close it, put the cursor back, and ask again.
  for (let attempt = 1; ; attempt += 1) {
    await page.keyboard.press('Control+.');
    const shown = await item.waitFor({ timeout: 30_000 }).then(() => true, () => false);
    if (shown) break;
    await shot(page, `${shotPrefix}-quick-fix-menu-attempt-${attempt}`);
    if (attempt === 3) throw new Error(`the Quick Fix menu never offered "${title}"`);
    await page.keyboard.press('Escape');
    await revealInEditor(page, finding);
  }
  await shot(page, `${shotPrefix}-quick-fix-menu`);
  // Keyboard, as the menu's own pointer shield swallows synthetic clicks: move the focus to the item, Enter.
  await poll('the quick fix focused in the menu', async () => {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label').catch(() => null);
    if (focused === title) return true;
    await page.keyboard.press('ArrowDown');
    return undefined;
  }, 30_000);
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').waitFor({ state: 'hidden' });
}
