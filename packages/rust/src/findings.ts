import { analyzeFile, endOf, startOf, type Analysis, type RawFinding } from './analyze';
import { applyEdits, buildFixes, positionAt, type RustFix } from './fixes';
import { initRustParser, parseRust } from './parser';

export interface RustFinding {
  /** Stable id, e.g. `rust/std-net-tcplistener-accept`. */
  id: string;
  /** The blocking API, fully qualified: `std::net::TcpListener::accept`. */
  api: string;
  fileName?: string;
  /** 1-based; columns in UTF-16 code units (as ESLint reports them). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** Where the call runs: "async fn `main`", "an async block", "an async closure". */
  context: string;
  /**
   * For `rust/blocking-helper`: how the call reaches the blocking API, from the reported call through the file's
   * sync helpers to the std call (1-based positions in this file). The same idea as the chain of the ESLint rule's findings.
   */
  chain?: { name: string; line: number; column: number }[];
  fixes: RustFix[];
}

const INSTEAD_BY_TYPE: Record<string, string> = {
  'std::net::TcpListener': '`tokio::net::TcpListener` and `.accept().await`',
  'std::net::TcpStream': '`tokio::net::TcpStream` with `AsyncReadExt`/`AsyncWriteExt` and `.await`',
  'std::fs::File': '`tokio::fs::File` with `AsyncReadExt`/`AsyncWriteExt`',
  'std::fs::OpenOptions': '`tokio::fs::OpenOptions`',
  'std::io::Stdin': '`tokio::io::stdin()` with `AsyncBufReadExt`',
  'std::io::BufReader': '`tokio::io::BufReader` with `AsyncBufReadExt`',
  'std::process::Command': '`tokio::process::Command` and `.output().await`',
  'std::process::Child': '`tokio::process::Child` and `.wait().await`',
  'std::sync::mpsc::Receiver': '`tokio::sync::mpsc` and `.recv().await`',
  'reqwest::blocking::RequestBuilder': 'the async `reqwest::Client` and `.send().await`',
};

function chainOf(f: RawFinding, text: string): { name: string; line: number; column: number }[] {
  const steps: { name: string; line: number; column: number }[] = [];
  for (let step: RawFinding | undefined = f; step; step = step.via) {
    const at = positionAt(text, startOf(step.target));
    steps.push({ name: step.api, line: at.line, column: at.column });
  }
  return steps;
}

function message(f: RawFinding, text: string): string {
  if (f.via) {
    const chain = chainOf(f, text);
    const last = chain.at(-1)!;
    return (
      `\`${f.api}()\` blocks: it calls \`${last.name}\` (line ${last.line}${chain.length > 2 ? `, through ${chain.slice(1, -1).map((c) => `\`${c.name}()\``).join(', ')}` : ''}), ` +
      `inside ${f.ctx.label}: every task on this runtime thread stalls meanwhile. Make the helper async, or call it in \`tokio::task::spawn_blocking\`.`
    );
  }
  const type = f.api.split('::').slice(0, -1).join('::');
  const instead = f.instead ? `\`${f.instead}\`` : (INSTEAD_BY_TYPE[type] ?? 'an async equivalent');
  return (
    `\`${f.api}\` ${f.why}, inside ${f.ctx.label}: every task on this runtime thread stalls meanwhile. ` +
    `Use ${instead}, or move the call into \`tokio::task::spawn_blocking\`.`
  );
}

/**
 * Blocking std calls inside async Rust code (async fns, async blocks, async closures), with quick fixes.
 * Loads the parser on first use.
 */
export async function analyzeRust(text: string, fileName?: string): Promise<RustFinding[]> {
  await initRustParser();
  return analyzeRustSync(text, fileName);
}

/** Same as analyzeRust, for callers that awaited initRustParser() already (a language server's sync path). */
export function analyzeRustSync(text: string, fileName?: string): RustFinding[] {
  // Every finding is inside async code: a file without the keyword has none (most of a crate's files).
  if (!/\basync\b/.test(text)) return [];
  const tree = parseRust(text);
  let analysis: Analysis | undefined;
  try {
    analysis = analyzeFile(tree.rootNode);
    const done = analysis;
    return analysis.findings
      .map((f) => {
        const start = positionAt(text, startOf(f.target));
        const end = positionAt(text, endOf(f.call));
        const finding: RustFinding = {
          id: f.id,
          api: f.api,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          message: message(f, text),
          context: f.ctx.label,
          fixes: buildFixes(f, done, text),
        };
        if (f.via) finding.chain = chainOf(f, text);
        if (fileName !== undefined) finding.fileName = fileName;
        return finding;
      })
      .sort((a, b) => a.line - b.line || a.column - b.column);
  } finally {
    for (const sub of analysis?.subtrees ?? []) sub.delete();
    tree.delete();
  }
}

/** Whether tree-sitter parses the text without ERROR or MISSING nodes (used to check fixes). */
export function rustParsesCleanly(text: string): boolean {
  const tree = parseRust(text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/**
 * Applies the preferred fix of the first finding that has one, re-analyses, and repeats: what a user gets by
 * accepting every preferred quick fix in turn. Stops after `limit` rounds.
 */
export function applyPreferredFixes(text: string, limit = 20): { text: string; applied: string[] } {
  let current = text;
  const applied: string[] = [];
  for (let round = 0; round < limit; round++) {
    const fix = analyzeRustSync(current).flatMap((f) => f.fixes).find((x) => x.preferred);
    if (!fix) break;
    current = applyEdits(current, fix.edits);
    applied.push(fix.title);
  }
  return { text: current, applied };
}
