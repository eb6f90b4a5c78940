import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRustFile } from '@loopguard/rust';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const EXTENSION_FOR_LANGUAGE: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

export const LINTABLE_LANGUAGES = new Set(Object.keys(EXTENSION_FOR_LANGUAGE));
const LINTABLE_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Where a document lives: a file on disk, or an untitled buffer that has no project. */
export interface DocumentLocation {
  readonly filePath: string;
  readonly onDisk: boolean;
}

export function locate(document: TextDocument): DocumentLocation | undefined {
  if (document.uri.startsWith('file:')) {
    const filePath = fileURLToPath(document.uri);
    if (!LINTABLE_EXTENSIONS.test(filePath) && !LINTABLE_LANGUAGES.has(document.languageId) && !isRustFile(filePath)) return undefined;
    return { filePath, onDisk: true };
  }
  const ext = EXTENSION_FOR_LANGUAGE[document.languageId];
  if (!ext) return undefined;
  // Untitled buffers still get linted, without types: the parser needs a name with the right extension.
  const name = document.uri.replace(/^[a-z-]+:/i, '').replace(/[^\w.-]+/g, '_') || 'untitled';
  return { filePath: path.join(path.parse(process.cwd()).root, '__loopguard_untitled__', `${name}${ext}`), onDisk: false };
}

export function isLintablePath(filePath: string): boolean {
  return LINTABLE_EXTENSIONS.test(filePath);
}

/** The workspace folder that holds a file: refactors only write inside it. */
export function folderOf(filePath: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const folder of folders) {
    if ((filePath === folder || filePath.startsWith(folder + path.sep)) && (!best || folder.length > best.length)) best = folder;
  }
  return best;
}
