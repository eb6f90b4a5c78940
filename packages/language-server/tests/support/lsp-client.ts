import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkspaceEdit,
  CancellationTokenSource,
  DocumentDiagnosticRequest,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const SERVER_MAIN = path.join(__dirname, '..', '..', 'dist', 'main.js');

export type ProfileName = 'vscode' | 'neovim';

const CODE_ACTION_KINDS = ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'];

/** What VS Code 1.9x announces (the parts that matter here): pull diagnostics, lazy code actions. */
const VSCODE: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'textOnlyTransactional' },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: false },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: { codeActionKind: { valueSet: CODE_ACTION_KINDS } },
    },
  },
  window: { showDocument: { support: true }, workDoneProgress: true },
};

/**
 * What Neovim 0.7.2 announces: push diagnostics only, no file watching, resource operations without
 * `documentChanges`. Neovim 0.7.2 itself announces resolve support for edits (tests/neovim.test.ts covers that);
 * this profile leaves it out, like the clients before it, so that edits must come with the actions.
 */
const NEOVIM_07: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] },
  },
  textDocument: {
    synchronization: { didSave: true, willSave: false, willSaveWaitUntil: false },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
    codeAction: {
      dynamicRegistration: false,
      isPreferredSupport: true,
      dataSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: CODE_ACTION_KINDS } },
    },
  },
  window: { workDoneProgress: true, showDocument: { support: false } },
};

export interface StartOptions {
  readonly profile: ProfileName;
  readonly root: string;
  /** `loopguard` settings by URI prefix; the longest matching prefix wins; '' for all. */
  readonly settings?: Record<string, Record<string, unknown>>;
  readonly trusted?: boolean;
  /** Variables added to the server's environment (`CI: 'true'`, as CI providers set it). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The server's quick first pass (`loopguard.quickPass`). Off unless asked: most tests assert the diagnostics
   * the full pass settles on; the quick pass's own tests and the agreement test turn it on.
   */
  readonly quickPass?: boolean;
}

/**
 * A small LSP client over stdio against the built server: keeps documents, answers the server's requests
 * like an editor, and applies workspace edits the way editors do (versions checked, no overwrites).
 */
export class TestClient {
  readonly documents = new Map<string, TextDocument>();
  readonly published = new Map<string, PublishDiagnosticsParams>();
  /** Every push, in order. */
  readonly pushes: PublishDiagnosticsParams[] = [];
  readonly messages: string[] = [];
  readonly shownDocuments: string[] = [];
  refreshes = 0;
  settings: Record<string, Record<string, unknown>>;
  private readonly waiters: Array<() => void> = [];

  private constructor(
    readonly profile: ProfileName,
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    readonly root: string,
    settings: Record<string, Record<string, unknown>>,
    private readonly quickPass: boolean,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions): Promise<TestClient> {
    const child = spawn(process.execPath, [SERVER_MAIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(options.profile, connection, child, options.root, options.settings ?? {}, options.quickPass ?? false);
    connection.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string; section?: string }> }) =>
      params.items.map((item) => client.settingsFor(item.scopeUri ?? '')),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshes += 1;
      client.notify();
      return null;
    });
    connection.onRequest('window/showDocument', (params: { uri: string }) => {
      client.shownDocuments.push(params.uri);
      client.notify();
      return { success: true };
    });
    connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      client.messages.push(params.message);
      client.notify();
      return null;
    });
    connection.onNotification('window/showMessage', (params: { message: string }) => {
      client.messages.push(params.message);
      client.notify();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.messages.push(params.message);
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.published.set(params.uri, params);
      client.pushes.push(params);
      client.notify();
    });
    connection.onClose(() => client.notify());
    connection.listen();
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(`server exited with ${code}: ${stderr}`);
    });
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(options.root).href,
      workspaceFolders: [{ uri: pathToFileURL(options.root).href, name: path.basename(options.root) }],
      capabilities: options.profile === 'vscode' ? VSCODE : NEOVIM_07,
      initializationOptions: options.trusted === undefined ? undefined : { workspaceTrusted: options.trusted },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  settingsFor(uri: string): Record<string, unknown> {
    let best = '';
    for (const prefix of Object.keys(this.settings)) if (uri.startsWith(prefix) && prefix.length >= best.length) best = prefix;
    return { quickPass: this.quickPass, ...(this.settings[best] ?? {}) };
  }

  uri(relative: string): string {
    return pathToFileURL(path.join(this.root, relative)).href;
  }

  async open(relative: string, text?: string): Promise<string> {
    const uri = this.uri(relative);
    const content = text ?? fs.readFileSync(path.join(this.root, relative), 'utf8');
    const doc = TextDocument.create(uri, 'typescript', 1, content);
    this.documents.set(uri, doc);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: content } });
    return uri;
  }

  async openUntitled(name: string, text: string): Promise<string> {
    const uri = `untitled:${name}`;
    this.documents.set(uri, TextDocument.create(uri, 'typescript', 1, text));
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    return uri;
  }

  /** Replaces a range (or the whole text) as typing does: incremental change, version + 1. */
  async edit(uri: string, edits: TextEdit[]): Promise<number> {
    const doc = this.documents.get(uri)!;
    const version = doc.version + 1;
    const updated = TextDocument.update(doc, edits.map((e) => ({ range: e.range, text: e.newText })), version);
    this.documents.set(uri, updated);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    return version;
  }

  async replaceText(uri: string, text: string): Promise<number> {
    const doc = this.documents.get(uri)!;
    return this.edit(uri, [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: text }]);
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  async save(uri: string): Promise<void> {
    fs.writeFileSync(fileURLToPath(uri), this.text(uri));
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  pull(uri: string, previousResultId?: string, token?: CancellationTokenSource): Promise<DocumentDiagnosticReport> {
    const params = { textDocument: { uri }, previousResultId };
    return token
      ? this.connection.sendRequest(DocumentDiagnosticRequest.type, params, token.token)
      : this.connection.sendRequest(DocumentDiagnosticRequest.type, params);
  }

  /** Diagnostics as this client's kind of editor gets them: pulled (VS Code) or the last pushed (Neovim). */
  async diagnostics(uri: string, accept: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    if (this.profile === 'vscode') {
      for (let attempt = 0; attempt < 50; attempt++) {
        const report = await this.pull(uri);
        if (report.kind === 'full' && accept(report.items)) return report.items;
        await delay(100);
      }
      throw new Error(`no acceptable pulled diagnostics for ${uri}`);
    }
    const version = this.documents.get(uri)?.version;
    return this.waitFor(() => {
      const p = this.published.get(uri);
      // Strictly this version: a push without one (the clearing of a closed document) is not an answer.
      return p && p.version === version && accept(p.diagnostics) ? p.diagnostics : undefined;
    }, `pushed diagnostics for ${uri} (version ${version})`);
  }

  codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const params: CodeActionParams = { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } };
    return this.connection.sendRequest('textDocument/codeAction', params) as Promise<CodeAction[]>;
  }

  async resolved(action: CodeAction): Promise<CodeAction> {
    if (action.edit || !action.data) return action;
    return (await this.connection.sendRequest('codeAction/resolve', action)) as CodeAction;
  }

  /** Applies an edit like an editor: versioned document edits must match, created files must not exist. */
  async apply(edit: WorkspaceEdit): Promise<void> {
    const changes = edit.documentChanges ?? Object.entries(edit.changes ?? {}).map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits }));
    for (const change of changes) {
      if ('kind' in change) {
        if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
        const file = fileURLToPath(change.uri);
        if (fs.existsSync(file) && !change.options?.overwrite) throw new Error(`refusing to overwrite ${file}`);
        fs.writeFileSync(file, '');
        continue;
      }
      const uri = change.textDocument.uri;
      const open = this.documents.get(uri);
      if (open) {
        if (change.textDocument.version !== null && change.textDocument.version !== undefined && change.textDocument.version !== open.version) {
          throw new Error(`stale edit for ${uri}: computed for version ${change.textDocument.version}, document is at ${open.version}`);
        }
        await this.edit(uri, change.edits as TextEdit[]);
      } else {
        const file = fileURLToPath(uri);
        const doc = TextDocument.create(uri, 'typescript', 0, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
        fs.writeFileSync(file, TextDocument.applyEdits(doc, change.edits as TextEdit[]));
      }
    }
  }

  async changeSettings(settings: Record<string, Record<string, unknown>>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: this.profile === 'neovim' ? { loopguard: this.settingsFor('') } : null,
    });
  }

  async fileChanged(relative: string, type: 1 | 2 | 3 = 2): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(relative), type }] });
  }

  /**
   * Back to the fixture as it was, between tests that share one server (starting a server and its
   * TypeScript project costs seconds): documents closed, files restored, generated files removed, settings reset.
   */
  async reset(fixture: string): Promise<void> {
    for (const uri of [...this.documents.keys()]) await this.close(uri);
    const changes: Array<{ uri: string; type: number }> = [];
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(this.root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.join(dir, e.name);
        if (e.name === 'node_modules') return [];
        return e.isDirectory() ? walk(rel) : [rel];
      });
    for (const rel of walk('.')) {
      const original = path.join(fixture, rel);
      const current = path.join(this.root, rel);
      if (!fs.existsSync(original)) {
        fs.rmSync(current);
        changes.push({ uri: this.uri(rel), type: 3 });
      } else if (fs.readFileSync(original, 'utf8') !== fs.readFileSync(current, 'utf8')) {
        fs.copyFileSync(original, current);
        changes.push({ uri: this.uri(rel), type: 2 });
      }
    }
    if (changes.length > 0) await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    this.published.clear();
    this.pushes.length = 0;
    this.messages.length = 0;
    this.shownDocuments.length = 0;
    if (Object.keys(this.settings).length > 0) await this.changeSettings({});
  }

  async waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 60000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), delay(5000)]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await Promise.race([new Promise((r) => this.child.once('exit', r)), delay(3000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A throw-away copy of a fixture project with the type packages and piscina linked in. */
export function copyFixture(source: string): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(require('node:os').tmpdir()), 'loopguard-ls-'));
  fs.cpSync(source, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  const modules = path.join(__dirname, '..', '..', 'node_modules');
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(modules, '@types', 'node')), path.join(dir, 'node_modules', '@types', 'node'));
  fs.symlinkSync(fs.realpathSync(path.join(modules, 'piscina')), path.join(dir, 'node_modules', 'piscina'));
  return dir;
}

export const MINI_APP = path.join(__dirname, '..', 'fixtures', 'mini-app');
