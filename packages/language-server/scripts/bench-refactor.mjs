#!/usr/bin/env node
// First-use latency of "Move to a worker thread" (issue 16: <= 1 s, first use included), in one run:
//  - before: what the server did until the refactor got its own thread: a cold `moveToWorker` on the calling
//    thread (ts-morph loads, builds its project and type-checks), timed in a fresh Node process;
//  - after: the language server, with a client like VS Code: open the file, wait for its diagnostics, pause
//    for `--pause` ms (default 3000, a user reading the squiggle), then time code action + resolve. With
//    `--pause=0` the request comes right after the first diagnostics, before the warm-up can finish.
//  - CPU time of each (the process, all threads): less sensitive than wall time to a busy machine;
//  - while the refactor runs, the time the server takes to answer another request (its thread stays free).
// Runs alternate before/after `--runs` times (default 3). Prints a table, then the JSON of the figures.
// Usage: node scripts/bench-refactor.mjs [--files=100] [--runs=3] [--pause=3000] [--json=out.json]
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.join(here, '..');
const serverMain = path.join(pkg, 'dist', 'main.js');
const rpc = require('vscode-languageserver-protocol/node');

const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, '').split('='); return [k, v ?? 'true']; }));
const FILES = Number(args.files ?? 100);
const RUNS = Number(args.runs ?? 3);
const PAUSE = Number(args.pause ?? 3000);

if (!fs.existsSync(serverMain)) {
  console.error(`${serverMain} is missing: build first (pnpm --filter @loopguard/language-server build).`);
  process.exit(1);
}

function generateProject() {
  const root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'loopguard-bench-refactor-'));
  fs.mkdirSync(path.join(root, 'src', 'modules'), { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'commonjs', dependencies: { piscina: '^5.0.0' } }, null, 2));
  fs.writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] }, include: ['src'] }, null, 2),
  );
  fs.mkdirSync(path.join(root, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(pkg, 'node_modules', '@types', 'node')), path.join(root, 'node_modules', '@types', 'node'));
  const imports = [];
  for (let i = 0; i < FILES - 1; i++) {
    const prev = i % 5 !== 0 ? `import { helper${i - 1} } from './mod-${i - 1}';\n` : '';
    const body = i % 5 !== 0 ? `return helper${i - 1}(x) + ${i};` : 'return x + 1;';
    fs.writeFileSync(path.join(root, 'src', 'modules', `mod-${i}.ts`), `${prev}export function helper${i}(x: number): number {\n  ${body}\n}\n`);
    if (i % 10 === 0) imports.push(`import { helper${i} } from './modules/mod-${i}';`);
  }
  const file = path.join(root, 'src', 'handler.ts');
  const text = [
    "import { gzipSync } from 'node:zlib';",
    ...imports,
    '',
    'export async function compress(body: string, level: number): Promise<Buffer> {',
    `  const n = ${imports.map((_, k) => `helper${k * 10}(level)`).join(' + ') || '0'};`,
    '  return gzipSync(Buffer.from(body.repeat(n)), { level });',
    '}',
    '',
  ].join('\n');
  fs.writeFileSync(file, text);
  return { root, file, text };
}

/** Before: a cold refactor on the calling thread, as the server ran it until now, in a fresh process. */
function coldInProcess(project) {
  const offset = project.text.indexOf('gzipSync(Buffer');
  const end = project.text.indexOf(';', offset);
  const script = `
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const { moveToWorker } = require(${JSON.stringify(require.resolve('@loopguard/refactor', { paths: [pkg] }))});
    const loaded = performance.now();
    moveToWorker({ filePath: ${JSON.stringify(project.file)}, text: ${JSON.stringify(project.text)}, start: ${offset}, end: ${end} });
    const done = performance.now();
    const cpu = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ loadMs: loaded - t0, totalMs: done - t0, cpuMs: (cpu.user + cpu.system) / 1000 }));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the cold refactor failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

async function throughServer(project) {
  const child = spawn(process.execPath, [serverMain, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.listen();
  const root = pathToFileURL(project.root).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'bench' }],
    capabilities: {
      workspace: { configuration: true, diagnostics: { refreshSupport: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
      textDocument: { diagnostic: {}, codeAction: { resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } },
    },
  });
  await connection.sendNotification('initialized', {});
  const uri = pathToFileURL(project.file).href;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: project.text } });
  let report;
  for (;;) {
    try {
      report = await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      break;
    } catch (error) {
      if (!error?.data?.retriggerRequest) throw error;
    }
  }
  const diagnostic = report.items.find((d) => /gzipSync/.test(d.message));
  if (!diagnostic) throw new Error(`no gzipSync finding in ${project.file}: ${JSON.stringify(report.items)}`);
  await new Promise((r) => setTimeout(r, PAUSE));
  // CPU time of the whole server process (its threads included) over the request: less sensitive than the
  // wall time to other processes on a busy machine.
  const cpuBefore = (await connection.sendRequest('loopguard/serverStats')).cpuMs;
  const t0 = performance.now();
  const actions = await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
  const action = actions.find((a) => a.title.startsWith('Move to a worker thread'));
  if (!action) throw new Error(`no "Move to a worker thread" action: ${actions.map((a) => a.title).join(', ')}`);
  const resolving = connection.sendRequest('codeAction/resolve', action);
  // Sent while the refactor runs: answered at once when the server's thread is free.
  const s0 = performance.now();
  await connection.sendRequest('loopguard/serverStats');
  const otherRequestMs = performance.now() - s0;
  const resolved = await resolving;
  const firstUseMs = performance.now() - t0;
  const firstUseCpuMs = (await connection.sendRequest('loopguard/serverStats')).cpuMs - cpuBefore;
  if (!resolved.edit?.documentChanges?.length) throw new Error(`the resolved action has no edit: ${JSON.stringify(resolved)}`);
  // The same action again: the server answers from its cache of refactors (same text, same finding).
  const t1 = performance.now();
  await connection.sendRequest('codeAction/resolve', action);
  const secondUseMs = performance.now() - t1;
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  connection.dispose();
  return { firstUseMs, firstUseCpuMs, secondUseMs, otherRequestMs };
}

const round = (n) => Math.round(n);
const loadBefore = os.loadavg()[0];
const project = generateProject();
const runs = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const before = coldInProcess(project);
    const after = await throughServer(project);
    runs.push({ beforeLoadMs: round(before.loadMs), beforeFirstUseMs: round(before.totalMs), beforeFirstUseCpuMs: round(before.cpuMs), afterFirstUseMs: round(after.firstUseMs), afterFirstUseCpuMs: round(after.firstUseCpuMs), afterCachedResolveMs: round(after.secondUseMs), otherRequestDuringRefactorMs: round(after.otherRequestMs) });
  }
} finally {
  fs.rmSync(project.root, { recursive: true, force: true });
}
const report = { files: FILES, pauseMs: PAUSE, cpus: os.cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg()[0], runs };
const header = Object.keys(runs[0]);
console.log(`| run | ${header.join(' | ')} |`);
console.log(`|---|${header.map(() => '---').join('|')}|`);
runs.forEach((r, i) => console.log(`| ${i + 1} | ${header.map((h) => r[h]).join(' | ')} |`));
console.log(`load average ${loadBefore.toFixed(2)} -> ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores; pause after the first diagnostics ${PAUSE} ms`);
console.log(JSON.stringify(report));
if (args.json) fs.writeFileSync(args.json, JSON.stringify(report, null, 2));
