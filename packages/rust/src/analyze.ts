import type { Node, Tree } from 'web-tree-sitter';
import {
  FUNCTIONS, METHODS, OFF_RUNTIME_FUNCTIONS, OFF_RUNTIME_METHODS, PASS_THROUGH_METHODS, TCP_LISTENER, TCP_STREAM,
  WRAPPER_CONSTRUCTORS, t, type MethodApi, type RustType,
} from './apis';
import { parseRust } from './parser';
import { collectUses, resolvePath, type UseMap } from './uses';

/**
 * Macro arguments are token trees to tree-sitter. For macros that take comma-separated expressions, the arguments
 * are parsed again on their own (`__m(<args>)`) so that calls inside `println!`/`write!`/`assert!` are seen; the
 * nodes of such a tree are shifted back to the file's offsets through this map.
 */
const shifts = new WeakMap<Tree, number>();
const EXPRESSION_MACROS = new Set([
  'print', 'println', 'eprint', 'eprintln', 'format', 'write', 'writeln', 'panic', 'assert', 'assert_eq', 'assert_ne',
  'debug_assert', 'debug_assert_eq', 'debug_assert_ne', 'dbg', 'vec', 'trace', 'debug', 'info', 'warn', 'error', 'join', 'try_join',
]);
const BLOCKING_HELPER_NAMES = /^(asyncify|unblock|spawn_blocking|block_in_place|run_blocking)$/;
const MACRO_PREFIX = 'fn __loopguard_macro() { __m(';

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

interface Val {
  type?: RustType;
  origin?: Origin;
}

interface Binding extends Val {
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

const DEFAULT_WHY = 'blocks the runtime thread';

/**
 * Analyses a file. Sync fns of the file are first analysed as if they ran on the runtime (until no new blocking
 * helper appears), so that a call from async code to a helper that blocks is reported at the call, with the chain.
 */
export function analyzeFile(root: Node): Analysis {
  let helpers: Helpers = new Map();
  for (let round = 0; round < 4; round++) {
    const pass = analyzeTree(root, helpers, true);
    const next: Helpers = new Map();
    for (const f of pass.findings) {
      if (f.ctx.helper && !next.has(f.ctx.helper)) next.set(f.ctx.helper, f);
    }
    for (const sub of pass.subtrees) sub.delete();
    const grew = next.size !== helpers.size;
    helpers = next;
    if (!grew) break;
  }
  return analyzeTree(root, helpers, false);
}

export function analyzeTree(root: Node, helpers: Helpers = new Map(), syncAsAsync = false): Analysis {
  const uses = collectUses(root);
  const findings: RawFinding[] = [];
  const origins: Origin[] = [];
  const scopes: Map<string, Binding>[] = [];
  const subtrees: Tree[] = [];
  // Struct fields by name (`self.listener`), when every struct of the file that has the name gives it one type.
  const fields = new Map<string, RustType | null>();
  const wrappers = new Set<string>();

  const lookup = (name: string): Binding | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const b = scopes[i]!.get(name);
      if (b) return b;
    }
    return undefined;
  };
  const declare = (name: string, val: Val | undefined): void => {
    scopes[scopes.length - 1]?.set(name, { name, ...val });
  };
  const withScope = <T>(fn: () => T, fresh = false): T => {
    const saved = fresh ? scopes.splice(0, scopes.length) : undefined;
    scopes.push(new Map());
    try {
      return fn();
    } finally {
      scopes.pop();
      if (saved) scopes.push(...saved);
    }
  };

  const report = (f: Omit<RawFinding, 'ctx'> & { ctx: Ctx }): void => {
    if (f.ctx.kind !== 'async') return;
    const finding = { ...f, ctx: f.ctx };
    findings.push(finding);
    f.origin?.findings.push(finding);
  };

  const typeFromTypeNode = (node: Node | null): RustType | undefined => {
    if (!node) return undefined;
    if (node.type === 'reference_type' || node.type === 'generic_type') {
      const inner = node.type === 'reference_type' ? node.childForFieldName('type') : node.childForFieldName('type');
      // Arc<TcpListener>, &mut TcpStream: the methods of the inner type are reachable.
      if (node.type === 'generic_type') {
        const base = resolvePath(inner, uses);
        if (base && /(^|::)(Arc|Rc|Box)$/.test(base)) {
          const arg = node.childForFieldName('type_arguments')?.namedChildren[0];
          return typeFromTypeNode(arg ?? null);
        }
        return base ? t(base) : undefined;
      }
      return typeFromTypeNode(inner);
    }
    const path = resolvePath(node, uses);
    return path ? t(path) : undefined;
  };

  /** Binds the names of a pattern to what the matched value holds. */
  const bindPattern = (pattern: Node | null, val: Val | undefined, ctx: Ctx): void => {
    if (!pattern) return;
    switch (pattern.type) {
      case 'identifier':
        declare(pattern.text, val);
        return;
      case 'mut_pattern':
      case 'ref_pattern':
      case 'reference_pattern':
        for (const c of pattern.namedChildren) if (c.type !== 'mutable_specifier') bindPattern(c, val, ctx);
        return;
      case 'tuple_pattern': {
        const parts = pattern.namedChildren;
        parts.forEach((p, i) => {
          const type = val?.type && 'tuple' in val.type ? val.type.tuple[i] : undefined;
          const child = type && 'path' in type && type.path === TCP_STREAM && val?.origin ? childOrigin(val.origin, p, ctx) : undefined;
          bindPattern(p, type ? { type, origin: child } : undefined, ctx);
        });
        return;
      }
      case 'tuple_struct_pattern': {
        // Ok(x) / Some(x) unwrap the Result or Option that the analysis does not model.
        const head = pattern.childForFieldName('type')?.text;
        const inner = pattern.namedChildren.filter((c) => c !== pattern.childForFieldName('type'));
        for (const c of inner) bindPattern(c, head === 'Ok' || head === 'Some' ? val : undefined, ctx);
        return;
      }
      case 'match_pattern':
        bindPattern(pattern.namedChildren[0] ?? null, val, ctx);
        return;
      default:
        for (const c of pattern.namedChildren) if (c.type === 'identifier') declare(c.text, undefined);
    }
  };

  const childOrigin = (parent: Origin, at: Node, ctx: Ctx): Origin => {
    const o: Origin = { type: TCP_STREAM, creation: at, creationCtx: ctx, uses: [], children: [], findings: [] };
    parent.children.push(o);
    return o;
  };

  const ctxOfFunction = (fn: Node): Ctx => {
    const modifiers = fn.namedChildren.find((c) => c.type === 'function_modifiers');
    const isAsync = modifiers?.children.some((c) => c.type === 'async') ?? false;
    const name = fn.childForFieldName('name')?.text ?? '?';
    if (isAsync) return { kind: 'async', label: `async fn \`${name}\``, node: fn };
    return syncAsAsync && syncFns.has(name) ? { kind: 'async', label: `fn \`${name}\``, node: fn, helper: name } : { kind: 'sync' };
  };

  /** A closure argument of spawn_blocking, block_in_place or a thread spawn runs off the runtime. */
  const offRuntimeCall = (call: Node): string | undefined => {
    const fn = call.childForFieldName('function');
    if (!fn) return undefined;
    if (fn.type === 'field_expression') {
      const method = fn.childForFieldName('field')?.text ?? '';
      if (OFF_RUNTIME_METHODS.has(method)) return method;
      // std::thread::Builder::new().spawn(..) and scoped threads (`s.spawn(..)` inside std::thread::scope).
      if (method === 'spawn') {
        const recvType = evalType(fn.childForFieldName('value'));
        if (recvType === 'std::thread::Builder' || recvType === 'std::thread::Scope') return 'a thread spawn';
      }
      return undefined;
    }
    const path = resolvePath(fn, uses);
    if (path && OFF_RUNTIME_FUNCTIONS.has(path)) return path;
    const name = path?.split('::').at(-1);
    if (name && wrappers.has(name)) return `\`${name}\` (it hands the closure to a blocking thread)`;
    // Such helpers defined in another file: known by their conventional names (tokio's own `asyncify`).
    if (name && BLOCKING_HELPER_NAMES.test(name)) return `\`${name}\``;
    return undefined;
  };

  /** Cheap static type of a receiver chain for the off-runtime check (no side effects). */
  const evalType = (node: Node | null): string | undefined => {
    if (!node) return undefined;
    if (node.type === 'identifier') {
      const b = lookup(node.text);
      return b?.type && 'path' in b.type ? b.type.path : undefined;
    }
    if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'field_expression') return evalType(fn.childForFieldName('value'));
      const path = resolvePath(fn ?? null, uses);
      if (path === 'std::thread::Builder::new') return 'std::thread::Builder';
    }
    if (node.type === 'try_expression') return evalType(node.namedChildren[0] ?? null);
    return undefined;
  };

  /** `helper(..)` or `Self::helper(..)` naming a sync fn of this file (not an import, not a local closure). */
  const helperCallee = (fn: Node | null): string | undefined => {
    if (!fn) return undefined;
    if (fn.type === 'identifier') return !uses.names.has(fn.text) && !lookup(fn.text) && syncFns.has(fn.text) ? fn.text : undefined;
    if (fn.type === 'scoped_identifier' && fn.childForFieldName('path')?.text === 'Self') return fn.childForFieldName('name')?.text;
    return undefined;
  };

  const recordUse = (b: Binding, use: Omit<Use, 'ctx'>, ctx: Ctx): void => {
    b.origin?.uses.push({ ...use, ctx });
  };

  /** Visits an expression (and everything inside it) and returns what it evaluates to, when known. */
  const expr = (node: Node | null, ctx: Ctx): Val | undefined => {
    if (!node) return undefined;
    switch (node.type) {
      case 'function_item': {
        const fnCtx = ctxOfFunction(node);
        withScope(() => {
          for (const p of node.childForFieldName('parameters')?.namedChildren ?? []) {
            if (p.type !== 'parameter') continue;
            bindPattern(p.childForFieldName('pattern'), { type: typeFromTypeNode(p.childForFieldName('type')) }, fnCtx);
          }
          expr(node.childForFieldName('body'), fnCtx);
        }, true);
        return undefined;
      }
      case 'async_block':
        return withScope(() => {
          visitChildren(node, { kind: 'async', label: 'an async block', node });
          return undefined;
        });
      case 'closure_expression':
        return closure(node, ctx, undefined);
      case 'block':
        return withScope(() => {
          let last: Val | undefined;
          for (const c of node.namedChildren) last = expr(c, ctx);
          return last;
        });
      case 'let_declaration': {
        const val = expr(node.childForFieldName('value'), ctx);
        const declared = typeFromTypeNode(node.childForFieldName('type'));
        expr(node.childForFieldName('alternative'), ctx);
        bindPattern(node.childForFieldName('pattern'), declared ? { type: declared, origin: val?.origin } : val, ctx);
        return undefined;
      }
      case 'let_condition': {
        const val = expr(node.childForFieldName('value'), ctx);
        bindPattern(node.childForFieldName('pattern'), val, ctx);
        return undefined;
      }
      case 'if_expression':
      case 'while_expression': {
        // `if let` bindings are visible in the consequence only.
        return withScope(() => {
          expr(node.childForFieldName('condition'), ctx);
          expr(node.childForFieldName('consequence') ?? node.childForFieldName('body'), ctx);
          withScope(() => expr(node.childForFieldName('alternative'), ctx));
          return undefined;
        });
      }
      case 'for_expression': {
        const val = expr(node.childForFieldName('value'), ctx);
        const item = val?.type && 'iterOf' in val.type ? { type: val.type.iterOf } : undefined;
        return withScope(() => {
          bindPattern(node.childForFieldName('pattern'), item, ctx);
          expr(node.childForFieldName('body'), ctx);
          return undefined;
        });
      }
      case 'match_expression': {
        const val = expr(node.childForFieldName('value'), ctx);
        for (const arm of node.childForFieldName('body')?.namedChildren ?? []) {
          if (arm.type !== 'match_arm') continue;
          withScope(() => {
            bindPattern(arm.childForFieldName('pattern'), val, ctx);
            expr(arm.childForFieldName('value'), ctx);
          });
        }
        return undefined;
      }
      case 'try_expression':
      case 'parenthesized_expression':
      case 'reference_expression':
        return expr(node.namedChildren.find((c) => c.type !== 'mutable_specifier') ?? null, ctx);
      case 'await_expression':
        expr(node.namedChildren[0] ?? null, ctx);
        return undefined;
      case 'identifier': {
        const b = lookup(node.text);
        if (b?.origin) recordUse(b, { kind: classifyIdentifierUse(node), node }, ctx);
        return b ? { type: b.type, origin: b.origin } : undefined;
      }
      case 'call_expression':
        return call(node, ctx);
      case 'field_expression': {
        expr(node.childForFieldName('value'), ctx);
        const type = fields.get(node.childForFieldName('field')?.text ?? '');
        return type ? { type } : undefined;
      }
      case 'macro_invocation':
        macro(node, ctx);
        return undefined;
      case 'use_declaration':
      case 'line_comment':
      case 'block_comment':
        return undefined;
      default:
        visitChildren(node, ctx);
        return undefined;
    }
  };

  const macro = (node: Node, ctx: Ctx): void => {
    const name = node.childForFieldName('macro');
    const last = name?.type === 'scoped_identifier' ? name.childForFieldName('name')?.text : name?.text;
    const tokens = node.namedChildren.find((c) => c.type === 'token_tree');
    if (!tokens) return;
    if (!last || !EXPRESSION_MACROS.has(last) || tokens.endIndex - tokens.startIndex < 2) {
      // What another macro does with a tracked socket is unknown: an opaque use (no tokio rewrite then).
      for (const id of tokens.descendantsOfType('identifier')) {
        const b = lookup(id.text);
        if (b?.origin) recordUse(b, { kind: 'other', node: id }, ctx);
      }
      return;
    }
    const inner = tokens.text.slice(1, -1);
    const tree = parseRust(`${MACRO_PREFIX}${inner}); }`);
    subtrees.push(tree);
    shifts.set(tree, startOf(tokens) + 1 - MACRO_PREFIX.length);
    const callNode = tree.rootNode.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')?.text === '__m');
    const args = callNode?.childForFieldName('arguments')?.namedChildren ?? [];
    const vals = args.map((a) => expr(a, ctx));
    // write!(stream, ..) is stream.write_fmt(..): blocking on a std socket or file.
    const writer = vals[0]?.type && 'path' in vals[0].type ? vals[0].type.path : undefined;
    const api = (last === 'write' || last === 'writeln') && writer ? METHODS[writer]?.write : undefined;
    if (api?.id && callNode) {
      report({
        id: api.id.replace(/-write$/, '-write-fmt'), call: node, target: name!, api: `${writer}::write_fmt (${last}!)`,
        why: api.why ?? DEFAULT_WHY, ctx, kind: 'method',
      });
    }
  };

  const visitChildren = (node: Node, ctx: Ctx): void => {
    for (const c of node.namedChildren) expr(c, ctx);
  };

  /** How a reference to a tracked socket is used, from its syntactic parent. */
  const classifyIdentifierUse = (id: Node): Use['kind'] => {
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
  };

  const closure = (node: Node, ctx: Ctx, offRuntime: string | undefined, paramType?: RustType): Val | undefined => {
    const isAsync = node.children.some((c) => c.type === 'async');
    const inner: Ctx = isAsync
      ? { kind: 'async', label: 'an async closure', node }
      : offRuntime
        ? { kind: 'off-runtime', label: offRuntime }
        : ctx;
    withScope(() => {
      for (const p of node.childForFieldName('parameters')?.namedChildren ?? []) {
        const pattern = p.type === 'parameter' ? p.childForFieldName('pattern') : p;
        const declared = p.type === 'parameter' ? typeFromTypeNode(p.childForFieldName('type')) : undefined;
        bindPattern(pattern, { type: declared ?? paramType }, inner);
      }
      expr(node.childForFieldName('body'), inner);
    });
    return undefined;
  };

  const call = (node: Node, ctx: Ctx): Val | undefined => {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    const off = offRuntimeCall(node);
    const scoped = fn?.type !== 'field_expression' && resolvePath(fn, uses) === 'std::thread::scope';
    const argVals: (Val | undefined)[] = [];
    const visitArgs = (): void => {
      for (const a of args?.namedChildren ?? []) {
        if (a.type === 'closure_expression') argVals.push(closure(a, ctx, off, scoped ? t('std::thread::Scope') : undefined));
        else argVals.push(expr(a, ctx));
      }
    };

    if (fn?.type === 'field_expression') {
      const method = fn.childForFieldName('field')?.text ?? '';
      const recv = expr(fn.childForFieldName('value'), ctx);
      const helper = fn.childForFieldName('value')?.type === 'self' ? helpers.get(method) : undefined;
      if (helper) {
        visitArgs();
        report({
          id: 'rust/blocking-helper', call: node, target: fn.childForFieldName('field')!, api: `self.${method}`,
          why: `blocks: it calls \`${helper.api}\``, ctx, kind: 'method', via: helper,
        });
        return undefined;
      }
      const recvUse = recv?.origin?.uses.at(-1);
      if (recvUse && recvUse.kind === 'method' && !recvUse.method) recvUse.method = method;
      visitArgs();
      const recvType = recv?.type && 'path' in recv.type ? recv.type.path : undefined;
      if (PASS_THROUGH_METHODS.has(method)) return recv;
      const api = recvType ? METHODS[recvType]?.[method] : undefined;
      if (recvUse && recvUse.kind === 'method') recvUse.api = api;
      if (api?.id) {
        report({
          id: api.id, call: node, target: fn.childForFieldName('field')!, api: `${recvType}::${method}`,
          why: api.why ?? DEFAULT_WHY, ctx, origin: recv?.origin, kind: 'method',
        });
      }
      if (!api?.returns) return undefined;
      // A stream accepted from a tracked listener is converted along with it.
      return { type: api.returns, origin: recvType === TCP_LISTENER && method === 'accept' ? recv?.origin : undefined };
    }

    const path = resolvePath(fn, uses);
    visitArgs();
    const helperName = helperCallee(fn);
    const helper = helperName ? helpers.get(helperName) : undefined;
    if (helper && fn) {
      report({
        id: 'rust/blocking-helper', call: node, target: fn, api: helperName!, why: `blocks: it calls \`${helper.api}\``, ctx,
        kind: 'function', callee: fn, via: helper,
      });
      return undefined;
    }
    if (!path) {
      if (fn && fn.type !== 'identifier' && fn.type !== 'scoped_identifier') expr(fn, ctx);
      return undefined;
    }
    if (WRAPPER_CONSTRUCTORS.has(path) || /^(Arc|Rc|Box)::(new|clone)$/.test(path)) {
      if (path === 'std::io::BufReader::new') {
        const inner = argVals[0]?.type;
        return inner && 'path' in inner && [TCP_STREAM, 'std::fs::File', 'std::io::Stdin'].includes(inner.path)
          ? { type: t('std::io::BufReader') }
          : undefined;
      }
      return argVals[0];
    }
    if (path === 'std::thread::scope') return undefined;
    const api = FUNCTIONS[path] ?? (path.startsWith('reqwest::blocking::') && /::(get|post)$/.test(path) ? FUNCTIONS['reqwest::blocking::get'] : undefined);
    if (!api) return undefined;
    let origin: Origin | undefined;
    if (api.returns && 'path' in api.returns && (api.returns.path === TCP_LISTENER || api.returns.path === TCP_STREAM) && ctx.kind === 'async') {
      origin = { type: api.returns.path, creation: node, creationCtx: ctx, uses: [], children: [], findings: [] };
      origins.push(origin);
    }
    if (api.id) {
      report({
        id: api.id, call: node, target: fn!, api: path, why: api.why ?? DEFAULT_WHY, instead: api.instead, ctx, origin,
        kind: 'function', path, callee: fn!,
      });
    }
    return api.returns ? { type: api.returns, origin } : undefined;
  };

  // Sync fns (and methods) of this file, by name; a name defined twice is ambiguous and left out.
  const syncFns = new Set<string>();
  const seenFns = new Set<string>();
  for (const fn of root.descendantsOfType('function_item')) {
    const name = fn.childForFieldName('name')?.text;
    if (!name) continue;
    const isAsync = fn.namedChildren.find((c) => c.type === 'function_modifiers')?.children.some((c) => c.type === 'async') ?? false;
    if (seenFns.has(name)) syncFns.delete(name);
    else if (!isAsync) syncFns.add(name);
    seenFns.add(name);
  }

  // Helpers of this file that hand a closure parameter to spawn_blocking (tokio's own `asyncify`, an app's
  // `run_blocking`): closures given to them run off the runtime too.
  for (const fn of root.descendantsOfType('function_item')) {
    const params = new Set(
      (fn.childForFieldName('parameters')?.namedChildren ?? [])
        .map((p) => p.childForFieldName('pattern')?.text.replace(/^mut\s+/, ''))
        .filter((n): n is string => !!n),
    );
    const name = fn.childForFieldName('name')?.text;
    if (!name || params.size === 0) continue;
    const hands = fn.childForFieldName('body')?.descendantsOfType('call_expression').some((c) => {
      const callee = c.childForFieldName('function');
      const method = callee?.type === 'field_expression' ? callee.childForFieldName('field')?.text : undefined;
      const off = method ? OFF_RUNTIME_METHODS.has(method) : OFF_RUNTIME_FUNCTIONS.has(resolvePath(callee ?? null, uses) ?? '');
      return off && (c.childForFieldName('arguments')?.namedChildren ?? []).some((a) => a.type === 'identifier' && params.has(a.text));
    });
    if (hands) wrappers.add(name);
  }

  for (const field of root.descendantsOfType('field_declaration')) {
    const name = field.childForFieldName('name')?.text;
    const type = typeFromTypeNode(field.childForFieldName('type'));
    if (!name) continue;
    const seen = fields.get(name);
    const key = (x: RustType | undefined | null): string => JSON.stringify(x ?? null);
    fields.set(name, seen === undefined ? (type ?? null) : key(seen) === key(type) ? seen : null);
  }

  withScope(() => {
    for (const c of root.namedChildren) expr(c, { kind: 'sync' });
  });

  return { findings: findings.filter((f) => keepFinding(f)), origins, uses, root, subtrees };
}

/**
 * `bind` alone returns at once; it is reported because the listener it makes will block. It is not reported when
 * the listener is handed to `from_std` (the article's conversion) or only used on threads made for blocking.
 */
function keepFinding(f: RawFinding): boolean {
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
