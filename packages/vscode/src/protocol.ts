/**
 * The custom LSP messages between this client and loopguard's language server. Each is typed and has a
 * `loopguard/` method name; the server is the other side of the same contract.
 */
// From the protocol package rather than vscode-languageclient, which needs `vscode` and so cannot load in tests;
// package.json pins the version that vscode-languageclient itself depends on, so both share one copy.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

export type ServerState = 'starting' | 'ready' | 'linting' | 'error';

export interface LastLint {
  /** The document that was linted. */
  readonly uri: string;
  /** When the lint finished, ISO 8601. */
  readonly time: string;
  readonly durationMs: number;
  readonly findings: number;
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
 * Sent by the server whenever its state changes and after each lint, so that the language status item can
 * show whether loopguard is working and when it last looked at a file.
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
 * an open document, so that the Problems panel lists findings in files that were never opened.
 */
export const LintFileRequest = new RequestType<LintFileParams, LintFileResult, void>('loopguard/lintFile');
