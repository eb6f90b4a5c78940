import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

interface Snapshot {
  projects: Array<{ project: string; typed: boolean; findings: Array<Record<string, unknown>> }>;
}

const REPO = path.resolve(__dirname, '../../../..');
const RECORDED = path.join(__dirname, 'findings-snapshot.json');

describe('findings snapshot: every fixture project, typed and untyped', function () {
  this.timeout(900_000);

  it('finds what was recorded before findings became data: positions, messages, chains, suggestion outputs', () => {
    const recorded = JSON.parse(fs.readFileSync(RECORDED, 'utf8')) as Snapshot;
    // In a process of its own: see snapshot-child.ts.
    const output = execFileSync(
      process.execPath,
      ['--require', require.resolve('../setup/eslint-version.cjs'), '--require', 'tsx/cjs', path.join(__dirname, 'snapshot-child.ts'), REPO],
      { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', env: process.env, maxBuffer: 256 * 1024 * 1024 },
    );
    const now = JSON.parse(output.trim().split('\n').pop() ?? '') as Snapshot;
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
