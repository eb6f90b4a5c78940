// Ships the repository's example app inside the package, so that `loopguard demo` without a folder works after
// `npm install loopguard` (the repository's fixtures/ are not part of any tarball). The copy is build output:
// .gitignore keeps it out of git, and fixtures/example-app stays the one source.
import { cpSync, rmSync } from 'node:fs';

const from = new URL('../../../fixtures/example-app/', import.meta.url);
const to = new URL('../example-app/', import.meta.url);
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (src) => !src.includes('/node_modules') });
