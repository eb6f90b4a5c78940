/**
 * The custom LSP messages of loopguard's language server, in one place. Each is typed and has a `loopguard/`
 * method name. Both sides import this module: the server, and the VS Code client through the package's
 * `./protocol` export.
 */
// From the protocol package, not vscode-languageserver: the VS Code client imports this module too
// (`@loopguard/language-server/protocol`), and must not bundle the server's library to get these types.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

export type ServerState = 'starting' | 'ready' | 'linting' | 'error';

export interface LastLint {
  /** The document that was linted. */
  readonly uri: string;
  /** When the lint finished, ISO 8601. */
  readonly time: string;
  readonly durationMs: number;
  readonly findings: number;
  /** The document's version that was linted. */
  readonly version?: number;
  /** `quick`: the first pass after an edit; `full`: the pass that decides (see quick-pass.ts). */
  readonly phase?: 'quick' | 'full';
}

export interface StatusParams {
  readonly state: ServerState;
  /** What the server trusts: false means the project's ESLint config and code are never loaded. */
  readonly workspaceTrusted?: boolean;
  readonly lastLint?: LastLint;
  /** For `error`: what went wrong and what to do. */
  readonly message?: string;
}

/**
 * Sent by the server whenever its state changes and after each lint, so that a client can show whether
 * loopguard is working and when it last looked at a file.
 */
export const StatusNotification = new NotificationType<StatusParams>('loopguard/status');

export interface LintFileParams {
  /** A file of the workspace, open or not. */
  readonly uri: string;
}

export interface LintFileResult {
  readonly findings: number;
}

/**
 * Sent by the client for every file of the workspace when the user asks for a whole-workspace lint: the
 * server reads the file from disk (unless it is open), lints it, and publishes its diagnostics like those of
 * an open document, so that findings in files that were never opened are listed too.
 */
export const LintFileRequest = new RequestType<LintFileParams, LintFileResult, void>('loopguard/lintFile');

export interface ServerStats {
  /** Resident set size of the server process, bytes. */
  readonly rss: number;
  readonly heapUsed: number;
  /** Lints run since start, and how many of them had type information. */
  readonly lints: number;
  readonly typedLints: number;
  /** Quick-pass lints (see quick-pass.ts); `lints` counts the full passes. */
  readonly quickLints: number;
  /** CPU time the server process used since it started, milliseconds (user + system). */
  readonly cpuMs: number;
}

/**
 * Sent by the benchmark (and any client that wants to show it) to read the server's memory and work done:
 * the latency benchmark reports the server's RSS on a 300-file project through it.
 */
export const ServerStatsRequest = new RequestType0<ServerStats, void>('loopguard/serverStats');

/** Commands the server executes (`workspace/executeCommand`), offered through code actions. */
export const Commands = {
  /** Opens the rule's or the API's documentation; argument: the URL. */
  showDocumentation: 'loopguard.showDocumentation',
} as const;
