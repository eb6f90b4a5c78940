// Collects the findings snapshot with the plugin's sources in a process of its own and prints it as JSON: typescript-
// eslint keeps one project service per process, created with the options of the first typed lint, so the snapshot
// must not inherit another test's (projects.test.ts lints the same projects with other options).
// Usage: node -r tsx/cjs snapshot-child.ts <repository root>
import plugin = require('../../src');
import { findingOf, findingsProcessor } from '../../src/findings';

// Plain JavaScript shared with scripts/snapshot-findings.mjs, which recorded the snapshot.
const { collectSnapshot } = require('./snapshot-lib.cjs') as {
  collectSnapshot(repo: string, plugin: unknown, chainOf: (m: Parameters<typeof findingOf>[0]) => unknown, processor: unknown): Promise<unknown>;
};

void collectSnapshot(
  process.argv[2] ?? '.',
  plugin,
  (m) => {
    const chain = findingOf(m)?.chain;
    return chain && chain.length > 0 ? chain : undefined;
  },
  findingsProcessor,
).then((snapshot) => {
  // On a line of its own: the ESLint version switch prints a line first.
  process.stdout.write(`\n${JSON.stringify(snapshot)}\n`);
});
