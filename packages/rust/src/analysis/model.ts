import type { Node, Tree } from 'web-tree-sitter';
import type { MethodApi, RustType } from '../apis';
import type { UseMap } from '../uses';

/**
 * Macro arguments are token trees to tree-sitter. For macros that take comma-separated expressions, the arguments
 * are parsed again on their own (`__m(<args>)`) so that calls inside `println!`/`write!`/`assert!` are seen; the
 * nodes of such a tree are shifted back to the file's offsets through this map.
 */
export const shifts = new WeakMap<Tree, number>();
/** Offset of a node in the analysed file (also for nodes of a macro's re-parsed arguments). */
export function startOf(node: Node): number {
  return node.startIndex + (shifts.get(node.tree) ?? 0);
}
export function endOf(node: Node): number {
  return node.endIndex + (shifts.get(node.tree) ?? 0);
}

/** Where a node runs: in async code (on the runtime), in plain sync code, or on a thread made for blocking. */
export type Ctx =
  /** `helper`: a sync fn analysed as if it ran on the runtime, to learn whether calling it from async code blocks. */
  | { kind: 'async'; label: string; node: Node; helper?: string }
  | { kind: 'sync' }
  | { kind: 'off-runtime'; label: string };

/** A std socket created in async code: the unit that the "use tokio" rewrite converts as a whole. */
export interface Origin {
  type: string;
  creation: Node;
  creationCtx: Ctx;
  uses: Use[];
  /** Streams accepted from a listener: they become tokio streams too when the listener does. */
  children: Origin[];
  findings: RawFinding[];
}

export interface Use {
  kind: 'method' | 'from-std' | 'drop' | 'derive' | 'other';
  node: Node;
  ctx: Ctx;
  method?: string;
  api?: MethodApi;
}

export interface RawFinding {
  id: string;
  call: Node;
  /** The node to underline: the method name or the function path. */
  target: Node;
  api: string;
  why: string;
  instead?: string;
  ctx: Extract<Ctx, { kind: 'async' }>;
  origin?: Origin;
  kind: 'function' | 'method';
  /** For function findings: the resolved path and the callee node (to rewrite it). */
  path?: string;
  callee?: Node;
  /** A call of a sync helper of this file that blocks: the blocking call inside it (through further helpers). */
  via?: RawFinding;
}

/** A sync fn of this file that blocks when called: its first blocking call (maybe through another helper). */
export type Helpers = Map<string, RawFinding>;

export interface Val {
  type?: RustType;
  origin?: Origin;
}

export interface Binding extends Val {
  name: string;
}

export interface Analysis {
  findings: RawFinding[];
  origins: Origin[];
  uses: UseMap;
  root: Node;
  /** Trees parsed from macro arguments; the caller deletes them with the file's tree. */
  subtrees: Tree[];
}
