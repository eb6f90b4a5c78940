import { readFile } from 'node:fs/promises';
import { analyzeRust, type RustFinding } from './findings';
import { applyEdits, type RustFix } from './fixes';

// Thin adapters for the CLI and the language server, in their own shapes (plain objects: no dependency on
// vscode-languageserver here), so that each front end needs one import and one branch for `.rs` files.

/** The rule id under which front ends list Rust findings (next to `loopguard/no-blocking-io`). */
export const RUST_RULE_ID = 'loopguard/rust-blocking-io';

export function isRustFile(fileName: string): boolean {
  return fileName.endsWith('.rs');
}

/** A finding in the CLI's `Finding` shape; `catalogId` carries the Rust id (`rust/std-net-tcplistener-accept`). */
export interface RustCliFinding {
  filePath: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
  catalogId: string;
  /** For `rust/blocking-helper`: from the call through the file's helpers to the std call. */
  chain?: { name: string; file: string; line: number; column: number }[];
}

/** Reads and analyses one .rs file for the CLI; an unreadable file is reported as one fatal finding. */
export async function lintRustFile(filePath: string, severity: 'error' | 'warning' = 'error'): Promise<(RustCliFinding | { filePath: string; line: number; column: number; ruleId: null; severity: 'error'; message: string; fatal: true })[]> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    return [{ filePath, line: 1, column: 1, ruleId: null, severity: 'error', message: `cannot read ${filePath}: ${(error as Error).message}`, fatal: true }];
  }
  return (await analyzeRust(text, filePath)).map((f) => ({
    filePath, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
    ruleId: RUST_RULE_ID, severity, message: f.message, catalogId: f.id,
    ...(f.chain ? { chain: f.chain.map((c) => ({ ...c, file: filePath })) } : {}),
  }));
}

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/**
 * A fix as one replacement `{ range: [start, end], text }` (offsets, like an ESLint suggestion's fix): from its first
 * edit to its last, with every edit applied in between. For front ends whose fixes are a single edit.
 */
export function rustFixAsSingleEdit(text: string, fix: RustFix): { range: [number, number]; text: string } {
  const starts = fix.edits.map((e) => e.range.start.offset);
  const ends = fix.edits.map((e) => e.range.end.offset);
  const start = Math.min(...starts);
  const end = Math.max(...ends);
  const shifted = fix.edits.map((e) => ({
    ...e,
    range: {
      start: { ...e.range.start, offset: e.range.start.offset - start },
      end: { ...e.range.end, offset: e.range.end.offset - start },
    },
  }));
  return { range: [start, end], text: applyEdits(text.slice(start, end), shifted) };
}

/** A finding in the language server's `Finding` shape (offsets and 0-based range on `text`; fixes as one edit each). */
export interface RustLspFinding {
  index: number;
  range: LspRange;
  start: number;
  end: number;
  message: string;
  entry: undefined;
  suggestions: { desc: string; messageId: undefined; fix: { range: [number, number]; text: string } }[];
  chain: { name: string; file: string; line: number; column: number }[];
  transitive: boolean;
}

/** Analyses a document's text for the language server (the parser must be loaded: see initRustParser). */
export async function rustLspFindings(text: string, filePath: string): Promise<RustLspFinding[]> {
  const findings = await analyzeRust(text, filePath);
  return findings.map((f, index) => {
    const start = offsetOf(text, f.line, f.column);
    const end = offsetOf(text, f.endLine, f.endColumn);
    return {
      index,
      range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
      start,
      end,
      message: f.message,
      entry: undefined,
      suggestions: f.fixes.map((fix) => ({ desc: fix.title, messageId: undefined, fix: rustFixAsSingleEdit(text, fix) })),
      chain: (f.chain ?? []).map((c) => ({ ...c, file: filePath })),
      transitive: false,
    };
  });
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}
