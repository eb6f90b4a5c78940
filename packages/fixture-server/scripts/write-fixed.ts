// Regenerates fixed.ts of every pattern whose manifest says `"fix": "suggestion"`, by applying the rule's
// suggestions to blocking.ts. Run after changing a blocking file or the rule:  pnpm exec tsx scripts/write-fixed.ts
import * as fs from 'node:fs';
import { listPatterns, loadPattern } from '../src/patterns';
import { applyAllSuggestions, lintFile } from '../tests/support/lint';

for (const id of process.argv.slice(2).length ? process.argv.slice(2) : listPatterns()) {
  const pattern = loadPattern(id);
  const findings = lintFile(pattern.blockingFile).map((m) => `${m.line}:${m.column} ${m.messageId ?? m.message}`);
  if (pattern.fix !== 'suggestion') {
    console.log(`${id}: ${pattern.fix} (hand-written), findings ${findings.join(', ')}`);
    continue;
  }
  const { text, applied } = applyAllSuggestions(pattern.blockingFile);
  fs.writeFileSync(pattern.fixedFile, text);
  console.log(`${id}: applied ${applied.join(', ') || 'nothing'}; findings ${findings.join(', ')}`);
}
