#!/usr/bin/env node
// Latency benchmark of the language server: a generated project of N files (default 300) with one file of
// about 1,000 lines; after warm-up, each edit of that file is timed until its diagnostics arrive, pulled
// (like VS Code) and pushed (like Neovim, debounce included). In the same run, ESLint lints the same edits the
// way vscode-eslint does (one warm process, `projectService`, `lintText` of the unsaved text, the same rule),
// for the ratio. Prints a table, then the JSON of the figures.
// The server answers each edit with its quick pass (see src/quick-pass.ts) and runs the full pass once typing
// pauses: the timed edits come back to back (a typist), so they measure the quick pass; then PAUSED_EDITS edits,
// each followed by a pause, measure the time to the full pass's diagnostics and the CPU of both passes.
// Usage: node scripts/bench.mjs [--files=300] [--lines=1000] [--edits=200] [--warmup=20] [--json=out.json] [--keep]
//          [--no-eslint] [--no-quick] [--paused-edits=10] [--cpu-prof-dir=DIR]  (the server runs with --cpu-prof: DIR/pull/, DIR/push/, one profile a thread)
// RSS is read after warm-up + edits: --edits=2000 gives the "RSS after 2,000 edits" figure.
import { spawn } from 'node:child_process';
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

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const FILES = Number(args.files ?? 300);
const LINES = Number(args.lines ?? 1000);
const EDITS = Number(args.edits ?? 200);
const WARMUP = Number(args.warmup ?? 20);
const PAUSED_EDITS = Number(args['paused-edits'] ?? 10);
/** `--no-quick`: the server without its quick pass (`loopguard.quickPass: false`): a full pass on every edit. */
const NO_QUICK = args['no-quick'] === 'true';
const CPU_PROF_DIR = args['cpu-prof-dir'] && args['cpu-prof-dir'] !== 'true' ? path.resolve(args['cpu-prof-dir']) : undefined;
/** issue 16's targets for the editor. */
const TARGETS = { p95Ms: 100, serverCpuMsPerEdit: 50, firstLintMs: 1000, rssMB: 400 };

// ---- ESLint as vscode-eslint runs it, in a process of its own (`--eslint-child=<json>`) -------------------
if (args['eslint-child']) {
  const job = JSON.parse(args['eslint-child']);
  const { ESLint } = require('eslint');
  const { lintConfig } = require('eslint-plugin-loopguard/findings');
  const tsParser = require('@typescript-eslint/parser');
  const t0 = performance.now();
  const eslint = new ESLint({
    cwd: job.root,
    overrideConfigFile: true,
    overrideConfig: lintConfig({ parser: tsParser, cwd: job.root, typed: true, longRunning: true, rule: { severity: 'error' } }),
  });
  let text = fs.readFileSync(job.big, 'utf8');
  const lines = text.split('\n');
  let [result] = await eslint.lintText(text, { filePath: job.big });
  const firstLintMs = performance.now() - t0;
  const latencies = [];
  let cpuBefore;
  for (let i = 0; i < job.warmup + job.edits; i++) {
    if (i === job.warmup) cpuBefore = process.cpuUsage();
    // The same one-character edit as the server gets (version i + 2).
    lines[job.editLine] = `export const EDITED = ${String((i + 2) % 10)};`;
    text = lines.join('\n');
    const started = performance.now();
    [result] = await eslint.lintText(text, { filePath: job.big });
    if (i >= job.warmup) latencies.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not lint ${job.big}: ${fatal.message}`);
  process.stdout.write(JSON.stringify({
    latencies,
    firstLintMs,
    findings: result.messages.filter((m) => m.ruleId === 'loopguard/no-blocking-io').length,
    cpuMsPerEdit: (cpu.user + cpu.system) / 1000 / latencies.length,
    rss: process.memoryUsage().rss,
  }));
  process.exit(0);
}

if (!fs.existsSync(serverMain)) {
  console.error(`${serverMain} is missing: build first (pnpm --filter @loopguard/language-server build).`);
  process.exit(1);
}
if (EDITS < 200) console.warn(`note: --edits=${EDITS} is below the 200 edits the acceptance asks for`);

// ---- the project -------------------------------------------------------------------------------------
function generateProject() {
  const root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'loopguard-bench-'));
  fs.mkdirSync(path.join(root, 'src', 'modules'), { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'commonjs' }, null, 2));
  fs.writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] }, include: ['src'] }, null, 2),
  );
  fs.mkdirSync(path.join(root, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(pkg, 'node_modules', '@types', 'node')), path.join(root, 'node_modules', '@types', 'node'));
  for (let i = 0; i < FILES - 1; i++) {
    // Helpers call the previous module's helper in runs of five (call chains up to five files deep, like
    // services over repositories over utilities); every 25th helper blocks, so that findings cross files.
    const calls = i % 5 !== 0;
    const prev = calls ? `import { helper${i - 1} } from './mod-${i - 1}';\n` : '';
    const body = i % 25 === 0 ? `return readFileSync(\`/tmp/${i}.txt\`, 'utf8').length + x;` : calls ? `return helper${i - 1}(x) + ${i};` : `return x + 1;`;
    const lines = [
      "import { readFileSync } from 'node:fs';",
      prev.trimEnd(),
      `export interface Record${i} {`,
      '  id: number;',
      '  name: string;',
      '  tags: string[];',
      '}',
      '',
      `export function helper${i}(x: number): number {`,
      `  ${body}`,
      '}',
      '',
      `export class Service${i} {`,
      `  private readonly items = new Map<number, Record${i}>();`,
      '',
      `  add(item: Record${i}): void {`,
      '    this.items.set(item.id, item);',
      '  }',
      '',
      `  find(id: number): Record${i} | undefined {`,
      '    return this.items.get(id);',
      '  }',
      '',
      '  names(): string[] {',
      '    return [...this.items.values()].map((r) => r.name).sort();',
      '  }',
      '}',
      '',
    ].filter((l) => l !== '');
    fs.writeFileSync(path.join(root, 'src', 'modules', `mod-${i}.ts`), `${lines.join('\n')}\n`);
  }
  // The big file: async handlers that call into the modules, some blocking directly.
  const out = ["import { readFileSync, existsSync } from 'node:fs';", "import { createHash } from 'node:crypto';"];
  const imported = Math.min(FILES - 1, 40);
  for (let i = 0; i < imported; i++) out.push(`import { helper${i * Math.floor((FILES - 1) / imported)}, Service${i} } from './modules/mod-${i * Math.floor((FILES - 1) / imported)}';`.replace(`Service${i} }`, `Service${i * Math.floor((FILES - 1) / imported)} }`));
  out.push('');
  let n = 0;
  while (out.length < LINES - 20) {
    const h = (n % imported) * Math.floor((FILES - 1) / imported);
    out.push(
      `export async function handler${n}(input: string, count: number): Promise<string> {`,
      `  const service = new Service${h}();`,
      `  service.add({ id: count, name: input, tags: ['a', 'b'] });`,
      `  const total = helper${h}(count);`,
      '  let acc = 0;',
      '  for (let i = 0; i < count; i++) {',
      '    acc += i * total;',
      '  }',
      `  const digest = createHash('sha256').update(input + acc).digest('hex');`,
      n % 4 === 0 ? `  const extra = existsSync(input) ? readFileSync(input, 'utf8') : '';` : `  const extra = service.names().join(',');`,
      '  return `${digest}:${extra}:${service.find(count)?.name ?? ""}`;',
      '}',
      '',
    );
    n++;
  }
  out.push('// The benchmark edits the next line.', 'export const EDITED = 0;', '');
  const big = path.join(root, 'src', 'big.ts');
  fs.writeFileSync(big, out.join('\n'));
  return { root, big, lines: out.length };
}

// ---- the client --------------------------------------------------------------------------------------
async function startServer(root, profile) {
  // One folder per client run: each thread (the server's, the refactor's) writes a profile of its own there.
  const execArgv = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.join(CPU_PROF_DIR, profile)}`] : [];
  const child = spawn(process.execPath, [...execArgv, serverMain, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const pushes = [];
  const waiters = [];
  /** The server's `loopguard/status` reports of finished lints: which version, which pass, when. */
  const lints = [];
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => (NO_QUICK ? { quickPass: false } : {})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    pushes.push({ ...p, at: performance.now() });
    for (const w of waiters.splice(0)) w();
  });
  connection.onNotification('loopguard/status', (p) => {
    if (!p.lastLint) return;
    lints.push({ ...p.lastLint, at: performance.now() });
    for (const w of waiters.splice(0)) w();
  });
  connection.listen();
  const capabilities =
    profile === 'pull'
      ? { workspace: { configuration: true, diagnostics: { refreshSupport: true } }, textDocument: { diagnostic: {}, codeAction: { resolveSupport: { properties: ['edit'] } } } }
      : { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } };
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities,
  });
  await connection.sendNotification('initialized', {});
  const waitPush = (uri, version) =>
    new Promise((resolve) => {
      const check = () => {
        const p = pushes.find((x) => x.uri === uri && x.version === version);
        if (p) resolve(p);
        else waiters.push(check);
      };
      check();
    });
  const waitFull = (uri, version) =>
    new Promise((resolve) => {
      const check = () => {
        const l = lints.find((x) => x.uri === uri && x.version === version && x.phase === 'full');
        if (l) resolve(l);
        else waiters.push(check);
      };
      check();
    });
  return {
    connection,
    waitPush,
    waitFull,
    async stop() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      connection.dispose();
    },
  };
}

function percentile(sorted, p) {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function run(project, profile) {
  const server = await startServer(project.root, profile);
  const uri = pathToFileURL(project.big).href;
  const text = fs.readFileSync(project.big, 'utf8');
  const editLine = text.split('\n').indexOf('export const EDITED = 0;');
  let version = 1;
  const started = performance.now();
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
  let findings;
  const diagnose = async (v) => {
    if (profile === 'pull') {
      for (;;) {
        try {
          const report = await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
          return report.items.length;
        } catch (error) {
          if (error?.data?.retriggerRequest) continue;
          throw error;
        }
      }
    }
    return (await server.waitPush(uri, v)).diagnostics.length;
  };
  findings = await diagnose(version);
  const firstLintMs = performance.now() - started;
  const latencies = [];
  let cpuBefore;
  for (let i = 0; i < WARMUP + EDITS; i++) {
    if (i === WARMUP) cpuBefore = (await server.connection.sendRequest('loopguard/serverStats')).cpuMs;
    version += 1;
    const value = String(version % 10);
    const t0 = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: editLine, character: 21 }, end: { line: editLine, character: 22 } }, text: value }],
    });
    findings = await diagnose(version);
    if (i >= WARMUP) latencies.push(performance.now() - t0);
  }
  const stats = await server.connection.sendRequest('loopguard/serverStats');
  // Edits after a pause: the quick pass answers, then the full pass (whole program, the CLI's lint) follows.
  const fullLatencies = [];
  for (let i = 0; i < PAUSED_EDITS; i++) {
    await new Promise((r) => setTimeout(r, 500));
    version += 1;
    const t0 = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: editLine, character: 21 }, end: { line: editLine, character: 22 } }, text: String(version % 10) }],
    });
    await diagnose(version);
    const full = await server.waitFull(uri, version);
    fullLatencies.push(full.at - t0);
  }
  const pausedStats = await server.connection.sendRequest('loopguard/serverStats');
  await server.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  const sortedFull = [...fullLatencies].sort((a, b) => a - b);
  return {
    profile,
    firstLintMs: Math.round(firstLintMs),
    edits: latencies.length,
    p50Ms: Number(percentile(sorted, 50).toFixed(1)),
    p95Ms: Number(percentile(sorted, 95).toFixed(1)),
    maxMs: Number(sorted[sorted.length - 1].toFixed(1)),
    findings,
    serverRssMB: Number((stats.rss / 1024 / 1024).toFixed(1)),
    serverHeapMB: Number((stats.heapUsed / 1024 / 1024).toFixed(1)),
    typedLints: stats.typedLints,
    lints: stats.lints,
    quickLints: stats.quickLints,
    pausedEdits: fullLatencies.length,
    ...(fullLatencies.length > 0
      ? {
          // didChange → the full pass's result, when the edit is followed by a pause (the full pass waits for it).
          fullAfterPauseP50Ms: Number(percentile(sortedFull, 50).toFixed(1)),
          fullAfterPauseMaxMs: Number(sortedFull[sortedFull.length - 1].toFixed(1)),
          serverCpuMsPerPausedEdit: Number(((pausedStats.cpuMs - stats.cpuMs) / fullLatencies.length).toFixed(1)),
        }
      : {}),
    // CPU time per timed edit: unlike the latencies, it does not grow with other work on the machine.
    serverCpuMsPerEdit: Number(((stats.cpuMs - cpuBefore) / latencies.length).toFixed(1)),
  };
}

/** ESLint's `lintText` on the same edits, in a child process: warm, one project service, unsaved text. */
async function runEslint(project) {
  const text = fs.readFileSync(project.big, 'utf8');
  const job = { root: project.root, big: project.big, editLine: text.split('\n').indexOf('export const EDITED = 0;'), edits: EDITS, warmup: WARMUP };
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), `--eslint-child=${JSON.stringify(job)}`], { cwd: pkg, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the ESLint run exited ${code}`);
  const r = JSON.parse(out);
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return {
    profile: 'eslint',
    firstLintMs: Math.round(r.firstLintMs),
    edits: r.latencies.length,
    p50Ms: Number(percentile(sorted, 50).toFixed(1)),
    p95Ms: Number(percentile(sorted, 95).toFixed(1)),
    maxMs: Number(sorted[sorted.length - 1].toFixed(1)),
    findings: r.findings,
    serverRssMB: Number((r.rss / 1024 / 1024).toFixed(1)),
    serverCpuMsPerEdit: Number(r.cpuMsPerEdit.toFixed(1)),
  };
}

const project = generateProject();
const results = [];
const loadBefore = os.loadavg().map((l) => Number(l.toFixed(1)));
try {
  results.push(await run(project, 'pull'));
  results.push(await run(project, 'push'));
  if (args['no-eslint'] !== 'true') results.push(await runEslint(project));
} finally {
  if (args.keep !== 'true') fs.rmSync(project.root, { recursive: true, force: true });
}

const report = {
  benchmark: 'language-server latency',
  project: { files: FILES, bigFileLines: project.lines },
  warmupEdits: WARMUP,
  node: process.version,
  cpus: os.cpus().length,
  // Other work on the machine inflates every figure: the load average says how much there was.
  loadAverageBefore: loadBefore,
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
  results,
  targets: TARGETS,
  acceptance: (() => {
    const server = results.filter((r) => r.profile !== 'eslint');
    const eslint = results.find((r) => r.profile === 'eslint');
    const check = (value, target) => ({ value, target, met: value <= target });
    return {
      p95Ms: check(Math.max(...server.map((r) => r.p95Ms)), TARGETS.p95Ms),
      serverCpuMsPerEdit: check(Math.max(...server.map((r) => r.serverCpuMsPerEdit)), TARGETS.serverCpuMsPerEdit),
      firstLintMs: check(Math.max(...server.map((r) => r.firstLintMs)), TARGETS.firstLintMs),
      rssMB: { ...check(Math.max(...server.map((r) => r.serverRssMB)), TARGETS.rssMB), afterEdits: WARMUP + EDITS },
      // How many times faster than ESLint's lintText on the same edits (p50), per client.
      ...(eslint ? { speedupOverEslintP50: Object.fromEntries(server.map((r) => [r.profile, Number((eslint.p50Ms / r.p50Ms).toFixed(2))])) } : {}),
    };
  })(),
};

const header = ['client', 'first lint ms', 'edits', 'p50 ms', 'p95 ms', 'max ms', 'CPU ms/edit', 'findings', 'typed lints', 'quick lints', 'full after pause p50/max ms', 'CPU ms/paused edit', 'RSS MB'];
const CLIENT_NAMES = { pull: 'pull (VS Code-like)', push: 'push (Neovim-like)', eslint: 'ESLint lintText (vscode-eslint-like)' };
const rows = results.map((r) => [CLIENT_NAMES[r.profile], r.firstLintMs, r.edits, r.p50Ms, r.p95Ms, r.maxMs, r.serverCpuMsPerEdit, r.findings, r.lints === undefined ? '-' : `${r.typedLints}/${r.lints}`, r.quickLints ?? '-', r.fullAfterPauseP50Ms === undefined ? '-' : `${r.fullAfterPauseP50Ms}/${r.fullAfterPauseMaxMs}`, r.serverCpuMsPerPausedEdit ?? '-', r.serverRssMB]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(`language server: ${FILES} files, edits to a ${project.lines}-line file, ${WARMUP} warm-up edits; load average ${report.loadAverageBefore.join(' ')} before, ${report.loadAverage.join(' ')} after, on ${report.cpus} CPUs`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log(JSON.stringify(report, null, 2));
if (args.json && args.json !== 'true') fs.writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
