import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suitsWorker } from '@loopguard/catalog';
import type { MoveToWorkerResult } from '@loopguard/refactor';
import {
  CodeActionKind,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type CreateFile,
  type Diagnostic,
  type TextDocumentEdit,
  type TextDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { folderOf, locate } from './documents';
import { isRustFile } from '@loopguard/rust';
import { RULE_DOCS_URL, type DiagnosticData, type Finding } from './findings';
import { RULE_ID } from './lint-engine';
import { Commands } from './protocol';
import { RefactorHost, RefactorRefusedError } from './refactor-host';
import type { ClientProfile, LintResult } from './types';

/** The source action that converts every convertible call of a file. */
export const SOURCE_CONVERT_ALL = `${CodeActionKind.Source}.loopguard.convertAll`;
const DISABLE_COMMENT = `eslint-disable-next-line ${RULE_ID}`;
/** "Convert all" applies the fixes that do not overlap, lints again, and repeats: like ESLint's fix passes. */
const MAX_CONVERT_PASSES = 10;

/** What an unresolved code action carries to `codeAction/resolve`: its edit is tied to one document version. */
export type ActionData =
  | { readonly uri: string; readonly version: number; readonly action: 'convert'; readonly index: number; readonly suggestion: number }
  | { readonly uri: string; readonly version: number; readonly action: 'worker' | 'disable'; readonly index: number }
  | { readonly uri: string; readonly version: number; readonly action: 'convertAll' };

export interface CodeActionHost {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  profile(): ClientProfile;
  folders(): readonly string[];
  resultFor(uri: string): Promise<LintResult | undefined>;
  lintText(document: TextDocument, text: string): Promise<Finding[]>;
}

export class CodeActions {
  /** Worker refactors computed for clients that cannot resolve lazily, by document version and finding. */
  private readonly workerCache = new Map<string, MoveToWorkerResult | RefactorRefusedError>();
  private readonly refactors: RefactorHost;

  constructor(private readonly host: CodeActionHost) {
    this.refactors = new RefactorHost((message) => host.connection.console.error(message));
  }

  /** Starts the worker refactor's project in the background when a file of a workspace folder opens. */
  warm(document: TextDocument): void {
    const location = locate(document);
    if (!location?.onDisk || isRustFile(location.filePath) || !folderOf(location.filePath, this.host.folders())) return;
    this.refactors.warm(location.filePath);
  }

  async provide(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const document = this.host.documents.get(params.textDocument.uri);
    if (!document) return [];
    const result = await this.host.resultFor(document.uri);
    if (!result || result.version !== document.version || token.isCancellationRequested) return [];
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const lazy = this.host.profile().resolveEdits;
    const actions: CodeAction[] = [];

    if (wants(CodeActionKind.QuickFix)) {
      const from = document.offsetAt(params.range.start);
      const to = document.offsetAt(params.range.end);
      const requested = new Set(
        params.context.diagnostics
          .map((d) => d.data as DiagnosticData | undefined)
          .filter((d): d is DiagnosticData => d?.uri === document.uri && d.version === document.version)
          .map((d) => d.index),
      );
      for (const finding of result.findings) {
        if (!requested.has(finding.index) && !(finding.start <= to && finding.end >= from)) continue;
        const diagnostic = result.diagnostics[finding.index];
        if (!diagnostic) continue;
        const base = { uri: document.uri, version: document.version, index: finding.index };
        finding.suggestions.forEach((suggestion, i) => {
          actions.push({
            title: suggestion.desc,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            // The first suggestion is the rule's natural fix (its own async API).
            isPreferred: i === 0,
            data: { ...base, action: 'convert', suggestion: i } satisfies ActionData,
          });
        });
        // Rust findings: the worker refactor and the eslint-disable comment are for JavaScript only.
        const rust = isRustFile(document.uri);
        if (isWorkerCandidate(finding) && !rust) {
          actions.push(await this.workerAction(document, finding, diagnostic, lazy));
        }
        if (!rust) {
          actions.push({
            title: `Disable ${RULE_ID} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            data: { ...base, action: 'disable' } satisfies ActionData,
          });
        }
        actions.push({
          title: `Show documentation for ${RULE_ID}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: 'Show documentation', command: Commands.showDocumentation, arguments: [RULE_DOCS_URL] },
        });
      }
    }
    const wantsSource = only ? wants(SOURCE_CONVERT_ALL) : true;
    if (wantsSource && result.findings.some((f) => f.suggestions.length > 0)) {
      actions.push({
        title: 'Convert all blocking calls in this file to async (loopguard)',
        kind: SOURCE_CONVERT_ALL,
        data: { uri: document.uri, version: document.version, action: 'convertAll' } satisfies ActionData,
      });
    }
    if (lazy) return actions.filter((a) => a.title !== '');
    // Clients without resolve get every edit now.
    const resolved: CodeAction[] = [];
    for (const action of actions) {
      if (!action.data) {
        resolved.push(action);
        continue;
      }
      try {
        resolved.push(await this.resolve(action, false));
      } catch (error) {
        if (!(error instanceof ResponseError)) throw error;
        if (this.host.profile().disabledActions) resolved.push({ title: action.title, kind: action.kind, disabled: { reason: error.message } });
      }
    }
    return resolved;
  }

  private async workerAction(document: TextDocument, finding: Finding, diagnostic: Diagnostic, lazy: boolean): Promise<CodeAction> {
    const location = locate(document);
    const missing = location?.onDisk ? await piscinaMissing(location.filePath) : false;
    return {
      title: `Move to a worker thread (piscina pool)${missing ? ': add piscina to package.json' : ''}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: finding.suggestions.length === 0 && lazy ? true : undefined,
      data: { uri: document.uri, version: document.version, index: finding.index, action: 'worker' } satisfies ActionData,
    };
  }

  /** Computes the edit of an action; refuses when the document changed since the action was offered. */
  async resolve(action: CodeAction, notify = true): Promise<CodeAction> {
    const data = action.data as ActionData | undefined;
    if (!data) return action;
    const document = this.host.documents.get(data.uri);
    if (!document || document.version !== data.version) {
      throw new ResponseError(
        LSPErrorCodes.ContentModified,
        `${data.uri} changed after the code action "${action.title}" was offered (version ${data.version}, now ${document?.version ?? 'closed'}): ask for code actions again.`,
      );
    }
    const result = await this.host.resultFor(document.uri);
    if (!result || result.version !== document.version) {
      throw new ResponseError(LSPErrorCodes.ContentModified, `${data.uri} changed while the code action was computed: ask for code actions again.`);
    }
    const { data: _data, ...rest } = action;
    switch (data.action) {
      case 'convert': {
        const suggestion = result.findings[data.index]?.suggestions[data.suggestion];
        if (!suggestion) throw new ResponseError(LSPErrorCodes.RequestFailed, `No suggestion ${data.suggestion} for finding ${data.index} of ${data.uri}.`);
        const edit: TextEdit = { range: rangeOf(document, suggestion.fix.range[0], suggestion.fix.range[1]), newText: suggestion.fix.text };
        return { ...rest, edit: this.workspaceEdit([{ document, edits: [edit] }], []) };
      }
      case 'disable': {
        const finding = result.findings[data.index];
        if (!finding) throw new ResponseError(LSPErrorCodes.RequestFailed, `No finding ${data.index} in ${data.uri}.`);
        return { ...rest, edit: this.workspaceEdit([{ document, edits: [disableEdit(document, finding)] }], []) };
      }
      case 'convertAll': {
        const text = await this.convertAll(document, result);
        return { ...rest, edit: this.workspaceEdit([{ document, edits: [minimalEdit(document, text)] }], []) };
      }
      case 'worker': {
        const finding = result.findings[data.index];
        if (!finding) throw new ResponseError(LSPErrorCodes.RequestFailed, `No finding ${data.index} in ${data.uri}.`);
        const edit = await this.workerEdit(document, finding, notify);
        return { ...rest, edit };
      }
    }
  }

  private async workerEdit(document: TextDocument, finding: Finding, notify: boolean): Promise<WorkspaceEdit> {
    const location = locate(document);
    if (!location?.onDisk) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, 'Move to a worker thread needs a file saved in a project: save the document first.');
    }
    const folder = folderOf(location.filePath, this.host.folders());
    if (!folder) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, `${location.filePath} is outside the workspace folders: loopguard only writes files inside them.`);
    }
    const profile = this.host.profile();
    if (!profile.documentChanges || !profile.createFiles) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, 'Move to a worker thread creates files: this editor does not support creating files through a workspace edit.');
    }
    // The text, not only the version: a document closed and opened again starts over at version 1.
    const key = `${document.uri}\0${document.version}\0${finding.index}\0${createHash('sha1').update(document.getText()).digest('hex')}`;
    let outcome = this.workerCache.get(key);
    // A cached refactor is only good while the files it would create are still missing.
    if (outcome && !(outcome instanceof RefactorRefusedError) && (await anyExists(outcome.changes.filter((c) => c.kind === 'create').map((c) => c.filePath)))) {
      outcome = undefined;
    }
    if (!outcome) {
      try {
        // A call through helpers: the analysis' chain says which helper the call runs.
        const helperStep = finding.transitive ? finding.chain[0] : undefined;
        outcome = await this.refactors.moveToWorker({ filePath: location.filePath, text: document.getText(), start: finding.start, end: finding.end, ...(helperStep ? { helperStep } : {}) });
      } catch (error) {
        if (!(error instanceof RefactorRefusedError)) throw error;
        outcome = error;
      }
      if (this.workerCache.size > 50) this.workerCache.clear();
      this.workerCache.set(key, outcome);
    }
    if (outcome instanceof RefactorRefusedError) throw new ResponseError(LSPErrorCodes.RequestFailed, outcome.message);
    const docEdits: Array<{ document: TextDocument | { uri: string; version: number | null; text: string }; edits: TextEdit[] }> = [];
    const creates: Array<{ uri: string; text: string }> = [];
    for (const change of outcome.changes) {
      if (folderOf(change.filePath, [folder]) === undefined) {
        throw new ResponseError(LSPErrorCodes.RequestFailed, `Move to a worker thread would write ${change.filePath}, outside the workspace folder ${folder}: not done.`);
      }
      const uri = pathToFileURL(change.filePath).href;
      if (change.kind === 'create') {
        if (await anyExists([change.filePath])) {
          throw new ResponseError(LSPErrorCodes.RequestFailed, `${change.filePath} exists already: loopguard never overwrites a file. Rename it and try again.`);
        }
        creates.push({ uri, text: change.newText });
        continue;
      }
      const open = this.host.documents.get(uri);
      const target = open ?? { uri, version: null, text: change.oldText };
      docEdits.push({ document: target, edits: [minimalEdit(target, change.newText)] });
    }
    if (notify) for (const warning of outcome.warnings) void this.host.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `loopguard: ${warning}` });
    return this.workspaceEdit(docEdits, creates);
  }

  private async convertAll(document: TextDocument, result: LintResult): Promise<string> {
    let text = document.getText();
    let findings: readonly Finding[] = result.findings;
    for (let pass = 0; pass < MAX_CONVERT_PASSES; pass++) {
      const fixes = findings
        .map((f) => f.suggestions[0]?.fix)
        .filter((f): f is NonNullable<typeof f> => f !== undefined)
        .sort((a, b) => a.range[0] - b.range[0]);
      let out = '';
      let last = 0;
      let applied = 0;
      for (const fix of fixes) {
        if (fix.range[0] < last) continue; // overlaps an applied fix: next pass
        out += text.slice(last, fix.range[0]) + fix.text;
        last = fix.range[1];
        applied += 1;
      }
      if (applied === 0) break;
      text = out + text.slice(last);
      findings = await this.host.lintText(document, text);
    }
    return text;
  }

  private workspaceEdit(
    docEdits: ReadonlyArray<{ document: { uri: string; version: number | null }; edits: TextEdit[] }>,
    creates: ReadonlyArray<{ uri: string; text: string }>,
  ): WorkspaceEdit {
    if (!this.host.profile().documentChanges) {
      const changes: Record<string, TextEdit[]> = {};
      for (const { document, edits } of docEdits) changes[document.uri] = edits;
      return { changes };
    }
    const documentChanges: Array<TextDocumentEdit | CreateFile> = [];
    for (const create of creates) {
      // Never overwrite: the client fails the edit when the file appeared meanwhile.
      documentChanges.push({ kind: 'create', uri: create.uri, options: { overwrite: false, ignoreIfExists: false } });
      documentChanges.push({
        textDocument: { uri: create.uri, version: null },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: create.text }],
      });
    }
    for (const { document, edits } of docEdits) {
      // The version ties the edit to the text it was computed from: a client refuses it once the text changed.
      documentChanges.push({ textDocument: { uri: document.uri, version: document.version }, edits });
    }
    return { documentChanges };
  }
}

/** Calls with no async twin, or made through a helper: a worker thread is the way off the loop. */
function isWorkerCandidate(finding: Finding): boolean {
  return suitsWorker(finding.entry?.kind) || finding.suggestions.length === 0 || finding.transitive;
}

function rangeOf(document: { positionAt(offset: number): { line: number; character: number } }, start: number, end: number) {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

/** One edit that turns the document's text into `text`: only the part between common prefix and suffix. */
export function minimalEdit(document: TextDocument | { text: string }, text: string): TextEdit {
  const old = 'getText' in document ? document.getText() : document.text;
  let start = 0;
  while (start < old.length && start < text.length && old[start] === text[start]) start++;
  let oldEnd = old.length;
  let newEnd = text.length;
  while (oldEnd > start && newEnd > start && old[oldEnd - 1] === text[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  return { range: { start: positionIn(old, start), end: positionIn(old, oldEnd) }, newText: text.slice(start, newEnd) };
}

function positionIn(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

function disableEdit(document: TextDocument, finding: Finding): TextEdit {
  const line = finding.range.start.line;
  const lines = document.getText().split('\n');
  const current = lines[line] ?? '';
  const previous = line > 0 ? (lines[line - 1] ?? '').replace(/\r$/, '') : undefined;
  const existing = previous !== undefined ? /^(\s*)\/\/\s*eslint-disable-next-line\s+(.*)$/.exec(previous) : null;
  if (existing && previous !== undefined) {
    // Add the rule to the comment that is there already instead of stacking a second one.
    const [rules, description] = (existing[2] ?? '').split(/\s+--\s+/, 2);
    const updated = `${existing[1]}// eslint-disable-next-line ${rules?.trim()}, ${RULE_ID}${description ? ` -- ${description}` : ''}`;
    return { range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: previous.length } }, newText: updated };
  }
  const indent = /^\s*/.exec(current)?.[0] ?? '';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// ${DISABLE_COMMENT}\n` };
}

async function piscinaMissing(filePath: string): Promise<boolean> {
  for (let dir = path.dirname(filePath); ; dir = path.dirname(dir)) {
    let text: string | undefined;
    try {
      text = await fs.promises.readFile(path.join(dir, 'package.json'), 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        const pkg = JSON.parse(text) as { dependencies?: Record<string, string> };
        return !pkg.dependencies?.piscina;
      } catch {
        return true;
      }
    }
    if (path.dirname(dir) === dir) return true;
  }
}

async function anyExists(files: readonly string[]): Promise<boolean> {
  for (const file of files) {
    try {
      await fs.promises.access(file);
      return true;
    } catch {
      // missing: as wanted
    }
  }
  return false;
}
