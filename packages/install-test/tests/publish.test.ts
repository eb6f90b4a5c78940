import * as assert from 'node:assert/strict';
import { cleanEnv, publishablePackages, ROOT, run } from './support/workspace';

describe('pnpm publish -r --dry-run', function () {
  this.timeout(5 * 60_000);

  it('passes for the whole workspace and would publish only the publishable packages', async () => {
    // --no-git-checks: CI and the helpers' worktrees are not on a clean main branch; that check is for real releases.
    const result = await run('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], { cwd: ROOT, env: cleanEnv() });
    const output = `${result.stdout}\n${result.stderr}`;
    assert.equal(result.code, 0, output);
    for (const pkg of publishablePackages()) {
      // pnpm prints "📦 <name>@<version> → <registry>" for each package it would publish.
      assert.ok(output.includes(`📦 ${pkg.json.name}@${pkg.json.version}`), `${pkg.json.name} is not in the dry run:\n${output}`);
    }
    for (const privateName of ['@loopguard/benchmarks', '@loopguard/install-test', 'loopguard-vscode']) {
      assert.ok(!output.includes(`📦 ${privateName}@`), `${privateName} is private but would be published`);
    }
  });
});
