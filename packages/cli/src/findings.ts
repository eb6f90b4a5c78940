import type { BlockingKind } from '@loopguard/catalog';
import type { Linter } from 'eslint';
import { findingOf, type ChainStep } from 'eslint-plugin-loopguard/findings';
import * as path from 'node:path';

export type { ChainStep } from 'eslint-plugin-loopguard/findings';

/** One problem in one file, in the shape every formatter and the cache use (plain JSON). */
export interface Finding {
  /** Absolute path. */
  readonly filePath: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** `loopguard/no-blocking-io`, or null for a file that could not be parsed. */
  readonly ruleId: string | null;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The file could not be linted at all (a syntax error). */
  readonly fatal?: boolean;
  /** The catalog entry of the blocking API (none for an API of the `additionalApis` option). */
  readonly catalogId?: string;
  readonly kind?: BlockingKind;
  /** How the blocking call is reached from the reported line, for reports through helpers. */
  readonly chain?: ChainStep[];
}

export interface FileResult {
  readonly filePath: string;
  readonly findings: Finding[];
  /** True when the results came from `--cache` without linting the file. */
  readonly cached: boolean;
  /** Whether the file was linted with type information. */
  readonly typed: boolean;
}

/** A finding of the rule, with its data from the plugin's `findings` processor (see `eslint-plugin-loopguard/findings`). */
export function toFinding(filePath: string, message: Linter.LintMessage, severityOverride?: 'error' | 'warning'): Finding {
  const data = findingOf(message);
  const chain = data && data.chain.length > 0 ? data.chain.map((s) => ({ ...s })) : undefined;
  const severity = message.fatal ? 'error' : severityOverride ?? (message.severity === 2 ? 'error' : 'warning');
  return {
    filePath,
    line: message.line,
    column: message.column,
    ...(message.endLine !== undefined ? { endLine: message.endLine } : {}),
    ...(message.endColumn !== undefined ? { endColumn: message.endColumn } : {}),
    ruleId: message.ruleId,
    severity,
    message: message.message,
    ...(message.fatal ? { fatal: true } : {}),
    ...(data?.catalogId ? { catalogId: data.catalogId, kind: data.kind } : {}),
    ...(chain ? { chain } : {}),
  };
}

/** Files a finding depends on through its chain (absolute paths), for the cache. */
export function chainFiles(chain: readonly ChainStep[] | undefined): string[] {
  if (!chain) return [];
  return [...new Set(chain.map((s) => s.file))];
}

/** `src/a.ts` for a path under `cwd`, the absolute path otherwise; always with forward slashes. */
export function displayPath(filePath: string, cwd: string): string {
  const rel = path.relative(cwd, filePath);
  const shown = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? filePath : rel;
  return shown.split(path.sep).join('/');
}

export interface Counts {
  /** Findings reported as errors; files that could not be parsed are not among them. */
  readonly errors: number;
  readonly warnings: number;
  /** Files that could not be parsed, hence not checked: counted apart from findings. */
  readonly parseErrors: number;
}

export function count(results: readonly FileResult[]): Counts {
  let errors = 0;
  let warnings = 0;
  let parseErrors = 0;
  for (const r of results) {
    for (const f of r.findings) {
      if (f.fatal) parseErrors++;
      else if (f.severity === 'error') errors++;
      else warnings++;
    }
  }
  return { errors, warnings, parseErrors };
}

/** A file that could not be parsed shows up as one fatal message; it is not a finding. */
export function isParseError(finding: Finding): boolean {
  return finding.fatal === true;
}

/**
 * Whether an ESLint message belongs in loopguard's report: its own rule's findings, and the failure to parse
 * a file. Everything else ESLint says about a file is dropped, first of all "Definition for rule 'x' was not
 * found" for each inline directive that names a rule of another plugin (`eslint-disable-next-line
 * react-hooks/exhaustive-deps`): the CLI loads one plugin, so on most real repositories such messages would
 * outnumber the findings. Directives that name loopguard's rule keep working: ESLint applies them first.
 */
export function isLoopguardMessage(message: { readonly ruleId: string | null; readonly fatal?: boolean }, ruleId: string): boolean {
  return message.fatal === true || message.ruleId === ruleId;
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.filePath.localeCompare(b.filePath) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}
