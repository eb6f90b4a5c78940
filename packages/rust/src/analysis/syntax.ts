import type { Node } from 'web-tree-sitter';
import { TCP_STREAM, WRAPPER_CONSTRUCTORS, t, type RustType } from '../apis';
import { resolvePath, type UseMap } from '../uses';
import type { Ctx, Origin, Use } from './model';

/** The type a type annotation names; `Arc<T>`, `Rc<T>`, `Box<T>` and references give their inner type's methods. */
export function typeFromTypeNode(node: Node | null, uses: UseMap): RustType | undefined {
  if (!node) return undefined;
  if (node.type === 'reference_type' || node.type === 'generic_type') {
    const inner = node.childForFieldName('type');
    // Arc<TcpListener>, &mut TcpStream: the methods of the inner type are reachable.
    if (node.type === 'generic_type') {
      const base = resolvePath(inner, uses);
      if (base && /(^|::)(Arc|Rc|Box)$/.test(base)) {
        const arg = node.childForFieldName('type_arguments')?.namedChildren[0];
        return typeFromTypeNode(arg ?? null, uses);
      }
      return base ? t(base) : undefined;
    }
    return typeFromTypeNode(inner, uses);
  }
  const path = resolvePath(node, uses);
  return path ? t(path) : undefined;
}

/** A stream accepted from a tracked listener: converted along with it. */
export function childOrigin(parent: Origin, at: Node, ctx: Ctx): Origin {
  const o: Origin = { type: TCP_STREAM, creation: at, creationCtx: ctx, uses: [], children: [], findings: [] };
  parent.children.push(o);
  return o;
}

/** How a reference to a tracked socket is used, from its syntactic parent. */
export function classifyIdentifierUse(id: Node, uses: UseMap): Use['kind'] {
  let n = id;
  while (n.parent && ['reference_expression', 'parenthesized_expression'].includes(n.parent.type)) n = n.parent;
  const parent = n.parent;
  if (parent?.type === 'field_expression' && parent.childForFieldName('value')?.equals(n)) return 'method';
  if (parent?.type === 'arguments') {
    const call = parent.parent;
    const callee = call?.childForFieldName('function');
    const path = resolvePath(callee ?? null, uses) ?? callee?.text ?? '';
    if (/(^|::)from_std$/.test(path)) return 'from-std';
    if (path === 'drop' || path === 'std::mem::drop') return 'drop';
    if (WRAPPER_CONSTRUCTORS.has(path) || /(^|::)(Arc|Rc|Box)::(new|clone)$/.test(path)) return 'derive';
  }
  if (parent?.type === 'let_declaration') return 'derive';
  return 'other';
}

/** Whether a `function_item` is `async fn`. */
export function isAsyncFn(fn: Node): boolean {
  return fn.namedChildren.find((c) => c.type === 'function_modifiers')?.children.some((c) => c.type === 'async') ?? false;
}
