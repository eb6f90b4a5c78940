import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, PACKAGE, removeFixture } from '../helpers';

const DOC = path.resolve(PACKAGE, '..', '..', 'docs', 'flat-config.md');

/** The first ```js block after a heading of docs/flat-config.md that contains `marker`. */
function snippet(heading: string, marker: string): string {
  const text = fs.readFileSync(DOC, 'utf8');
  const start = text.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `docs/flat-config.md has no "## ${heading}"`);
  const section = text.slice(start + 1).split(/\n## /u)[0] ?? '';
  const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/gu)].map((m) => m[1] as string);
  const block = blocks.find((b) => b.includes(marker));
  assert.ok(block, `no js block with ${marker} under "## ${heading}"`);
  return block;
}

/** Lints a copy of the typed fixture app with a config file taken from the docs, through ESLint itself. */
async function lintWithConfig(config: string): Promise<string[]> {
  const dir = copyFixture('typed-app');
  try {
    // The config imports the plugin and typescript-eslint as an installed project would.
    for (const name of ['eslint-plugin-loopguard', 'typescript-eslint']) {
      fs.symlinkSync(fs.realpathSync(path.join(PACKAGE, 'node_modules', name)), path.join(dir, 'node_modules', name), 'dir');
    }
    fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), config);
    const { ESLint } = require('eslint') as typeof import('eslint');
    const eslint = new ESLint({ cwd: dir });
    const results = await eslint.lintFiles(['src/**/*.ts']);
    return results
      .flatMap((r) => r.messages.filter((m) => m.ruleId === 'loopguard/no-blocking-io').map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column}`))
      .sort();
  } finally {
    removeFixture(dir);
  }
}

describe('docs/flat-config.md examples', () => {
  it('the config without type information reports direct calls, not what only types show', async () => {
    const found = await lintWithConfig(snippet('Without type information', 'typescript-eslint'));
    assert.ok(found.includes('src/handler.ts:4:10'), found.join('\n'));
    assert.ok(!found.includes('src/reexport-caller.ts:4:10'), found.join('\n'));
  });

  it('the typed config reports the re-export that only type information shows', async () => {
    const found = await lintWithConfig(snippet('With type information (typed linting)', 'projectService'));
    assert.ok(found.includes('src/handler.ts:4:10'), found.join('\n'));
    assert.ok(found.includes('src/reexport-caller.ts:4:10'), found.join('\n'));
  });
});
