import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import { isLintablePath } from '../documents';
import { FLAT_CONFIG_NAMES } from '../lint-engine';
import type { ServerContext } from '../server-context';
import type { Feature } from './feature';

/** Files changed outside the editor: configs, tsconfigs and helpers that open documents may call. */
export function register(context: ServerContext): Feature {
  context.connection.onDidChangeWatchedFiles((params) => {
    let relint = false;
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:')) continue;
      const filePath = fileURLToPath(change.uri);
      const base = path.basename(filePath);
      if (FLAT_CONFIG_NAMES.includes(base) || base === 'package.json') {
        context.projectConfigs.reset();
        context.configWarnings.clear();
        relint = true;
      } else if (/^tsconfig.*\.json$/.test(base)) {
        context.engine.forgetProjectMembership();
        relint = true;
      } else if (isLintablePath(filePath)) {
        // A file came or went: the inferred projects list the loose files.
        if (change.type !== FileChangeType.Changed) context.engine.forgetInferredProjects();
        if (context.documents.get(change.uri)) continue;
        // A helper changed on disk (a checkout, another editor, a refactor's new file).
        if (change.type !== FileChangeType.Deleted) context.engine.syncFromDisk(filePath);
        relint = true;
      }
    }
    if (!relint) return;
    context.epoch += 1;
    context.dependentsPending = true;
    context.scheduleDependents(undefined);
  });
  return {
    initialized() {
      if (!context.profile.watchedFilesRegistration) return;
      context.background(context.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}' },
          { globPattern: '**/tsconfig*.json' },
          { globPattern: '**/{eslint.config.*,package.json}' },
        ],
      }), 'registering file watchers');
    },
  };
}
