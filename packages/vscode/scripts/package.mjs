#!/usr/bin/env node
// `pnpm package`: bundles, then packs dist/loopguard-vscode-<version>.vsix with vsce and prints its size.
// --no-dependencies: the bundles already hold every dependency, and vsce cannot walk pnpm's node_modules.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const out = process.env.LOOPGUARD_VSIX ?? join(pkgDir, 'dist', `${pkg.name}-${pkg.version}.vsix`);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: pkgDir, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

if (!process.argv.includes('--no-bundle')) run(process.execPath, [join(pkgDir, 'scripts', 'bundle.mjs')]);
run(process.execPath, [join(pkgDir, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', out]);
const bytes = statSync(out).size;
console.log(`package: ${relative(process.cwd(), out)} ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`);
