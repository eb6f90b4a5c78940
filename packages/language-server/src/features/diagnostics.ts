import { DocumentDiagnosticReportKind, LSPErrorCodes, ResponseError, type DocumentDiagnosticReport } from 'vscode-languageserver';
import type { ServerContext } from '../server-context';
import type { LintResult } from '../types';
import type { Feature } from './feature';

/** Pull diagnostics (`textDocument/diagnostic`), for clients that announce them. */
export function register(context: ServerContext): Feature {
  context.connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    const document = context.documents.get(uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const s = await context.settings.get(uri);
    const state = context.stateOf(uri);
    let result: LintResult | undefined;
    if (s.run === 'onSave' && state.result && state.savedVersion !== document.version) {
      result = state.result; // keep the last saved version's findings until the next save
    } else {
      result = await context.ensureLinted(uri, token);
    }
    if (!result) {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The diagnostic request was cancelled.');
      throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed while it was linted.', { retriggerRequest: true });
    }
    if (params.previousResultId === result.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: result.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: [...result.diagnostics] };
  });
  return {
    capabilities: (profile) =>
      profile.pullDiagnostics ? { diagnosticProvider: { identifier: 'loopguard', interFileDependencies: true, workspaceDiagnostics: false } } : {},
  };
}
