import { CodeActionKind, MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { CodeActions, SOURCE_CONVERT_ALL } from '../code-actions';
import { Commands } from '../protocol';
import type { ServerContext } from '../server-context';
import type { Feature } from './feature';

/** Quick fixes and "convert all" (`../code-actions.ts` builds them), and the documentation command. */
export function register(context: ServerContext): Feature {
  const actions = new CodeActions({
    connection: context.connection,
    documents: context.documents,
    profile: () => context.profile,
    folders: () => context.folders,
    resultFor: (uri) => context.ensureLinted(uri),
    lintText: (document, text) => context.lintTextOnce(document, text),
  });
  // "Move to a worker thread" starts its own thread and project in the background once a file is open.
  context.documents.onDidOpen((e) => actions.warm(e.document));
  context.connection.onCodeAction((params, token) => actions.provide(params, token));
  context.connection.onCodeActionResolve((action) => actions.resolve(action));
  context.connection.onExecuteCommand(async (params) => {
    if (params.command !== Commands.showDocumentation) return null;
    const url = String(params.arguments?.[0] ?? '');
    if (context.profile.showDocument) {
      await context.connection.window.showDocument({ uri: url, external: true });
    } else {
      void context.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `loopguard documentation: ${url}` });
    }
    return null;
  });
  return {
    capabilities: () => ({
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, SOURCE_CONVERT_ALL], resolveProvider: true },
      executeCommandProvider: { commands: [Commands.showDocumentation] },
    }),
  };
}
