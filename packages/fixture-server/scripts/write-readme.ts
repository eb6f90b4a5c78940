// Writes fixtures/patterns/README.md from the manifests and the committed impact.json:  pnpm exec tsx scripts/write-readme.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PATTERNS_DIR, loadPatterns } from '../src/patterns';
import { renderPatternsReadme } from '../src/report/patterns-readme';
import { LATEST_REPORT, readReport } from '../src/stalls';

const report = fs.existsSync(LATEST_REPORT) ? readReport() : undefined;
fs.writeFileSync(path.join(DEFAULT_PATTERNS_DIR, 'README.md'), renderPatternsReadme(loadPatterns(undefined), report));
