import { pathToFileURL } from 'node:url';
import { getEntry, ruleDocsUrl, type CatalogEntry } from '@loopguard/catalog';
import type { Linter } from 'eslint';
import { findingOf, type ChainStep } from 'eslint-plugin-loopguard/findings';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { RULE_ID } from './lint-engine';
import type { SeverityName } from './settings';

/** The rule's documentation: a plain string, so that a bundled server needs no file of the plugin. */
export const RULE_DOCS_URL = ruleDocsUrl('no-blocking-io');

/** One suggestion of the rule, with its fix as offsets into the linted text. */
export interface Suggestion {
  readonly desc: string;
  readonly messageId: string | undefined;
  readonly fix: { readonly range: readonly [number, number]; readonly text: string };
}

export type { ChainStep } from 'eslint-plugin-loopguard/findings';

/** A rule report on one version of a document, with what its code actions need. */
export interface Finding {
  readonly index: number;
  readonly range: Range;
  /** Offsets of the reported node in the linted text. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly entry: CatalogEntry | undefined;
  /** How the rule names the blocking API (also for APIs of the `additionalApis` option, which have no entry). */
  readonly api?: string;
  readonly suggestions: readonly Suggestion[];
  readonly chain: readonly ChainStep[];
  /** Reported through the project's own helpers (whole-program analysis), not at the API call itself. */
  readonly transitive: boolean;
}

/** What a diagnostic's `data` holds: enough to find its finding again, on this version only. */
export interface DiagnosticData {
  readonly uri: string;
  readonly version: number;
  readonly index: number;
}

/** Reports of the rule (parse errors and other rules' messages are not loopguard's to show). */
export function toFindings(messages: readonly Linter.LintMessage[], document: TextDocument): Finding[] {
  const findings: Finding[] = [];
  for (const m of messages) {
    if (m.ruleId !== RULE_ID) continue;
    const range = messageRange(m, document);
    // The finding's data, from the plugin's `findings` processor that `lintConfig()` sets up.
    const data = findingOf(m);
    const suggestions: Suggestion[] = (m.suggestions ?? []).map((s) => ({
      desc: s.desc,
      messageId: s.messageId,
      fix: { range: [s.fix.range[0], s.fix.range[1]], text: s.fix.text },
    }));
    findings.push({
      index: findings.length,
      range,
      start: document.offsetAt(range.start),
      end: document.offsetAt(range.end),
      message: m.message,
      entry: data?.catalogId ? getEntry(data.catalogId) : undefined,
      api: data?.api,
      suggestions,
      chain: data?.chain ?? [],
      transitive: m.messageId === 'blockingVia',
    });
  }
  return findings;
}

export function toDiagnostic(finding: Finding, document: TextDocument, severity: SeverityName): Diagnostic {
  const data: DiagnosticData = { uri: document.uri, version: document.version, index: finding.index };
  return {
    range: finding.range,
    severity: SEVERITY[severity],
    source: 'loopguard',
    code: RULE_ID,
    codeDescription: { href: RULE_DOCS_URL },
    message: finding.message,
    relatedInformation: relatedInformation(finding, document),
    data,
  };
}

const SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The call chain as related information, one entry per step, each at its own location: from the call in
 * this document through the helpers to the blocking API call. A direct call is a chain of one step.
 */
export function relatedInformation(finding: Finding, document: TextDocument): DiagnosticRelatedInformation[] {
  const api = finding.entry && finding.api ? finding.api : 'the blocking call';
  const here = document.getText(finding.range).split('(')[0]?.trim() ?? 'the call';
  if (finding.chain.length === 0) {
    return [
      {
        location: { uri: document.uri, range: finding.range },
        message: finding.entry ? `\`${api}\` is called here: it ${finding.entry.why} (docs: ${finding.entry.docs})` : `${api} is made here`,
      },
    ];
  }
  // The chain starts at the reported call in this document, then each helper's call down to the API.
  const first: DiagnosticRelatedInformation = { location: { uri: document.uri, range: finding.range }, message: `1. calls \`${here}\`` };
  return [
    first,
    ...finding.chain.map((step, i): DiagnosticRelatedInformation => {
      const last = i === finding.chain.length - 1;
      const line = Math.max(0, step.line - 1);
      const character = Math.max(0, step.column - 1);
      return {
        location: {
          uri: pathToFileURL(step.file).href,
          range: { start: { line, character }, end: { line, character: character + step.name.length } },
        },
        message: last
          ? `${i + 2}. \`${step.name}\` blocks${finding.entry ? `: it ${finding.entry.why}` : ''}`
          : `${i + 2}. calls \`${step.name}\``,
      };
    }),
  ];
}

function messageRange(m: Linter.LintMessage, document: TextDocument): Range {
  const start = { line: Math.max(0, m.line - 1), character: Math.max(0, m.column - 1) };
  const end = m.endLine !== undefined && m.endColumn !== undefined ? { line: m.endLine - 1, character: m.endColumn - 1 } : start;
  // ESLint columns count UTF-16 code units, like LSP's default position encoding: no conversion needed,
  // only clamping to the document.
  const clamp = (p: { line: number; character: number }) => document.positionAt(document.offsetAt(p));
  return { start: clamp(start), end: clamp(end) };
}
