import { fileURLToPath } from 'node:url';
import { TextDocumentSyncKind } from 'vscode-languageserver';
import type { ServerContext } from '../server-context';
import type { Feature } from './feature';

/**
 * Quiet time after a keystroke before a document is linted, when keystrokes come in a burst (push clients; pull
 * clients pace themselves). A keystroke after a pause is linted at once: waiting would only add latency, and
 * edits that arrive during that lint are coalesced anyway (a stale result is dropped and the latest version
 * linted, see `ServerContext.ensureLinted`).
 */
const TYPING_DEBOUNCE_MS = 60;

/** Open, edit, save and close: when each document (and the documents that may call into it) is diagnosed. */
export function register(context: ServerContext): Feature {
  const { documents } = context;

  documents.onDidOpen((e) => {
    const state = context.stateOf(e.document.uri);
    state.savedVersion = e.document.version;
    state.opening = true;
  });

  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    const state = context.stateOf(uri);
    const opening = state.opening === true;
    state.opening = false;
    if (opening) {
      if (!context.profile.pullDiagnostics) context.schedulePublish(uri, 0);
      return;
    }
    context.epoch += 1;
    context.unsynced.add(uri);
    const now = performance.now();
    const burst = state.lastEditAt !== undefined && now - state.lastEditAt < TYPING_DEBOUNCE_MS;
    state.lastEditAt = now;
    if (context.profile.pullDiagnostics) {
      // The client pulls this document itself; tell it when the documents that may call into it changed.
      context.scheduleDependents(uri);
      return;
    }
    context.background(context.settings.get(uri).then((s) => {
      if (s.run === 'onSave') return;
      // In a burst, wait for a pause in typing.
      context.schedulePublish(uri, burst ? TYPING_DEBOUNCE_MS : 0);
    }), `reading the settings of ${uri}`);
  });

  documents.onDidSave((e) => {
    const uri = e.document.uri;
    context.stateOf(uri).savedVersion = e.document.version;
    context.background(context.settings.get(uri).then((s) => {
      if (s.run !== 'onSave') return;
      context.refreshOrPush(() => context.schedulePublish(uri, 0));
    }), `reading the settings of ${uri}`);
  });

  documents.onDidClose((e) => {
    const uri = e.document.uri;
    context.forget(uri);
    context.epoch += 1;
    // The project service still holds the closed buffer's text: give it the file as saved.
    if (uri.startsWith('file:')) context.engine.syncFromDisk(fileURLToPath(uri));
    if (!context.profile.pullDiagnostics) void context.connection.sendDiagnostics({ uri, diagnostics: [] });
    context.scheduleDependents(undefined);
  });

  return {
    capabilities: () => ({
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    }),
  };
}
