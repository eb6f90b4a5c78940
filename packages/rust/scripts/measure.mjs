#!/usr/bin/env node
// `pnpm bench` for @loopguard/rust: measures every Rust pattern (fixtures/rust) with the fixture server's verdict and prints
// the figures; `--json FILE` also writes them. Usage: node scripts/measure.mjs [pattern-id...] [--json FILE]
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { RUST_PATTERNS, measureRustPattern } = require('../dist/index.js');

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const ids = args.filter((a, i) => jsonAt < 0 || (i !== jsonAt && i !== jsonAt + 1));
const chosen = ids.length ? ids : RUST_PATTERNS.map((p) => p.id);

const results = [];
for (const id of chosen) {
  const m = await measureRustPattern(id, {
    durationMs: 2000,
    onProgress: (r) => process.stderr.write(`  ${id} ${r.variant}#${r.repetition}: max lag ${r.maxLagMs.toFixed(1)} ms, ${r.ticks} ticks, ping p99 ${r.pingP99Ms} ms (${r.pingFailed}/${r.pings} failed)${r.error ? `, ${r.error}` : ''}\n`),
  });
  results.push(m);
  console.log(
    `${id}: heartbeat max ${m.blocking.maxLagMs.toFixed(1)} vs ${m.fixed.maxLagMs.toFixed(1)} ms (x${m.ratio.toFixed(1)}), ` +
      `ping p99 ${m.blocking.pingP99Ms} vs ${m.fixed.pingP99Ms} ms (x${m.pingRatio.toFixed(1)}): ${m.verdict} (${m.reason})`,
  );
}
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(results, null, 2));
