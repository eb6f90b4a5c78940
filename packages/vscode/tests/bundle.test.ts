// The server bundle must run with nothing but Node: copied alone into a temp folder (no node_modules anywhere
// above it), it lints a TypeScript file and reports the blocking call, over the LSP on stdio.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const DIST = path.join(__dirname, '..', 'dist');

/** A minimal LSP client over stdio: Content-Length framing, requests by id, notifications by method. */
class StdioClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();
  private readonly waiters: Array<{ method: string; accept: (params: any) => boolean; resolve: (params: any) => void }> = [];
  readonly stderr: string[] = [];

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (d: Buffer) => this.onData(d));
    child.stderr.on('data', (d: Buffer) => this.stderr.push(String(d)));
  }

  request(method: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolve, reject) =>
      this.pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result))),
    );
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  waitFor(method: string, accept: (params: any) => boolean = () => true): Promise<any> {
    return new Promise((resolve) => this.waiters.push({ method, accept, resolve }));
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private onData(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const msg = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(msg);
    }
  }

  private dispatch(msg: any): void {
    if (msg.id !== undefined && msg.method === undefined) {
      this.pending.get(msg.id)?.(msg);
      this.pending.delete(msg.id);
      return;
    }
    if (msg.id !== undefined) {
      // Server-to-client requests: configuration gets defaults (null), everything else an empty result.
      const result = msg.method === 'workspace/configuration' ? msg.params.items.map(() => null) : null;
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    for (const w of [...this.waiters]) {
      if (w.method === msg.method && w.accept(msg.params)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(msg.params);
      }
    }
  }
}

describe('the server bundle (dist/server.js)', function () {
  this.timeout(120_000);
  let dir: string;
  let child: ChildProcessWithoutNullStreams | undefined;

  before(function () {
    if (!existsSync(path.join(DIST, 'server.js'))) {
      throw new Error(`${path.join(DIST, 'server.js')} is missing: run \`pnpm build\` in packages/vscode first.`);
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'loopguard-bundle-'));
  });

  after(function () {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('lints a file with no node_modules anywhere: the blocking call is reported', async function () {
    for (const name of readdirSync(DIST)) if (name === 'server.js' || name === 'refactor-worker.js' || /^lib\..*\.d\.ts$/.test(name)) copyFileSync(path.join(DIST, name), path.join(dir, name));
    const project = path.join(dir, 'project');
    mkdirSync(project);
    const file = path.join(project, 'handler.ts');
    const text = "import { readFileSync } from 'node:fs';\n\nexport async function handler(): Promise<string> {\n  return readFileSync('/etc/hostname', 'utf8');\n}\n";
    writeFileSync(file, text);
    child = spawn(process.execPath, [path.join(dir, 'server.js'), '--stdio'], { cwd: project, env: { ...process.env, NODE_PATH: '' } });
    const client = new StdioClient(child);
    const uri = pathToFileURL(file).href;

    const init = await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(project).href,
      workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { workspaceTrusted: false },
    });
    assert.ok(init.capabilities, `initialize returned no capabilities; server stderr:\n${client.stderr.join('')}`);
    client.notify('initialized', {});
    const diagnostics = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const published = await diagnostics;

    assert.deepEqual(
      published.diagnostics.map((d: any) => ({ source: d.source, line: d.range.start.line, character: d.range.start.character })),
      [{ source: 'loopguard', line: 3, character: 9 }],
    );
    assert.match(published.diagnostics[0].message, /`fs\.readFileSync` blocks the event loop/);
    await client.request('shutdown', null);
    client.notify('exit', null);
  });

  it('lints a .rs file with the two .wasm files beside it (web-tree-sitter and the Rust grammar), no node_modules anywhere', async function () {
    // The same files that the .vsix ships beside dist/server.js (see .vscodeignore).
    for (const name of ['server.js', 'web-tree-sitter.wasm', 'tree-sitter-rust.wasm']) copyFileSync(path.join(DIST, name), path.join(dir, name));
    const project = path.join(dir, 'rust-project');
    mkdirSync(project);
    const file = path.join(project, 'main.rs');
    const text = 'async fn load(path: &str) -> std::io::Result<String> {\n    std::fs::read_to_string(path)\n}\n';
    writeFileSync(file, text);
    child = spawn(process.execPath, [path.join(dir, 'server.js'), '--stdio'], { cwd: project, env: { ...process.env, NODE_PATH: '' } });
    const client = new StdioClient(child);
    const uri = pathToFileURL(file).href;
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(project).href,
      workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'rust-project' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { workspaceTrusted: false },
    });
    client.notify('initialized', {});
    const diagnostics = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
    // A grammar the bundle cannot find or load is logged as an error (window/logMessage, type 1): fail with it
    // at once rather than wait for diagnostics that never come.
    const logged = client.waitFor('window/logMessage', (p) => p.type === 1);
    const published = await Promise.race([
      diagnostics,
      logged.then((p) => Promise.reject(new Error(`the server logged an error: ${p.message}`))),
      new Promise((_, reject) => child?.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${client.stderr.join('')}`)))),
    ]) as { diagnostics: { source: string; message: string; range: { start: { line: number; character: number } } }[] };
    assert.deepEqual(
      published.diagnostics.map((d) => ({ source: d.source, line: d.range.start.line, character: d.range.start.character })),
      [{ source: 'loopguard', line: 1, character: 4 }],
      `server stderr:\n${client.stderr.join('')}`,
    );
    assert.match(published.diagnostics[0]!.message, /^`std::fs::read_to_string` .* inside /);
    await client.request('shutdown', null);
    client.notify('exit', null);
  });

  it('moves a blocking call to a worker thread on the refactor thread (dist/refactor-worker.js), with no node_modules', async function () {
    const project = path.join(dir, 'worker-project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'worker-project', private: true, type: 'commonjs' }));
    const file = path.join(project, 'pack.ts');
    const text = "import { gzipSync } from 'node:zlib';\n\nexport async function pack(body: Buffer): Promise<Buffer> {\n  return gzipSync(body);\n}\n";
    writeFileSync(file, text);
    child = spawn(process.execPath, [path.join(dir, 'server.js'), '--stdio'], { cwd: project, env: { ...process.env, NODE_PATH: '' } });
    const client = new StdioClient(child);
    const uri = pathToFileURL(file).href;
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(project).href,
      workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'worker-project' }],
      capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
      initializationOptions: { workspaceTrusted: false },
    });
    client.notify('initialized', {});
    const diagnostics = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const published = await diagnostics;
    // No resolve support: the server computes every edit when it lists the actions.
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: published.diagnostics[0].range, context: { diagnostics: published.diagnostics } });
    const move = actions.find((a: any) => /^Move to a worker thread/.test(a.title));
    assert.ok(move?.edit, `no edit for "Move to a worker thread": ${JSON.stringify(actions)}\nserver stderr:\n${client.stderr.join('')}`);
    const created = move.edit.documentChanges.filter((c: any) => c.kind === 'create').map((c: any) => path.basename(new URL(c.uri).pathname));
    assert.deepEqual(created.sort(), ['loopguard-pool.ts', 'pack.worker.ts']);
    await client.request('shutdown', null);
    client.notify('exit', null);
  });

  it('says what to do with a TypeScript ESLint config, which needs jiti (not bundled), in a trusted workspace', async function () {
    const project = path.join(dir, 'ts-config-project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'eslint.config.ts'), 'export default [];\n');
    const file = path.join(project, 'handler.ts');
    const text = "import { readFileSync } from 'node:fs';\nexport async function handler() {\n  return readFileSync('/etc/hostname', 'utf8');\n}\n";
    writeFileSync(file, text);
    child = spawn(process.execPath, [path.join(dir, 'server.js'), '--stdio'], { cwd: project });
    const client = new StdioClient(child);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(project).href,
      workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { workspaceTrusted: true },
    });
    client.notify('initialized', {});
    const warning = client.waitFor('window/showMessage', (p) => /eslint\.config/.test(p.message));
    client.notify('textDocument/didOpen', { textDocument: { uri: pathToFileURL(file).href, languageId: 'typescript', version: 1, text } });
    const shown = await warning;
    assert.match(shown.message, /without jiti/);
    assert.match(shown.message, /use eslint\.config\.js or \.mjs/);
    await client.request('shutdown', null);
    client.notify('exit', null);
  });
});
