import type { Node } from 'web-tree-sitter';
import { TCP_LISTENER, TOKIO_FS_TWINS } from './apis';
import { endOf, startOf, type Analysis, type Origin, type RawFinding, type Use } from './analyze';

/** 1-based line and column (UTF-16 code units, like ESLint), plus the 0-based offset into the text. */
export interface RustPosition {
  line: number;
  column: number;
  offset: number;
}

export interface RustTextEdit {
  range: { start: RustPosition; end: RustPosition };
  newText: string;
}

export interface RustFix {
  title: string;
  edits: RustTextEdit[];
  /** The direct async rewrite; wrapping in spawn_blocking is offered as the alternative. */
  preferred: boolean;
}

interface RawEdit {
  start: number;
  end: number;
  newText: string;
}

export function positionAt(text: string, offset: number): RustPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

function toEdits(text: string, raw: RawEdit[]): RustTextEdit[] {
  return raw
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((e) => ({ range: { start: positionAt(text, e.start), end: positionAt(text, e.end) }, newText: e.newText }));
}

/** Applies edits (non-overlapping, as every fix here produces) to the text. */
export function applyEdits(text: string, edits: readonly RustTextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset || b.range.end.offset - a.range.end.offset)) {
    out = out.slice(0, e.range.start.offset) + e.newText + out.slice(e.range.end.offset);
  }
  return out;
}

const insertAfter = (node: Node, newText: string): RawEdit => ({ start: endOf(node), end: endOf(node), newText });
const replaceNode = (node: Node, newText: string): RawEdit => ({ start: startOf(node), end: endOf(node), newText });

/** @internal (takes tree-sitter nodes; left out of the published declarations: see tsconfig.json) */
export function buildFixes(finding: RawFinding, analysis: Analysis, text: string): RustFix[] {
  const fixes: RustFix[] = [];
  const direct = directFix(finding, analysis);
  if (direct) fixes.push({ title: direct.title, edits: toEdits(text, direct.edits), preferred: true });
  const wrap = spawnBlockingFix(finding);
  if (wrap) fixes.push({ title: wrap.title, edits: toEdits(text, wrap.edits), preferred: !direct });
  return fixes;
}

function directFix(f: RawFinding, analysis: Analysis): { title: string; edits: RawEdit[] } | undefined {
  if (f.kind === 'function' && f.path === 'std::thread::sleep' && f.callee) {
    return {
      title: 'Use tokio::time::sleep(..).await',
      edits: [replaceNode(f.callee, 'tokio::time::sleep'), insertAfter(f.call, '.await'), ...dropLastImport(f.callee, analysis)],
    };
  }
  const fsName = f.kind === 'function' && f.path?.startsWith('std::fs::') ? f.path.slice('std::fs::'.length) : undefined;
  if (fsName && TOKIO_FS_TWINS.has(fsName) && f.callee) {
    return {
      title: `Use tokio::fs::${fsName}(..).await`,
      edits: [replaceNode(f.callee, `tokio::fs::${fsName}`), insertAfter(f.call, '.await'), ...dropLastImport(f.callee, analysis)],
    };
  }
  const origin = rootOrigin(f.origin, analysis);
  if (origin) return tokioSocketFix(origin, analysis);
  return undefined;
}

/** A stream accepted from a listener converts with its listener. */
function rootOrigin(o: Origin | undefined, analysis: Analysis): Origin | undefined {
  if (!o) return undefined;
  for (const candidate of analysis.origins) {
    if (candidate === o || candidate.children.includes(o)) return candidate;
  }
  return undefined;
}

/** The call expression that a method use of a tracked socket belongs to. */
function methodCall(use: Use): Node | undefined {
  let n = use.node;
  while (n.parent && ['reference_expression', 'parenthesized_expression'].includes(n.parent.type)) n = n.parent;
  const field = n.parent;
  const callNode = field?.parent;
  return field?.type === 'field_expression' && callNode?.type === 'call_expression' ? callNode : undefined;
}

/**
 * std::net::TcpListener / TcpStream to their tokio twins: the type path (or its import), `.await` on the creation
 * and on every call that is async in tokio, and the io traits that tokio's read/write methods need. Offered only
 * when every use of the socket (and of streams it accepts) is a call that tokio's type has, in async code.
 */
function tokioSocketFix(origin: Origin, analysis: Analysis): { title: string; edits: RawEdit[] } | undefined {
  const callee = origin.creation.childForFieldName('function');
  const typePath = callee?.type === 'scoped_identifier' ? callee.childForFieldName('path') : null;
  const ctor = callee?.childForFieldName('name')?.text;
  if (!callee || !typePath || (ctor !== 'bind' && ctor !== 'connect')) return undefined;

  const edits: RawEdit[] = [insertAfter(origin.creation, '.await')];
  const traits = new Set<string>();
  const wrapped = origin.uses.some((u) => u.kind === 'derive');
  const convertUses = (o: Origin): boolean => {
    for (const u of o.uses) {
      if (u.ctx.kind !== 'async') return false;
      if (u.kind === 'drop' || u.kind === 'derive') continue;
      if (u.kind !== 'method') return false;
      if (u.method === 'clone' && wrapped) continue;
      if (!u.api?.inTokio) return false;
      if (u.api.awaitInTokio) {
        const c = methodCall(u);
        if (!c) return false;
        edits.push(insertAfter(c, '.await'));
      }
      if (u.api.tokioTrait) traits.add(u.api.tokioTrait);
    }
    return o.children.every(convertUses);
  };
  if (!convertUses(origin)) return undefined;

  const tokioType = origin.type.replace(/^std::net::/, 'tokio::net::');
  const name = typePath.type === 'identifier' ? typePath.text : undefined;
  const item = name ? analysis.uses.items.get(name) : undefined;
  if (name && item?.simple && countReferences(analysis.root, name, item.declaration) === 1) {
    edits.push(replaceNode(item.path, tokioType));
  } else {
    edits.push(replaceNode(typePath, tokioType));
  }
  const missing = [...traits].filter((tr) => !analysis.uses.names.has(tr)).sort();
  if (missing.length) {
    const anchor = lastTopLevelUse(analysis.root);
    const line = `use tokio::io::${missing.length === 1 ? missing[0] : `{${missing.join(', ')}}`};`;
    edits.push(anchor ? insertAfter(anchor, `\n${line}`) : { start: 0, end: 0, newText: `${line}\n` });
  }
  const short = origin.type === TCP_LISTENER ? 'TcpListener' : 'TcpStream';
  return { title: `Use tokio::net::${short} (with .await)`, edits };
}

/** Removes `use std::fs;` when the rewritten call was the last reference to it (so the fix adds no warning). */
function dropLastImport(callee: Node, analysis: Analysis): RawEdit[] {
  let head = callee;
  while (head.type === 'scoped_identifier' && head.childForFieldName('path')) head = head.childForFieldName('path')!;
  if (head.type !== 'identifier') return [];
  const item = analysis.uses.items.get(head.text);
  if (!item?.simple || countReferences(analysis.root, head.text, item.declaration) !== 1) return [];
  const decl = item.declaration;
  const text = decl.tree.rootNode.text;
  const lineStart = text.lastIndexOf('\n', decl.startIndex - 1) + 1;
  const onlyThing = text.slice(lineStart, decl.startIndex).trim() === '' && /^[ \t]*(\n|$)/.test(text.slice(decl.endIndex));
  if (!onlyThing) return [{ start: decl.startIndex, end: decl.endIndex, newText: '' }];
  const nl = text.indexOf('\n', decl.endIndex);
  return [{ start: lineStart, end: nl === -1 ? text.length : nl + 1, newText: '' }];
}

function countReferences(root: Node, name: string, except: Node): number {
  let n = 0;
  for (const id of root.descendantsOfType(['identifier', 'type_identifier'])) {
    if (id.text !== name) continue;
    // `std::fs::write` does not refer to a local `fs`: only the head of a path can.
    const parent = id.parent;
    if (parent && /^scoped_/.test(parent.type) && parent.childForFieldName('name')?.equals(id)) continue;
    let inside = false;
    for (let p: Node | null = id; p; p = p.parent) if (p.equals(except)) inside = true;
    if (!inside) n += 1;
  }
  return n;
}

function lastTopLevelUse(root: Node): Node | undefined {
  return root.namedChildren.filter((c) => c.type === 'use_declaration').at(-1);
}

/** A `move` closure cannot take a borrowed parameter (`path: &str`) to another thread: spawn_blocking needs 'static. */
function borrowsParameter(call: Node): boolean {
  let fn: Node | null = call.parent;
  while (fn && fn.type !== 'function_item' && fn.type !== 'closure_expression') fn = fn.parent;
  if (!fn) return false;
  const borrowed = new Set<string>();
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const type = p.childForFieldName('type');
    const name = p.childForFieldName('pattern');
    if (!type || !name) continue;
    if (type.type === 'reference_type' || type.type === 'abstract_type' || type.descendantsOfType(['reference_type', 'lifetime']).length) {
      borrowed.add(name.text.replace(/^mut\s+/, ''));
    }
  }
  return call.descendantsOfType('identifier').some((id) => borrowed.has(id.text));
}

/**
 * Runs the call on tokio's blocking pool. The closure is `move`, so it is offered only where that cannot steal a
 * value the code still needs: no borrowed arguments and no method call on a local.
 */
function spawnBlockingFix(f: RawFinding): { title: string; edits: RawEdit[] } | undefined {
  if (f.call.descendantsOfType('reference_expression').length > 0) return undefined;
  if (f.call.descendantsOfType(['self', 'closure_expression', 'await_expression']).length > 0) return undefined;
  if (borrowsParameter(f.call)) return undefined;
  if (f.kind === 'method') {
    let recv = f.call.childForFieldName('function')?.childForFieldName('value') ?? null;
    while (recv && (recv.type === 'call_expression' || recv.type === 'try_expression' || recv.type === 'field_expression')) {
      recv = recv.type === 'call_expression' ? recv.childForFieldName('function') : recv.type === 'field_expression' ? recv.childForFieldName('value') : recv.namedChildren[0] ?? null;
    }
    if (!recv || recv.type === 'identifier') return undefined;
  }
  return {
    title: 'Run it in tokio::task::spawn_blocking',
    edits: [
      { start: startOf(f.call), end: startOf(f.call), newText: 'tokio::task::spawn_blocking(move || ' },
      insertAfter(f.call, ').await.unwrap()'),
    ],
  };
}
