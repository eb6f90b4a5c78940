#!/usr/bin/env node
// The README's test command: builds every package, runs every package's mocha suite (the ESLint plugin's
// and the CLI's twice: ESLint 10 and ESLint 9), and ends with one line "N passed, N failed" over all suites.
// Usage: pnpm test [-- <package-folder-name>...]   (e.g. `pnpm test -- eslint-plugin`)
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2).filter((a) => a !== '--');

/** Packages whose behaviour depends on the ESLint major: run against both. */
const ESLINT_MATRIX = new Set(['eslint-plugin', 'cli']);

// A partial run builds only the chosen packages and what they depend on.
const buildArgs = only.length > 0 ? ['-r', ...only.flatMap((d) => ['--filter', `./packages/${d}...`]), 'run', 'build'] : ['run', 'build'];
const build = spawnSync('pnpm', buildArgs, { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const suites = [];
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const pkgFile = join(root, 'packages', dir, 'package.json');
  if (!existsSync(pkgFile)) continue;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  if (!pkg.scripts?.test) continue;
  if (only.length > 0 && !only.includes(dir)) continue;
  if (ESLINT_MATRIX.has(dir)) {
    suites.push({ name: `${dir} (ESLint 10)`, dir, env: { LOOPGUARD_ESLINT: '10' } });
    suites.push({ name: `${dir} (ESLint 9)`, dir, env: { LOOPGUARD_ESLINT: '9' } });
  } else {
    suites.push({ name: dir, dir, env: {} });
  }
}

function run(suite) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${suite.name} ===`);
    const child = spawn('pnpm', ['run', 'test'], {
      cwd: join(root, 'packages', suite.dir),
      env: { ...process.env, ...suite.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => {
      const count = (word) => [...out.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
      let passed = count('passing');
      let failed = count('failing');
      const skipped = count('pending');
      // A suite that exits non-zero without counting a failure crashed: count it as one failure.
      if (code !== 0 && failed === 0) failed = 1;
      if (code === 0 && passed === 0) {
        console.log(`suite ${suite.name} ran no test`);
        failed += 1;
      }
      resolve({ ...suite, passed, failed, skipped, code, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const results = [];
for (const suite of suites) results.push(await run(suite));

console.log('\nsuite summary:');
for (const r of results) {
  console.log(`  ${r.name.padEnd(34)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped  ${r.seconds.toFixed(1)}s`);
}
const total = (k) => results.reduce((n, r) => n + r[k], 0);
const skipped = total('skipped');
console.log(`${total('passed')} passed, ${total('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(total('failed') > 0 || results.length === 0 ? 1 : 0);
