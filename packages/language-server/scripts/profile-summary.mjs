#!/usr/bin/env node
// Where a CPU profile's time goes, by package (self time) and by top functions, with the inclusive time of the
// pipeline's big steps. For a profile of the server during the benchmark:
//   node scripts/bench.mjs --cpu-prof-dir=/tmp/prof --no-eslint && node scripts/profile-summary.mjs /tmp/prof/pull/CPU.*.cpuprofile
// (one profile per thread: the server's main thread, and the refactor thread that warms ts-morph)
import * as fs from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/profile-summary.mjs <file.cpuprofile> [top=25]');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from the samples and their time deltas.
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function pkgOf(url) {
  if (!url) return '(native/vm)';
  const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/u.exec(url);
  if (m) return m[1];
  const ws = /packages\/([^/]+)\//u.exec(url);
  if (ws) return `workspace:${ws[1]}`;
  return url.startsWith('node:') ? 'node' : url;
}

const byPkg = new Map();
const byFn = new Map();
for (const [id, ms] of self) {
  const n = byId.get(id);
  const f = n.callFrame;
  const pkg = f.functionName === '(garbage collector)' ? '(gc)' : f.functionName === '(idle)' ? '(idle)' : pkgOf(f.url);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + ms);
  const key = `${f.functionName || '(anonymous)'} ${pkg}:${f.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + ms);
}

// Inclusive time of named steps: a sample counts once for a step if any frame on its stack matches.
const STEPS = {
  'Linter.verify': (f) => f.functionName === 'verify' && /eslint\/lib\/linter\/linter\.js/u.test(f.url),
  'parseForESLint (typescript-estree + scope analysis)': (f) => f.functionName === 'parseForESLint',
  'typescript-estree: program update (project service)': (f) => /typescript-estree/u.test(f.url) && /getProgramAndAST|useProgramFromProjectService|openClientFile/u.test(f.functionName),
  'typescript-estree: convert to ESTree': (f) => f.functionName === 'astConverter',
  'scope-manager analyze': (f) => f.functionName === 'analyze' && /scope-manager/u.test(f.url),
  'loopguard rule (create + visitors)': (f) => /eslint-plugin\/dist\/rules\//u.test(f.url),
  'loopguard analysis': (f) => /eslint-plugin\/dist\/analysis\//u.test(f.url),
  'loopguard: convert other files': (f) => f.functionName === 'convertFile',
  'TypeScript checker': (f) => /typescript\/lib\/typescript\.js/u.test(f.url) && /^(check|getTypeOf|resolve|getSymbol|getResolvedSignature|getTypeAtLocation)/u.test(f.functionName),
};
const inclusive = Object.fromEntries(Object.keys(STEPS).map((k) => [k, 0]));
for (let i = 0; i < profile.samples.length; i++) {
  const hit = new Set();
  let id = profile.samples[i];
  while (id !== undefined) {
    const f = byId.get(id).callFrame;
    for (const [name, test] of Object.entries(STEPS)) if (test(f)) hit.add(name);
    id = parent.get(id);
  }
  for (const name of hit) inclusive[name] += (profile.timeDeltas[i] ?? 0) / 1000;
}

const fmt = (ms) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${total.toFixed(0)} ms sampled`);
console.log('\ninclusive time of the pipeline steps:');
for (const [name, ms] of Object.entries(inclusive)) console.log(`${fmt(ms)}  ${name}`);
console.log('\nself time by package:');
for (const [pkg, ms] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${fmt(ms)}  ${pkg}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [fn, ms] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${fmt(ms)}  ${fn}`);
