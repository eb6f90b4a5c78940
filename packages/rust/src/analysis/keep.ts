import type { Node } from 'web-tree-sitter';
import type { RawFinding } from './model';

/**
 * `bind` alone returns at once; it is reported because the listener it makes will block. It is not reported when
 * the listener is handed to `from_std` (the article's conversion) or only used on threads made for blocking.
 */
export function keepFinding(f: RawFinding): boolean {
  if (f.id !== 'rust/std-net-tcplistener-bind' || !f.origin) return true;
  const uses = f.origin.uses;
  if (uses.some((u) => u.kind === 'from-std') || handedToFromStd(f.call)) return false;
  const blockingOnRuntime = uses.some((u) => u.kind === 'method' && u.api?.id && u.ctx.kind === 'async');
  const offRuntime = uses.some((u) => u.ctx.kind === 'off-runtime');
  return blockingOnRuntime || !offRuntime;
}

/** `TokioTcpListener::from_std(std::net::TcpListener::bind(a).unwrap())`: the bind's value goes straight in. */
function handedToFromStd(call: Node): boolean {
  let n = call;
  for (;;) {
    const parent = n.parent;
    if (!parent) return false;
    if (parent.type === 'try_expression' || parent.type === 'parenthesized_expression') {
      n = parent;
      continue;
    }
    const method = parent.type === 'field_expression' ? parent.childForFieldName('field')?.text : undefined;
    if ((method === 'unwrap' || method === 'expect') && parent.parent?.type === 'call_expression') {
      n = parent.parent;
      continue;
    }
    if (parent.type !== 'arguments') return false;
    const callee = parent.parent?.childForFieldName('function');
    return !!callee && /(^|::)from_std$/.test(callee.text);
  }
}
