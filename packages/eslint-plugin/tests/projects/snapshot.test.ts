import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import plugin from '../../src';
import { findingOf, findingsProcessor } from '../../src/findings';

// Plain JavaScript shared with scripts/snapshot-findings.mjs, which recorded the snapshot.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { collectSnapshot } = require('./snapshot-lib.cjs') as {
  collectSnapshot(repo: string, plugin: unknown, chainOf: (m: never) => unknown, processor: unknown): Promise<Snapshot>;
};

interface Snapshot {
  projects: Array<{ project: string; typed: boolean; findings: Array<Record<string, unknown>> }>;
}

const REPO = path.resolve(__dirname, '../../../..');
const RECORDED = path.join(__dirname, 'findings-snapshot.json');

describe('findings snapshot: every fixture project, typed and untyped', function () {
  this.timeout(900_000);

  it('finds what was recorded before findings became data: positions, messages, chains, suggestion outputs', async () => {
    const recorded = JSON.parse(fs.readFileSync(RECORDED, 'utf8')) as Snapshot;
    const chainOf = (m: Parameters<typeof findingOf>[0]) => {
      const chain = findingOf(m)?.chain;
      return chain && chain.length > 0 ? chain : undefined;
    };
    const now = await collectSnapshot(REPO, plugin, chainOf as never, findingsProcessor);
    assert.deepEqual(
      now.projects.map((p) => `${p.project} ${p.typed ? 'typed' : 'untyped'}`),
      recorded.projects.map((p) => `${p.project} ${p.typed ? 'typed' : 'untyped'}`),
    );
    for (const [i, project] of now.projects.entries()) {
      const before = recorded.projects[i]!;
      const label = `${project.project} (${project.typed ? 'typed' : 'untyped'})`;
      assert.equal(project.findings.length, before.findings.length, `${label}: number of findings`);
      for (const [j, finding] of project.findings.entries()) {
        const old = before.findings[j]!;
        for (const field of Object.keys(old)) {
          assert.deepEqual(finding[field], old[field], `${label}: finding ${j} (${String(old['file'])}:${String(old['line'])}), field "${field}"`);
        }
      }
    }
    const chains = now.projects.flatMap((p) => p.findings).filter((f) => Array.isArray(f['chain']));
    assert.ok(chains.length >= 10, `chains come from the findings' data (${chains.length} found)`);
  });
});
