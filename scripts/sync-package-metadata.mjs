#!/usr/bin/env node
// Writes what every publishable package says about where it comes from, from the one place that defines it
// (packages/catalog/src/project.ts): `repository` (with `directory`), `homepage`, `bugs`; and copies the root
// LICENSE into each package, because npm puts a package's own LICENSE file in its tarball, not the workspace's.
// packages/install-test/tests/metadata.test.ts fails when this script has not been run after a change.
// Usage: pnpm --filter @loopguard/catalog build && node scripts/sync-package-metadata.mjs
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const projectJs = join(root, 'packages/catalog/dist/project.js');
if (!existsSync(projectJs)) {
  console.error(`sync-package-metadata: ${projectJs} is missing; run \`pnpm --filter @loopguard/catalog build\` first`);
  process.exit(2);
}
const { packageMetadata } = require(projectJs);

// The fields in the order npm's and typescript-eslint's package.json files show them.
const ORDER = ['name', 'version', 'private', 'displayName', 'description', 'keywords', 'homepage', 'bugs', 'repository', 'license', 'publisher', 'author', 'type'];

let changed = 0;
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const file = join(root, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const before = readFileSync(file, 'utf8');
  const pkg = JSON.parse(before);
  if (pkg.private) continue;
  Object.assign(pkg, packageMetadata(`packages/${dir}`));
  const ordered = {};
  for (const key of ORDER) if (key in pkg) ordered[key] = pkg[key];
  for (const key of Object.keys(pkg)) if (!(key in ordered)) ordered[key] = pkg[key];
  const after = `${JSON.stringify(ordered, null, 2)}\n`;
  if (after !== before) {
    writeFileSync(file, after);
    changed += 1;
    console.log(`wrote ${file}`);
  }
  copyFileSync(join(root, 'LICENSE'), join(root, 'packages', dir, 'LICENSE'));
}
console.log(`${changed} package.json file(s) changed`);
