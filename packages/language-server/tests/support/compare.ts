/**
 * Findings of the front ends in one shape, so that they can be compared field by field: the CLI's JSON and the
 * language server's diagnostics (tests/front-ends.test.ts, tests/agreement.test.ts).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';

export const REPO = path.resolve(__dirname, '../../../..');
export const CLI = path.join(REPO, 'packages/cli/bin/loopguard.js');

/** The fields every front end must agree on; positions 1-based, files relative to the project. */
export interface Compared {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  readonly message: string;
  readonly catalogId: string | undefined;
  readonly chain: string[];
}

export const rel = (root: string, file: string): string => path.relative(root, file).split(path.sep).join('/');
const sortKey = (f: Compared): string => `${f.file}\0${String(f.line).padStart(6, '0')}\0${String(f.column).padStart(6, '0')}\0${f.message}`;
export const sorted = (list: readonly Compared[]): Compared[] => [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
/** An LSP diagnostic does not carry the catalog id: compare without it. */
export const withoutCatalogId = (list: readonly Compared[]): Compared[] => sorted(list).map((f) => ({ ...f, catalogId: undefined }));

interface CliJson {
  files: Array<{ file: string }>;
  findings: Array<{ file: string; line: number; column: number; endLine?: number; endColumn?: number; message: string; ruleId: string | null; catalogId?: string; chain?: Array<{ file: string; line: number; column: number }> }>;
}

/** A fresh `loopguard --format json .` in `root`: its own process, nothing shared with the test or the server. */
export function viaCli(root: string): { files: string[]; findings: Compared[] } {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CLI, '--format', 'json', '--no-progress', '.'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // Exit code 1: findings were reported; the JSON is on stdout all the same.
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  const doc = JSON.parse(out) as CliJson;
  return {
    files: doc.files.map((f) => f.file).filter((f) => !f.endsWith('.rs')),
    findings: doc.findings
      .filter((f) => f.ruleId === 'loopguard/no-blocking-io')
      .map((f) => ({
        file: f.file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        message: f.message,
        catalogId: f.catalogId,
        chain: (f.chain ?? []).map((s) => `${s.file}:${s.line}:${s.column}`),
      })),
  };
}

/** A file's diagnostics from the language server, as the CLI reports findings. */
export function fromDiagnostics(root: string, file: string, diagnostics: readonly Diagnostic[]): Compared[] {
  return diagnostics.map((d) => {
    // relatedInformation: the reported call first, then one entry per chain step (none for a direct call).
    const steps = (d.relatedInformation ?? []).length > 1 ? (d.relatedInformation ?? []).slice(1) : [];
    return {
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      message: typeof d.message === 'string' ? d.message : (d.message as { value: string }).value,
      catalogId: undefined,
      chain: steps.map((s) => `${rel(root, fileURLToPath(s.location.uri))}:${s.location.range.start.line + 1}:${s.location.range.start.character + 1}`),
    };
  });
}
