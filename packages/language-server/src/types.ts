import type { ClientCapabilities, Diagnostic } from 'vscode-languageserver';
import type { Finding } from './findings';

/** The lint of one version of a document, under one state of the project and of the settings. */
export interface LintResult {
  readonly uri: string;
  readonly version: number;
  readonly epoch: number;
  readonly generation: number;
  readonly resultId: string;
  /** `quick`: the quick pass merged with the last full pass (see quick-pass.ts); `full`: the CLI's lint. */
  readonly phase: 'quick' | 'full';
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
}

/** What the server keeps per open document. */
export interface DocumentState {
  result?: LintResult;
  inFlight?: Promise<LintResult | undefined>;
  timer?: NodeJS.Timeout;
  /** The full pass that follows a quick result, once typing pauses. */
  fullTimer?: NodeJS.Timeout;
  /** The last full pass's text and findings (any version), which quick results carry forward. */
  lastFull?: { readonly text: string; readonly findings: readonly Finding[]; readonly generation: number };
  /** The version last saved (or opened): onSave mode diagnoses only these. */
  savedVersion?: number;
  /** What was last pushed, to avoid pushing the same diagnostics again. */
  published?: string;
  /** Set by didOpen: the content event that follows is the opening, not an edit. */
  opening?: boolean;
  /** When the last edit arrived (performance.now()): edits closer together than the debounce are a burst. */
  lastEditAt?: number;
}

/** The client capabilities the server acts on, read once at `initialize`. */
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

export function profileOf(c: ClientCapabilities): ClientProfile {
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
