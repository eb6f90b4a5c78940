import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Suggestion } from './findings';
import type { TopLevelStatement } from './lint-engine';

/**
 * Diagnostics in two phases. After an edit, the quick pass (the rule on oxc's parse, no types: a few tens of ms)
 * answers at once; the full pass (typescript-estree, the project's program, whole-program analysis: the CLI's
 * lint) follows when typing pauses, and its result replaces the quick one. The full pass decides: once it has
 * run on a version, the editor shows what `loopguard` and `eslint` report for that text.
 *
 * What the quick result holds, for the text the last full pass did not see:
 * - inside the edited region (the top-level statements the edit touched, or the edited span itself): the quick
 *   pass's findings, which know the edited code but not the program;
 * - elsewhere: the last full pass's findings, moved by the edit, since neither their code nor its context changed;
 * - inside the edited region too: the full pass's helper chains that reach into another file, whose call the edit
 *   left as it was (the quick pass cannot see into other files, and dropping them until the full pass would make
 *   them flicker).
 */

/** The span of the text that differs between two versions: a common prefix and suffix, the rest changed. */
export interface TextChange {
  /** Offset where the two texts start to differ (the same in both). */
  readonly start: number;
  /** End of the changed span in the old text (exclusive). */
  readonly oldEnd: number;
  /** End of the changed span in the new text (exclusive). */
  readonly newEnd: number;
}

export function changeBetween(oldText: string, newText: string): TextChange {
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

/** An old-text span in the new text, or undefined when the edit changed part of it. */
function moveSpan(change: TextChange, start: number, end: number): [number, number] | undefined {
  if (end <= change.start) return [start, end];
  if (start >= change.oldEnd) {
    const delta = change.newEnd - change.oldEnd;
    return [start + delta, end + delta];
  }
  return undefined;
}

/**
 * The edited region in the new text: the top-level statements that overlap the changed span, or the span itself.
 * Without statements (the quick parse failed, as it does for most keystrokes of a word being typed), the span:
 * the full pass's findings elsewhere stay until the full pass, which clears them if the text still does not parse.
 */
function editedRegion(change: TextChange, topLevel: ReadonlyArray<TopLevelStatement> | undefined): { range: [number, number]; imports: boolean } {
  let start = change.start;
  let end = change.newEnd;
  let imports = false;
  for (const { range: [s, e], imports: binds } of topLevel ?? []) {
    if (e >= change.start && s <= change.newEnd) {
      start = Math.min(start, s);
      end = Math.max(end, e);
      // Strictly inside: text inserted right before or after an import leaves it as it was.
      imports ||= binds && e > change.start && s < change.newEnd;
    }
  }
  return { range: [start, end], imports };
}

function overlaps(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/**
 * The quick result: `quick` (this version's quick-pass findings) merged with `full` (the findings of the last
 * full pass and the text it linted), for `document`. `topLevel`: the quick parse's top-level statements, undefined
 * when it failed.
 */
export function mergeQuick(
  document: TextDocument,
  quick: readonly Finding[],
  topLevel: ReadonlyArray<TopLevelStatement> | undefined,
  full: { readonly text: string; readonly findings: readonly Finding[] } | undefined,
  fileName: string,
): Finding[] {
  if (!full) return [...quick];
  const text = document.getText();
  const change = changeBetween(full.text, text);
  const { range: region, imports } = editedRegion(change, topLevel);
  const merged: Finding[] = quick.filter((f) => overlaps([f.start, f.end], region));
  const taken = new Set(merged.map((f) => `${f.start}:${f.end}`));
  const oldDocument = TextDocument.create(document.uri, document.languageId, 0, full.text);
  for (const finding of full.findings) {
    const moved = moveSpan(change, finding.start, finding.end);
    if (!moved) continue;
    const intoOtherFiles = finding.transitive && finding.chain.some((step) => step.file !== fileName);
    // An edited import can change where any call leads: the chains into other files wait for the full pass.
    if (intoOtherFiles && imports) continue;
    // In the edited region, only what the quick pass cannot know: a chain that goes into another file at any step
    // (`render()` here, calling `load()` in templates.ts).
    if (overlaps(moved, region) && !intoOtherFiles) continue;
    if (taken.has(`${moved[0]}:${moved[1]}`)) continue;
    taken.add(`${moved[0]}:${moved[1]}`);
    merged.push(movedFinding(finding, moved, change, document, oldDocument, fileName));
  }
  merged.sort((a, b) => a.start - b.start || a.end - b.end);
  return merged.map((f, index) => ({ ...f, index }));
}

function movedFinding(finding: Finding, [start, end]: [number, number], change: TextChange, document: TextDocument, oldDocument: TextDocument, fileName: string): Finding {
  const suggestions: Suggestion[] = [];
  for (const s of finding.suggestions) {
    const range = moveSpan(change, s.fix.range[0], s.fix.range[1]);
    if (range) suggestions.push({ ...s, fix: { range, text: s.fix.text } });
  }
  // Steps of an in-file chain point into this document: they move with the edit (or stay, if it changed them).
  const chain = finding.chain.map((step) => {
    if (step.file !== fileName) return step;
    const offset = oldDocument.offsetAt({ line: step.line - 1, character: step.column - 1 });
    const at = moveSpan(change, offset, offset);
    if (!at) return step;
    const position = document.positionAt(at[0]);
    return { ...step, line: position.line + 1, column: position.character + 1 };
  });
  return { ...finding, start, end, range: { start: document.positionAt(start), end: document.positionAt(end) }, suggestions, chain };
}
