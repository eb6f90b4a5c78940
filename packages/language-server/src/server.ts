import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActions, SOURCE_CONVERT_ALL } from './code-actions';
import { folderOf, isLintablePath, locate } from './documents';
import { toDiagnostic, toFindings, type Finding } from './findings';
import { FLAT_CONFIG_NAMES, LintEngine, ProjectConfigs, type RuleOptions } from './lint-engine';
import { Commands, LintFileRequest, ServerStatsRequest, StatusNotification, type ServerState, type StatusParams } from './protocol';
import { SettingsStore, type Settings } from './settings';
import { isRustFile, rustLspFindings } from '@loopguard/rust';

/** Quiet time after the last keystroke before a document is linted (push clients; pull clients pace themselves). */
const TYPING_DEBOUNCE_MS = 60;
/** Quiet time before documents that may call a changed helper are diagnosed again. */
const DEPENDENTS_DEBOUNCE_MS = 250;

/** The lint of one version of a document, under one state of the project and of the settings. */
export interface LintResult {
  readonly uri: string;
  readonly version: number;
  readonly epoch: number;
  readonly generation: number;
  readonly resultId: string;
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
}

interface DocumentState {
  result?: LintResult;
  inFlight?: Promise<LintResult | undefined>;
  timer?: NodeJS.Timeout;
  /** The version last saved (or opened): onSave mode diagnoses only these. */
  savedVersion?: number;
  /** What was last pushed, to avoid pushing the same diagnostics again. */
  published?: string;
  /** Set by didOpen: the content event that follows is the opening, not an edit. */
  opening?: boolean;
}

export interface ClientProfile {
  readonly pullDiagnostics: boolean;
  readonly refreshSupport: boolean;
  readonly resolveEdits: boolean;
  readonly documentChanges: boolean;
  readonly createFiles: boolean;
  readonly configuration: boolean;
  readonly showDocument: boolean;
  readonly watchedFilesRegistration: boolean;
  readonly configurationRegistration: boolean;
  readonly disabledActions: boolean;
}

function profileOf(c: ClientCapabilities): ClientProfile {
  return {
    pullDiagnostics: c.textDocument?.diagnostic !== undefined,
    refreshSupport: c.workspace?.diagnostics?.refreshSupport === true,
    resolveEdits: c.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
    // Resource operations exist only inside `documentChanges`: a client that announces them (Neovim 0.7
    // announces `resourceOperations` without `documentChanges`) applies `documentChanges`.
    documentChanges: c.workspace?.workspaceEdit?.documentChanges === true || (c.workspace?.workspaceEdit?.resourceOperations?.length ?? 0) > 0,
    createFiles: c.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true,
    configuration: c.workspace?.configuration === true,
    showDocument: c.window?.showDocument?.support === true,
    watchedFilesRegistration: c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    configurationRegistration: c.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    disabledActions: c.textDocument?.codeAction?.disabledSupport === true,
  };
}

/** Wires loopguard's language features to a connection; `main.ts` makes the connection. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocumentState>();
  const stateOf = (uri: string): DocumentState => {
    let state = states.get(uri);
    if (!state) states.set(uri, (state = {}));
    return state;
  };
  let profile: ClientProfile;
  let settings: SettingsStore;
  let engine: LintEngine;
  let codeActions: CodeActions;
  const projectConfigs = new ProjectConfigs();
  const configWarnings = new Set<string>();
  let folders: string[] = [];
  let trusted = false;
  /** Bumped whenever any file's content changes: results across files may depend on it. */
  let epoch = 0;
  let dependentsTimer: NodeJS.Timeout | undefined;
  let dependentsPending = false;

  /** Work started from notifications has no one to report to: log its failure, never crash the server. */
  const background = (work: Promise<unknown>, what: string): void => {
    work.catch((error: unknown) => {
      connection.console.error(`loopguard: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  };

  const trace = (s: Settings, message: string): void => {
    if (s.trace.server === 'verbose') connection.console.log(message);
  };
  const sendStatus = (state: ServerState, extra: Omit<StatusParams, 'state' | 'workspaceTrusted'> = {}): void => {
    void connection.sendNotification(StatusNotification, { state, workspaceTrusted: trusted, ...extra });
  };

  connection.onInitialize((params): InitializeResult => {
    profile = profileOf(params.capabilities);
    const options = (params.initializationOptions ?? {}) as { workspaceTrusted?: unknown };
    // Untrusted unless the client says otherwise: loading a project's ESLint config runs its code.
    trusted = options.workspaceTrusted === true;
    folders = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
    if (folders.length === 0 && params.rootUri) folders = [fileURLToPath(params.rootUri)];
    engine = new LintEngine(folders[0] ?? process.cwd());
    settings = new SettingsStore(connection, profile.configuration);
    codeActions = new CodeActions({
      connection,
      documents,
      profile: () => profile,
      folders: () => folders,
      resultFor: (uri) => ensureLinted(uri),
      lintText: (document, text) => lintTextOnce(document, text),
    });
    const codeActionKinds = [CodeActionKind.QuickFix, SOURCE_CONVERT_ALL];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds, resolveProvider: true },
        executeCommandProvider: { commands: [Commands.showDocumentation] },
        ...(profile.pullDiagnostics
          ? { diagnosticProvider: { identifier: 'loopguard', interFileDependencies: true, workspaceDiagnostics: false } }
          : {}),
      },
      serverInfo: { name: 'loopguard-language-server', version: require('../package.json').version as string },
    };
  });

  connection.onInitialized(() => {
    if (profile.configurationRegistration) background(connection.client.register(DidChangeConfigurationNotification.type, { section: 'loopguard' }), 'registering for configuration changes');
    if (profile.watchedFilesRegistration) {
      background(connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}' },
          { globPattern: '**/tsconfig*.json' },
          { globPattern: '**/{eslint.config.*,package.json}' },
        ],
      }), 'registering file watchers');
    }
    sendStatus('ready');
  });

  /** Whether a result still describes the document as it is, under the current project and settings. */
  const isFresh = (result: LintResult, document: TextDocument): boolean =>
    result.version === document.version && result.epoch === epoch && result.generation === settings.generation;

  /** Lints a document unless a fresh result exists; at most one lint per document is in flight. */
  async function ensureLinted(uri: string, token?: CancellationToken): Promise<LintResult | undefined> {
    for (;;) {
      const document = documents.get(uri);
      if (!document) return undefined;
      const state = stateOf(uri);
      if (state.result && isFresh(state.result, document)) return state.result;
      if (token?.isCancellationRequested) return undefined;
      if (state.inFlight) {
        await state.inFlight;
        continue;
      }
      const run = runLint(document, token);
      state.inFlight = run;
      let result: LintResult | undefined;
      try {
        result = await run;
      } finally {
        state.inFlight = undefined;
      }
      if (result) return result;
      // Stale (the document changed meanwhile) or cancelled: go round, or give up when cancelled.
    }
  }

  async function ruleOptionsFor(filePath: string, onDisk: boolean, s: Settings): Promise<{ enabled: boolean; options: RuleOptions }> {
    const fromSettings: RuleOptions = s.contexts ? { contexts: [...s.contexts] } : {};
    const folder = onDisk ? folderOf(filePath, folders) : undefined;
    if (!trusted || !folder) return { enabled: true, options: fromSettings };
    try {
      const project = await projectConfigs.ruleOptions(folder, filePath);
      if (!project) return { enabled: true, options: fromSettings };
      return { enabled: !project.off, options: project.options };
    } catch (error) {
      if (!configWarnings.has(folder)) {
        configWarnings.add(folder);
        const message = `loopguard: could not load the ESLint config in ${folder} (${error instanceof Error ? error.message : String(error)}). Using the loopguard.* settings instead; fix the config and save it to use its options.`;
        connection.console.warn(message);
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
      }
      return { enabled: true, options: fromSettings };
    }
  }

  async function runLint(document: TextDocument, token: CancellationToken | undefined): Promise<LintResult | undefined> {
    const { uri, version } = document;
    const startEpoch = epoch;
    const generation = settings.generation;
    const s = await settings.get(uri);
    const location = locate(document);
    // .rs files are analysed by @loopguard/rust, which has no ESLint config to read.
    const rust = location !== undefined && isRustFile(location.filePath);
    const rule = location && !rust ? await ruleOptionsFor(location.filePath, location.onDisk, s) : { enabled: rust, options: {} };
    // Let queued notifications (a newer edit, a cancellation) arrive before the synchronous lint.
    await new Promise((resolve) => setImmediate(resolve));
    if (token?.isCancellationRequested) return undefined;
    const current = documents.get(uri);
    if (!current || current.version !== version || epoch !== startEpoch || settings.generation !== generation) return undefined;
    let findings: Finding[] = [];
    if (s.enable && rust && location) {
      findings = await rustLspFindings(document.getText(), location.filePath);
    } else if (s.enable && rule.enabled && location) {
      sendStatus('linting');
      try {
        const output = engine.lint({ text: document.getText(), filePath: location.filePath, options: rule.options, allowTypes: location.onDisk });
        findings = toFindings(output.messages, document, location.filePath);
        const fatal = output.messages.find((m) => m.fatal);
        trace(s, `linted ${uri} v${version} in ${output.durationMs.toFixed(1)} ms (${output.typed ? 'with' : 'without'} types): ${findings.length} finding(s)${fatal ? `; ${fatal.message}` : ''}`);
        sendStatus('ready', {
          lastLint: { uri, time: new Date().toISOString(), durationMs: Math.round(output.durationMs), findings: findings.length },
        });
      } catch (error) {
        const message = `loopguard could not lint ${location.filePath}: ${error instanceof Error ? error.message : String(error)}. Check the loopguard options in your ESLint config.`;
        connection.console.error(message);
        sendStatus('error', { message });
      }
    }
    const result: LintResult = {
      uri,
      version,
      epoch: startEpoch,
      generation,
      resultId: `${version}:${startEpoch}:${generation}`,
      text: document.getText(),
      findings,
      diagnostics: findings.map((f) => toDiagnostic(f, document, s.severity)),
    };
    stateOf(uri).result = result;
    return result;
  }

  /** Lints a text that is not the document's (the "convert all" passes), without touching its state. */
  async function lintTextOnce(document: TextDocument, text: string): Promise<Finding[]> {
    const location = locate(document);
    if (!location) return [];
    if (isRustFile(location.filePath)) return rustLspFindings(text, location.filePath);
    const s = await settings.get(document.uri);
    const rule = await ruleOptionsFor(location.filePath, location.onDisk, s);
    const scratch = TextDocument.create(document.uri, document.languageId, document.version, text);
    // Without types: the project service must keep the document's real text.
    const output = engine.lint({ text, filePath: location.filePath, options: rule.options, allowTypes: false });
    return toFindings(output.messages, scratch, location.filePath);
  }

  async function publish(uri: string): Promise<void> {
    const result = await ensureLinted(uri);
    const document = documents.get(uri);
    if (!result || !document || result.version !== document.version) return; // stale: a newer lint will publish
    const state = stateOf(uri);
    const key = `${result.version}\0${JSON.stringify(result.diagnostics)}`;
    if (state.published === key) return;
    state.published = key;
    await connection.sendDiagnostics({ uri, version: result.version, diagnostics: [...result.diagnostics] });
  }

  function schedulePublish(uri: string, delay: number): void {
    const state = stateOf(uri);
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      background(publish(uri).then(() => scheduleDependents(uri)), `diagnosing ${uri}`);
    }, delay);
  }

  /**
   * Results cross files: a helper that starts or stops blocking changes the diagnostics of its callers.
   * Other open documents are diagnosed again once the edits settle (a refresh asks pull clients to do it).
   */
  function scheduleDependents(changedUri: string | undefined): void {
    const others = documents.keys().filter((u) => u !== changedUri);
    if (others.length === 0 && changedUri !== undefined) return;
    dependentsPending = true;
    if (dependentsTimer) clearTimeout(dependentsTimer);
    dependentsTimer = setTimeout(() => {
      dependentsTimer = undefined;
      if (!dependentsPending) return;
      dependentsPending = false;
      if (profile.pullDiagnostics) {
        if (profile.refreshSupport) background(connection.languages.diagnostics.refresh(), 'a diagnostic refresh');
      } else {
        for (const uri of documents.keys()) if (uri !== changedUri) background(pushIfEnabled(uri), `diagnosing ${uri}`);
      }
    }, DEPENDENTS_DEBOUNCE_MS);
  }

  async function pushIfEnabled(uri: string): Promise<void> {
    const s = await settings.get(uri);
    const state = stateOf(uri);
    const document = documents.get(uri);
    if (!document) return;
    if (s.run === 'onSave' && state.savedVersion !== document.version) return;
    await publish(uri);
  }

  documents.onDidOpen((e) => {
    const state = stateOf(e.document.uri);
    state.savedVersion = e.document.version;
    state.opening = true;
  });

  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    const state = stateOf(uri);
    const opening = state.opening === true;
    state.opening = false;
    if (opening) {
      if (!profile.pullDiagnostics) schedulePublish(uri, 0);
      return;
    }
    epoch += 1;
    if (profile.pullDiagnostics) {
      // The client pulls this document itself; tell it when the documents that may call into it changed.
      scheduleDependents(uri);
      return;
    }
    background(settings.get(uri).then((s) => {
      if (s.run === 'onSave') return;
      // Wait for a pause in typing.
      schedulePublish(uri, TYPING_DEBOUNCE_MS);
    }), `reading the settings of ${uri}`);
  });

  documents.onDidSave((e) => {
    const uri = e.document.uri;
    stateOf(uri).savedVersion = e.document.version;
    background(settings.get(uri).then((s) => {
      if (s.run !== 'onSave') return;
      if (profile.pullDiagnostics) {
        if (profile.refreshSupport) background(connection.languages.diagnostics.refresh(), 'a diagnostic refresh');
      } else schedulePublish(uri, 0);
    }), `reading the settings of ${uri}`);
  });

  documents.onDidClose((e) => {
    const uri = e.document.uri;
    const state = states.get(uri);
    if (state?.timer) clearTimeout(state.timer);
    states.delete(uri);
    settings.forget(uri);
    epoch += 1;
    // The project service still holds the closed buffer's text: give it the file as saved.
    if (uri.startsWith('file:')) engine.syncFromDisk(fileURLToPath(uri));
    if (!profile.pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
    scheduleDependents(undefined);
  });

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    const document = documents.get(uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const s = await settings.get(uri);
    const state = stateOf(uri);
    let result: LintResult | undefined;
    if (s.run === 'onSave' && state.result && state.savedVersion !== document.version) {
      result = state.result; // keep the last saved version's findings until the next save
    } else {
      result = await ensureLinted(uri, token);
    }
    if (!result) {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The diagnostic request was cancelled.');
      throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed while it was linted.', { retriggerRequest: true });
    }
    if (params.previousResultId === result.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: result.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: [...result.diagnostics] };
  });

  connection.onDidChangeConfiguration((params) => {
    settings.changed(params.settings);
    projectConfigs.reset();
    if (profile.pullDiagnostics) {
      if (profile.refreshSupport) background(connection.languages.diagnostics.refresh(), 'a diagnostic refresh');
    } else {
      for (const uri of documents.keys()) background(pushIfEnabled(uri), `diagnosing ${uri}`);
    }
  });

  connection.onDidChangeWatchedFiles((params) => {
    let relint = false;
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:')) continue;
      const filePath = fileURLToPath(change.uri);
      const base = path.basename(filePath);
      if (FLAT_CONFIG_NAMES.includes(base) || base === 'package.json') {
        projectConfigs.reset();
        configWarnings.clear();
        relint = true;
      } else if (/^tsconfig.*\.json$/.test(base)) {
        engine.forgetProjectMembership();
        relint = true;
      } else if (isLintablePath(filePath) && !documents.get(change.uri)) {
        // A helper changed on disk (a checkout, another editor, a refactor's new file).
        if (change.type !== FileChangeType.Deleted) engine.syncFromDisk(filePath);
        relint = true;
      }
    }
    if (!relint) return;
    epoch += 1;
    dependentsPending = true;
    scheduleDependents(undefined);
  });

  connection.onCodeAction((params, token) => codeActions.provide(params, token));
  connection.onCodeActionResolve((action) => codeActions.resolve(action));
  connection.onExecuteCommand(async (params) => {
    if (params.command !== Commands.showDocumentation) return null;
    const url = String(params.arguments?.[0] ?? '');
    if (profile.showDocument) {
      await connection.window.showDocument({ uri: url, external: true });
    } else {
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `loopguard documentation: ${url}` });
    }
    return null;
  });

  connection.onRequest(LintFileRequest, async (params) => {
    const open = documents.get(params.uri);
    if (open) {
      const result = await ensureLinted(params.uri);
      return { findings: result?.findings.length ?? 0 };
    }
    const filePath = fileURLToPath(params.uri);
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch (error) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, `loopguard could not read ${filePath}: ${String(error)}`);
    }
    const document = TextDocument.create(params.uri, languageOf(filePath), 0, text);
    const s = await settings.get(params.uri);
    const rule = await ruleOptionsFor(filePath, true, s);
    if (!s.enable || !rule.enabled) return { findings: 0 };
    const output = engine.lint({ text, filePath, options: rule.options, allowTypes: true });
    const findings = toFindings(output.messages, document, filePath);
    await connection.sendDiagnostics({ uri: params.uri, diagnostics: findings.map((f) => toDiagnostic(f, document, s.severity)) });
    return { findings: findings.length };
  });

  connection.onRequest(ServerStatsRequest, () => {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return { rss: memory.rss, heapUsed: memory.heapUsed, lints: engine.lints, typedLints: engine.typedLints, cpuMs: (cpu.user + cpu.system) / 1000 };
  });

  documents.listen(connection);
  connection.listen();
}

function languageOf(filePath: string): string {
  const ext = path.extname(filePath);
  if (ext === '.tsx') return 'typescriptreact';
  if (ext === '.jsx') return 'javascriptreact';
  return /\.[cm]?ts$/.test(ext) ? 'typescript' : 'javascript';
}
