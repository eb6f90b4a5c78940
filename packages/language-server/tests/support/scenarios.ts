import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import type { TestClient } from './lsp-client';

export const RULE = 'loopguard/no-blocking-io';
export const DOCS = 'https://github.com/loopguard/loopguard/blob/main/packages/eslint-plugin/docs/rules/no-blocking-io.md';

/** The diagnostic whose range text starts with `callee`. */
export function diagnosticAt(client: TestClient, uri: string, diagnostics: Diagnostic[], callee: string): Diagnostic {
  const text = client.text(uri);
  const lines = text.split('\n');
  const found = diagnostics.find((d) => (lines[d.range.start.line] ?? '').slice(d.range.start.character).startsWith(callee));
  assert.ok(found, `no diagnostic at \`${callee}\`; got ${JSON.stringify(diagnostics.map((d) => d.message))}`);
  return found;
}

export async function actionsFor(client: TestClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.codeActions(uri, diagnostic.range, [diagnostic]);
}

export function named(actions: CodeAction[], title: RegExp): CodeAction {
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no code action matching ${title}; got ${JSON.stringify(actions.map((a) => a.title))}`);
  return action;
}

/** Runs the TypeScript compiler on a fixture copy, the way a user's CI would. */
export function typeCheck(root: string): { status: number | null; output: string } {
  const tsc = require.resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', root], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

export function read(root: string, relative: string): string {
  return fs.readFileSync(path.join(root, relative), 'utf8');
}

export function exists(root: string, relative: string): boolean {
  return fs.existsSync(path.join(root, relative));
}

/** A diagnostic's message as text (LSP 3.18 allows markup). */
export function msg(d: Diagnostic | undefined): string {
  if (!d) return '';
  return typeof d.message === 'string' ? d.message : d.message.value;
}
