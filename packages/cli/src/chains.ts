/**
 * The one place that knows how a finding's call chain reaches the CLI.
 *
 * ESLint's `LintMessage` keeps the rendered text but not the report's `data`, and under `--concurrency`
 * the rule runs in worker threads whose memory the CLI never sees. So the chain travels in the message
 * text ("`f()` blocks the event loop in ...: it calls `fs.readFileSync` (lib.ts:35:10) via `g()` (lib.ts:27:10)
 * → `h()` (lib.ts:31:21). ..."), with paths relative to the reporting file's folder, and is read back:
 *
 * 1. by the plugin's own reader, `parseChain(message, filePath)` from `eslint-plugin-loopguard/dist/analysis`,
 *    when the installed plugin exports it, so that the format has one owner;
 * 2. else by `parseChainText` below, which reads the same format.
 *
 * Everything else in the CLI (formatters, cache dependencies, SARIF code flows) reads `ChainStep[]` only.
 * Steps run from the first helper called to the blocking API, last.
 */
import * as path from 'node:path';

export interface ChainStep {
  /** What is called at this step: a function name or the blocking API. */
  readonly name?: string;
  /** Absolute path of the file the step is in, when the chain names one. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** The part of an ESLint message the chain can come from. */
export interface MessageLike {
  readonly message: string;
}

type Provider = (message: string, filePath: string) => ReadonlyArray<ChainStep> | undefined;

let provider: Provider | null | undefined;

/** The plugin's chain reader, when this version of the plugin has one. */
function pluginProvider(): Provider | null {
  if (provider !== undefined) return provider;
  provider = null;
  try {
    const analysis = require('eslint-plugin-loopguard/dist/analysis') as { parseChain?: unknown };
    if (typeof analysis.parseChain === 'function') provider = analysis.parseChain as Provider;
  } catch {
    // A plugin without the analysis entry point: read the text here.
  }
  return provider;
}

/** Returns the chain of a message, or undefined for a direct call. */
export function chainOf(message: MessageLike, filePath: string): ChainStep[] | undefined {
  const plugin = pluginProvider();
  const steps = plugin ? plugin(message.message, filePath) : parseChainText(message.message, filePath);
  return steps && steps.length > 0 ? steps.map((s) => ({ ...s })) : undefined;
}

const STEP = /`([^`]+)` \(([^()]+):(\d+):(\d+)\)/gu;

/** Reads "it calls `api` (file:l:c) via `a` (file:l:c) → `b` (file:l:c)" into [a, b, api]. */
export function parseChainText(text: string, filePath: string): ChainStep[] | undefined {
  const calls = /: it calls (`[^`]+` \([^()]+:\d+:\d+\))/u.exec(text);
  if (!calls) return undefined;
  const step = (m: RegExpMatchArray): ChainStep => ({
    name: m[1] as string,
    file: path.resolve(path.dirname(filePath), m[2] as string),
    line: Number(m[3]),
    column: Number(m[4]),
  });
  const api = [...(calls[1] as string).matchAll(STEP)].map(step);
  const afterApi = text.slice(calls.index + calls[0].length);
  const via = /^ via ((?:`[^`]+` \([^()]+:\d+:\d+\)(?: → )?)+)/u.exec(afterApi);
  const helpers = via ? [...(via[1] as string).matchAll(STEP)].map(step) : [];
  return [...helpers, ...api];
}

/** Files a finding depends on through its chain (absolute paths), for the cache. */
export function chainFiles(chain: readonly ChainStep[] | undefined): string[] {
  if (!chain) return [];
  return [...new Set(chain.map((s) => s.file).filter((f): f is string => f !== undefined))];
}
