const fs = require('fs');
const text = fs.readFileSync('/tmp/p1/big.ts', 'utf8');
const { LintEngine } = require('./dist/lint-engine');
const e = new LintEngine('/tmp/p1');
const keep = [];
if (process.argv[2] === 'big') { for (let i = 0; i < 3_000_000; i++) keep.push({ a: i, b: 'x' + i, c: [i, i + 1] }); }
const times = [];
for (let i = 0; i < 300; i++) { const t = performance.now(); e.lintQuick({ text: text.replace('EDITED', 'E' + i), filePath: '/tmp/p1/big.ts', options: {} }); times.push(performance.now() - t); }
const s = times.slice(50).sort((a, b) => a - b);
const c = process.cpuUsage();
console.log(process.argv[2] ?? 'small', 'heap', Math.round(process.memoryUsage().heapUsed / 1e6), 'MB p50', s[Math.floor(s.length * 0.5)].toFixed(1), 'p95', s[Math.floor(s.length * 0.95)].toFixed(1), 'max', s[s.length - 1].toFixed(1));
