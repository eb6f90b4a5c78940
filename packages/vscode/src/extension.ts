import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { LANGUAGES } from './languages';
import { LintFileRequest, StatusNotification, type LintFileParams, type LintFileResult, type StatusParams } from '@loopguard/language-server/protocol';
import { StatusItem } from './status';

/**
 * What "lint whole workspace" looks at: every JavaScript and TypeScript source of the project. Not .rs files: the
 * server's loopguard/lintFile request lints files that are not open with ESLint only.
 */
export const WORKSPACE_GLOB = '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}';
/** Dependencies, VCS data and build output are not the project's sources. */
export const WORKSPACE_EXCLUDE = '**/{node_modules,.git,dist,out,build,coverage}/**';

/** The port `.vscode/launch.json` attaches to when the extension runs in debug mode. */
const SERVER_DEBUG_PORT = 6011;

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  controller = new Controller(context);
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand('loopguard.restartServer', () => controller?.restart()),
    vscode.commands.registerCommand('loopguard.showOutput', () => controller?.output.show(true)),
    vscode.commands.registerCommand('loopguard.lintWorkspace', () => controller?.lintWorkspace()),
    // Trust can only be granted while running (never revoked without a reload): the server was started
    // without the project's ESLint config, so start it again with it.
    vscode.workspace.onDidGrantWorkspaceTrust(() => controller?.restart()),
  );
  await controller.start();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}

class Controller implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('loopguard', { log: true });
  private readonly status: StatusItem;
  private client: LanguageClient | undefined;
  private clientDisposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.status = new StatusItem(LANGUAGES);
  }

  async start(): Promise<void> {
    const trusted = vscode.workspace.isTrusted;
    this.status.setTrusted(trusted);
    this.status.setState({ state: 'starting' });
    const client = this.createClient(trusted);
    this.client = client;
    this.clientDisposables.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Stopped) this.status.setStopped();
        if (e.newState === State.Starting) this.status.setState({ state: 'starting' });
      }),
      // By method name: the server's protocol module is typed against the protocol package that
      // vscode-languageserver pins (3.18.4), vscode-languageclient against its own (3.18.5), and their message
      // classes are not assignable to each other; the parameter and result types still come from that module.
      client.onNotification(StatusNotification.method, (params: StatusParams) => this.status.setState(params)),
    );
    try {
      await client.start();
      this.status.setState({ state: 'ready' });
      this.output.appendLine(`loopguard language server started (workspace ${trusted ? 'trusted' : 'untrusted: project code is not loaded'})`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.appendLine(`loopguard language server failed to start: ${message}`);
      this.status.setState({
        state: 'error',
        message: `The language server failed to start: ${message}. See the loopguard output, then run "loopguard: Restart Language Server".`,
      });
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    if (client) {
      try {
        // A server that never started cannot be stopped; the error says nothing new.
        if (client.isRunning()) await client.stop();
        await client.dispose();
      } catch (error) {
        this.output.appendLine(`stopping the language server: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async restart(): Promise<void> {
    this.output.appendLine('restarting the loopguard language server');
    await this.stop();
    await this.start();
  }

  async lintWorkspace(): Promise<void> {
    const client = this.client;
    if (!client?.isRunning()) {
      void vscode.window.showErrorMessage('loopguard: the language server is not running. Run "loopguard: Restart Language Server", then try again.');
      return;
    }
    const files = await vscode.workspace.findFiles(WORKSPACE_GLOB, WORKSPACE_EXCLUDE);
    files.sort((a, b) => a.toString().localeCompare(b.toString()));
    let findings = 0;
    let linted = 0;
    const failed: string[] = [];
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'loopguard: linting the workspace', cancellable: true },
      async (progress, token) => {
        for (const file of files) {
          if (token.isCancellationRequested) break;
          progress.report({ message: vscode.workspace.asRelativePath(file), increment: 100 / Math.max(files.length, 1) });
          try {
            const params: LintFileParams = { uri: client.code2ProtocolConverter.asUri(file) };
            const result = await client.sendRequest<LintFileResult>(LintFileRequest.method, params, token);
            findings += result.findings;
            linted++;
          } catch (error) {
            failed.push(vscode.workspace.asRelativePath(file));
            this.output.appendLine(`lint ${file.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      },
    );
    const summary = `loopguard linted ${linted} of ${files.length} files: ${findings} finding${findings === 1 ? '' : 's'}.`;
    this.output.appendLine(summary + (failed.length ? ` Failed: ${failed.join(', ')}` : ''));
    if (failed.length) {
      void vscode.window.showWarningMessage(`${summary} ${failed.length} could not be linted; see the loopguard output.`);
    } else {
      void vscode.window.showInformationMessage(summary);
    }
  }

  dispose(): void {
    void this.stop();
    this.status.dispose();
    this.output.dispose();
  }

  private createClient(trusted: boolean): LanguageClient {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${SERVER_DEBUG_PORT}`] } },
    };
    const clientOptions: LanguageClientOptions = {
      // Untitled Rust buffers are left out: the server analyses .rs files on disk only (it goes by the file name).
      documentSelector: LANGUAGES.flatMap((language): { scheme: string; language: string }[] =>
        language === 'rust' ? [{ scheme: 'file', language }] : [{ scheme: 'file', language }, { scheme: 'untitled', language }],
      ),
      diagnosticCollectionName: 'loopguard',
      outputChannel: this.output,
      initializationOptions: { workspaceTrusted: trusted },
      // The server pulls `loopguard.*` through workspace/configuration; this tells it when to pull again.
      synchronize: { configurationSection: 'loopguard' },
    };
    return new LanguageClient('loopguard', 'loopguard', serverOptions, clientOptions);
  }
}
