// Workspace trust, end to end in code-server: in Restricted Mode the extension still lints with its built-in
// rule but never runs project code (an eslint.config.mjs whose loading leaves a marker file), and says so in
// its status item; once the user trusts the folder, the server restarts and loads the project's config.
import { strict as assert } from 'node:assert';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, REPO, copyFixture, packagedVsix, requireTools, start, type Session } from './code-server';

const FIXTURE = path.join(REPO, 'fixtures', 'example-app');
const FILE = path.join('src', 'events.ts');
const MARKER = '.eslint-config-was-loaded';
/** Project code that must not run in Restricted Mode: loading it writes the marker. */
const CONFIG = `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./${MARKER}', import.meta.url), 'loaded');
export default [];
`;

const started = Date.now();
function note(what: string): void {
  console.log(`      [${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
}

async function shot(page: Page, name: string): Promise<void> {
  note(`screenshot artifacts/${name}.png`);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

async function poll<T>(what: string, fn: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function statusText(page: Page): Promise<string> {
  await page.locator('[id="status.languageStatus"]').click();
  const hover = page.locator('.hover-language-status', { hasText: 'loopguard' }).first();
  await hover.waitFor({ timeout: 30_000 });
  return (await hover.innerText()).replace(/\s+/g, ' ');
}

describe('workspace trust in code-server (end to end)', function () {
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
    writeFileSync(path.join(workspace, 'eslint.config.mjs'), CONFIG);
    session = await start({
      ...tools,
      vsix: vsix.path,
      workspace,
      // Trust on, and no start-up dialog: the folder opens in Restricted Mode.
      settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' },
    });
    page = session.page;
    note('code-server workbench ready (Restricted Mode)');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session) {
      await shot(page, `failed-trust-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
    }
  });

  after(async function () {
    await session?.close();
    if (workspace) rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  it('lints in Restricted Mode without loading the project\'s ESLint config, and says so', async function () {
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(path.basename(FILE));
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: path.basename(FILE) }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: path.basename(FILE) }).waitFor();
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: '`fs.appendFileSync` blocks the event loop' }).first().waitFor({ timeout: 180_000 });
    note('finding listed in Restricted Mode');

    const text = await statusText(page);
    await shot(page, '10-restricted-mode-status');
    await page.keyboard.press('Escape');
    assert.match(text, /loopguard: \w+ \(restricted\)/);
    assert.match(text, /untrusted workspace: the project's ESLint config and code are not loaded/);
    assert.equal(existsSync(path.join(workspace, MARKER)), false, 'the project\'s eslint.config.mjs ran in Restricted Mode');
  });

  it('restarts the server with the project\'s config when the folder is trusted', async function () {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('Workspaces: Manage Workspace Trust');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Manage Workspace Trust' }).first().waitFor();
    await page.keyboard.press('Enter');
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trust.waitFor();
    await shot(page, '11-trust-editor');
    await trust.click();
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'hidden' });
    note('folder trusted');

    // The restarted server lints the open file again, now loading eslint.config.mjs.
    await poll('the project\'s eslint.config.mjs to be loaded', () => (existsSync(path.join(workspace, MARKER)) ? true : undefined), 180_000);
    note('eslint.config.mjs loaded');
    await page.locator('.tab', { hasText: path.basename(FILE) }).first().click();
    let text = await statusText(page);
    for (let i = 0; i < 20 && /restricted/.test(text); i++) {
      await page.keyboard.press('Escape');
      await new Promise((r) => setTimeout(r, 1000));
      text = await statusText(page);
    }
    await shot(page, '12-trusted-status');
    await page.keyboard.press('Escape');
    assert.doesNotMatch(text, /restricted|untrusted/, `the status item still says: ${text}`);
  });
});
