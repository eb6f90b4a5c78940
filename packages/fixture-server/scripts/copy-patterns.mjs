// Ships the repository's patterns inside the package, so that `loopguard impact` and `loopguard-impact` find them
// after `npm install` (the repository's fixtures/ are not part of any tarball). The copy is build output:
// .gitignore keeps it out of git, and fixtures/patterns stays the one source.
import { cpSync, rmSync } from 'node:fs';

const from = new URL('../../../fixtures/patterns/', import.meta.url);
const to = new URL('../patterns/', import.meta.url);
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (src) => !src.includes('/node_modules') });
