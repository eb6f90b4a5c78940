// Regenerates every figure the documentation quotes from the committed impact.json (fixtures/patterns/README.md,
// this package's README "Latest figures", the root README's headline, BENCHMARKS.md "Fixture server"):
//   pnpm exec tsx scripts/write-readme.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PATTERNS_DIR, loadPatterns } from '../src/patterns';
import { generatedDocs } from '../src/report/figures';
import { renderPatternsReadme } from '../src/report/patterns-readme';
import { LATEST_REPORT, readReport } from '../src/stalls';

const report = fs.existsSync(LATEST_REPORT) ? readReport() : undefined;
fs.writeFileSync(path.join(DEFAULT_PATTERNS_DIR, 'README.md'), renderPatternsReadme(loadPatterns(undefined), report));
if (report) {
  for (const [file, text] of generatedDocs(path.resolve(DEFAULT_PATTERNS_DIR, '..', '..'), report)) fs.writeFileSync(file, text);
}
