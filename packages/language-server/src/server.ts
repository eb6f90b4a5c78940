import { fileURLToPath } from 'node:url';
import type { Connection, InitializeResult, ServerCapabilities } from 'vscode-languageserver';
import * as codeActions from './features/code-actions';
import * as configuration from './features/configuration';
import * as diagnostics from './features/diagnostics';
import type { Feature } from './features/feature';
import * as fileWatcher from './features/file-watcher';
import * as requests from './features/requests';
import * as textDocuments from './features/text-documents';
import { ServerContext } from './server-context';
import { profileOf } from './types';

/** Wires loopguard's language features to a connection; `main.ts` makes the connection. */
export function startServer(connection: Connection): void {
  const context = new ServerContext(connection);
  // Order matters only for `initialized`: configuration is registered before the file watchers.
  const features: Feature[] = [configuration, fileWatcher, textDocuments, diagnostics, codeActions, requests].map((f) => f.register(context));

  connection.onInitialize((params): InitializeResult => {
    const profile = profileOf(params.capabilities);
    const options = (params.initializationOptions ?? {}) as { workspaceTrusted?: unknown };
    let folders = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
    if (folders.length === 0 && params.rootUri) folders = [fileURLToPath(params.rootUri)];
    // Untrusted unless the client says otherwise: loading a project's ESLint config runs its code.
    context.initialize(profile, folders, options.workspaceTrusted === true);
    const capabilities: ServerCapabilities = {};
    for (const feature of features) Object.assign(capabilities, feature.capabilities?.(profile));
    return {
      capabilities,
      serverInfo: { name: 'loopguard-language-server', version: require('../package.json').version as string },
    };
  });

  connection.onInitialized(() => {
    for (const feature of features) feature.initialized?.();
    context.sendStatus('ready');
  });

  connection.onShutdown(() => {
    context.measured.dispose();
    context.engine?.dispose();
  });

  context.documents.listen(connection);
  connection.listen();
}
