// Records every finding of the built plugin on every fixture project (typed and untyped): position, messageId,
// message, the call chain, and each suggestion's text after it is applied. The result is committed as
// tests/projects/findings-snapshot.json; tests/projects/snapshot.test.ts lints again and compares field by field,
// so that a change to the analysis or to how findings are carried shows up as a diff.
//
// Usage: node scripts/snapshot-findings.mjs [--check]   (run `pnpm build` first: this reads dist/)
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const repo = path.resolve(pkg, '../..');
const out = path.join(pkg, 'tests/projects/findings-snapshot.json');

const { collectSnapshot } = require(path.join(pkg, 'tests/projects/snapshot-lib.cjs'));

const plugin = require(path.join(pkg, 'dist'));
const { findingOf, findingsProcessor } = require(path.join(pkg, 'dist/findings'));
// The chain of a report through helpers, from the finding's data (empty for a direct call).
const chainOf = (m) => {
  const chain = findingOf(m)?.chain;
  return chain && chain.length > 0 ? chain : undefined;
};
const snapshot = await collectSnapshot(repo, plugin, chainOf, findingsProcessor);
const text = `${JSON.stringify(snapshot, null, 1)}\n`;
if (process.argv.includes('--check')) {
  const same = fs.existsSync(out) && fs.readFileSync(out, 'utf8') === text;
  console.log(same ? 'findings snapshot: unchanged' : 'findings snapshot: DIFFERENT');
  process.exitCode = same ? 0 : 1;
} else {
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(repo, out)}: ${snapshot.projects.reduce((n, p) => n + p.findings.length, 0)} findings`);
}
