// The rule docs have generated parts: the options table comes from the rule's schema and defaults,
// the API table from the catalog. These tests fail when a doc is stale or when the doc and the rule drift apart.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import plugin = require('../../src/index');

interface Generator {
  expectedDoc(ruleName: string, text: string, rule?: unknown): string;
  readonly DOCS: string;
  readonly RULES: Readonly<Record<string, unknown>>;
}
// A plain CommonJS script, so that `pnpm generate` runs without a TypeScript loader.
const generator = require('../../scripts/generate-docs.js') as Generator;

const FIX = 'pnpm --filter eslint-plugin-loopguard generate';

describe('rule docs', () => {
  for (const [name, rule] of Object.entries(plugin.rules)) {
    describe(name, () => {
      const file = path.join(generator.DOCS, `${name}.md`);
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';

      it('has a doc, and meta.docs.url points at it', () => {
        assert.ok(text, `${file} is missing`);
        assert.ok(rule.meta.docs?.url?.endsWith(`/packages/eslint-plugin/docs/rules/${name}.md`), rule.meta.docs?.url);
      });

      it(`has its generated sections up to date (fix: ${FIX})`, () => {
        assert.ok(name in generator.RULES, `scripts/generate-docs.js does not list ${name}`);
        // Compared as lists of lines so that a failure shows the rows that differ.
        assert.deepEqual(text.split('\n'), generator.expectedDoc(name, text, rule).split('\n'));
      });

      it('names every option, message and suggestion of the rule', () => {
        const schema = (rule as unknown as { optionsSchema: { properties?: Record<string, unknown> } }).optionsSchema;
        const options = Object.keys(schema.properties ?? {});
        const suggestions = Object.keys(rule.meta.messages).filter((id) => id.startsWith('suggest'));
        const missing = [...options, ...suggestions].filter((word) => !text.includes(`\`${word}\``));
        assert.deepEqual(missing, []);
      });
    });
  }

  it('the generator restores a row removed from the API table, so a stale doc fails the check above', () => {
    const text = fs.readFileSync(path.join(generator.DOCS, 'no-blocking-io.md'), 'utf8');
    const stale = text.replace(/^\| \[`fs\.readFileSync`\].*\n/m, '');
    assert.notEqual(stale, text, 'the doc has no fs.readFileSync row to remove');
    assert.equal(generator.expectedDoc('no-blocking-io', stale, plugin.rules['no-blocking-io']), text);
  });

  it('a doc without markers is an error that names the file and the markers', () => {
    assert.throws(
      () => generator.expectedDoc('no-blocking-io', '# no markers\n', plugin.rules['no-blocking-io']),
      /no-blocking-io\.md has no <!-- options:start --> \.\.\. <!-- options:end --> section/,
    );
  });
});
