import type { Node, Tree } from 'web-tree-sitter';
import { FUNCTIONS, METHODS, OFF_RUNTIME_FUNCTIONS, OFF_RUNTIME_METHODS, PASS_THROUGH_METHODS, TCP_LISTENER, TCP_STREAM, WRAPPER_CONSTRUCTORS, t, type RustType } from '../apis';
import { parseRust } from '../parser';
import { resolvePath, type UseMap } from '../uses';
import { shifts, startOf, type Binding, type Ctx, type Helpers, type Origin, type RawFinding, type Use, type Val } from './model';
import { Scopes } from './scopes';
import { childOrigin, classifyIdentifierUse, typeFromTypeNode } from './syntax';

const EXPRESSION_MACROS = new Set([
  'print', 'println', 'eprint', 'eprintln', 'format', 'write', 'writeln', 'panic', 'assert', 'assert_eq', 'assert_ne',
  'debug_assert', 'debug_assert_eq', 'debug_assert_ne', 'dbg', 'vec', 'trace', 'debug', 'info', 'warn', 'error', 'join', 'try_join',
]);
const BLOCKING_HELPER_NAMES = /^(asyncify|unblock|spawn_blocking|block_in_place|run_blocking)$/;
const MACRO_PREFIX = 'fn __loopguard_macro() { __m(';
const DEFAULT_WHY = 'blocks the runtime thread';

/**
 * One pass over a file's tree: tracks what each binding holds (std sockets, files, wrappers), in which context
 * each expression runs, and reports blocking calls made in async context.
 */
export class Walker {
  readonly findings: RawFinding[] = [];
  readonly origins: Origin[] = [];
  /** Trees parsed from macro arguments; the caller deletes them with the file's tree. */
  readonly subtrees: Tree[] = [];
  private readonly scopes = new Scopes<Binding>();

  /**
   * `syncFns`: the file's sync fns by name; `wrappers`: its fns that hand a closure to a blocking thread;
   * `fields`: struct field types by name. `syncAsAsync`: analyse sync fns as if they ran on the runtime.
   */
  constructor(
    private readonly uses: UseMap,
    private readonly helpers: Helpers,
    private readonly syncAsAsync: boolean,
    private readonly syncFns: ReadonlySet<string>,
    private readonly wrappers: ReadonlySet<string>,
    private readonly fields: ReadonlyMap<string, RustType | null>,
  ) {}

  private declare(name: string, val: Val | undefined): void {
    this.scopes.declare(name, { name, ...val });
  }

  /** Visits the file's top-level items, in sync context. */
  walkFile(root: Node): void {
    this.scopes.with(() => {
      for (const c of root.namedChildren) this.expr(c, { kind: 'sync' });
    });
  }

  private report(f: Omit<RawFinding, 'ctx'> & { ctx: Ctx }): void {
    if (f.ctx.kind !== 'async') return;
    const finding = { ...f, ctx: f.ctx };
    this.findings.push(finding);
    f.origin?.findings.push(finding);
  }

  /** Binds the names of a pattern to what the matched value holds. */
  private bindPattern(pattern: Node | null, val: Val | undefined, ctx: Ctx): void {
    if (!pattern) return;
    switch (pattern.type) {
      case 'identifier':
        this.declare(pattern.text, val);
        return;
      case 'mut_pattern':
      case 'ref_pattern':
      case 'reference_pattern':
        for (const c of pattern.namedChildren) if (c.type !== 'mutable_specifier') this.bindPattern(c, val, ctx);
        return;
      case 'tuple_pattern': {
        const parts = pattern.namedChildren;
        parts.forEach((p, i) => {
          const type = val?.type && 'tuple' in val.type ? val.type.tuple[i] : undefined;
          const child = type && 'path' in type && type.path === TCP_STREAM && val?.origin ? childOrigin(val.origin, p, ctx) : undefined;
          this.bindPattern(p, type ? { type, origin: child } : undefined, ctx);
        });
        return;
      }
      case 'tuple_struct_pattern': {
        // Ok(x) / Some(x) unwrap the Result or Option that the analysis does not model.
        const head = pattern.childForFieldName('type')?.text;
        const inner = pattern.namedChildren.filter((c) => c !== pattern.childForFieldName('type'));
        for (const c of inner) this.bindPattern(c, head === 'Ok' || head === 'Some' ? val : undefined, ctx);
        return;
      }
      case 'match_pattern':
        this.bindPattern(pattern.namedChildren[0] ?? null, val, ctx);
        return;
      default:
        for (const c of pattern.namedChildren) if (c.type === 'identifier') this.declare(c.text, undefined);
    }
  }

  private ctxOfFunction(fn: Node): Ctx {
    const modifiers = fn.namedChildren.find((c) => c.type === 'function_modifiers');
    const isAsync = modifiers?.children.some((c) => c.type === 'async') ?? false;
    const name = fn.childForFieldName('name')?.text ?? '?';
    if (isAsync) return { kind: 'async', label: `async fn \`${name}\``, node: fn };
    return this.syncAsAsync && this.syncFns.has(name) ? { kind: 'async', label: `fn \`${name}\``, node: fn, helper: name } : { kind: 'sync' };
  }

  /** A closure argument of spawn_blocking, block_in_place or a thread spawn runs off the runtime. */
  private offRuntimeCall(call: Node): string | undefined {
    const fn = call.childForFieldName('function');
    if (!fn) return undefined;
    if (fn.type === 'field_expression') {
      const method = fn.childForFieldName('field')?.text ?? '';
      if (OFF_RUNTIME_METHODS.has(method)) return method;
      // std::thread::Builder::new().spawn(..) and scoped threads (`s.spawn(..)` inside std::thread::scope).
      if (method === 'spawn') {
        const recvType = this.evalType(fn.childForFieldName('value'));
        if (recvType === 'std::thread::Builder' || recvType === 'std::thread::Scope') return 'a thread spawn';
      }
      return undefined;
    }
    const path = resolvePath(fn, this.uses);
    if (path && OFF_RUNTIME_FUNCTIONS.has(path)) return path;
    const name = path?.split('::').at(-1);
    if (name && this.wrappers.has(name)) return `\`${name}\` (it hands the closure to a blocking thread)`;
    // Such helpers defined in another file: known by their conventional names (tokio's own `asyncify`).
    if (name && BLOCKING_HELPER_NAMES.test(name)) return `\`${name}\``;
    return undefined;
  }

  /** Cheap static type of a receiver chain for the off-runtime check (no side effects). */
  private evalType(node: Node | null): string | undefined {
    if (!node) return undefined;
    if (node.type === 'identifier') {
      const b = this.scopes.lookup(node.text);
      return b?.type && 'path' in b.type ? b.type.path : undefined;
    }
    if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'field_expression') return this.evalType(fn.childForFieldName('value'));
      const path = resolvePath(fn ?? null, this.uses);
      if (path === 'std::thread::Builder::new') return 'std::thread::Builder';
    }
    if (node.type === 'try_expression') return this.evalType(node.namedChildren[0] ?? null);
    return undefined;
  }

  /** `helper(..)` or `Self::helper(..)` naming a sync fn of this file (not an import, not a local closure). */
  private helperCallee(fn: Node | null): string | undefined {
    if (!fn) return undefined;
    if (fn.type === 'identifier') return !this.uses.names.has(fn.text) && !this.scopes.lookup(fn.text) && this.syncFns.has(fn.text) ? fn.text : undefined;
    if (fn.type === 'scoped_identifier' && fn.childForFieldName('path')?.text === 'Self') return fn.childForFieldName('name')?.text;
    return undefined;
  }

  private recordUse(b: Binding, use: Omit<Use, 'ctx'>, ctx: Ctx): void {
    b.origin?.uses.push({ ...use, ctx });
  }

  /** Visits an expression (and everything inside it) and returns what it evaluates to, when known. */
  expr(node: Node | null, ctx: Ctx): Val | undefined {
    if (!node) return undefined;
    switch (node.type) {
      case 'function_item': {
        const fnCtx = this.ctxOfFunction(node);
        this.scopes.with(() => {
          for (const p of node.childForFieldName('parameters')?.namedChildren ?? []) {
            if (p.type !== 'parameter') continue;
            this.bindPattern(p.childForFieldName('pattern'), { type: typeFromTypeNode(p.childForFieldName('type'), this.uses) }, fnCtx);
          }
          this.expr(node.childForFieldName('body'), fnCtx);
        }, true);
        return undefined;
      }
      case 'async_block':
        return this.scopes.with(() => {
          this.visitChildren(node, { kind: 'async', label: 'an async block', node });
          return undefined;
        });
      case 'closure_expression':
        return this.closure(node, ctx, undefined);
      case 'block':
        return this.scopes.with(() => {
          let last: Val | undefined;
          for (const c of node.namedChildren) last = this.expr(c, ctx);
          return last;
        });
      case 'let_declaration': {
        const val = this.expr(node.childForFieldName('value'), ctx);
        const declared = typeFromTypeNode(node.childForFieldName('type'), this.uses);
        this.expr(node.childForFieldName('alternative'), ctx);
        this.bindPattern(node.childForFieldName('pattern'), declared ? { type: declared, origin: val?.origin } : val, ctx);
        return undefined;
      }
      case 'let_condition': {
        const val = this.expr(node.childForFieldName('value'), ctx);
        this.bindPattern(node.childForFieldName('pattern'), val, ctx);
        return undefined;
      }
      case 'if_expression':
      case 'while_expression': {
        // `if let` bindings are visible in the consequence only.
        return this.scopes.with(() => {
          this.expr(node.childForFieldName('condition'), ctx);
          this.expr(node.childForFieldName('consequence') ?? node.childForFieldName('body'), ctx);
          this.scopes.with(() => this.expr(node.childForFieldName('alternative'), ctx));
          return undefined;
        });
      }
      case 'for_expression': {
        const val = this.expr(node.childForFieldName('value'), ctx);
        const item = val?.type && 'iterOf' in val.type ? { type: val.type.iterOf } : undefined;
        return this.scopes.with(() => {
          this.bindPattern(node.childForFieldName('pattern'), item, ctx);
          this.expr(node.childForFieldName('body'), ctx);
          return undefined;
        });
      }
      case 'match_expression': {
        const val = this.expr(node.childForFieldName('value'), ctx);
        for (const arm of node.childForFieldName('body')?.namedChildren ?? []) {
          if (arm.type !== 'match_arm') continue;
          this.scopes.with(() => {
            this.bindPattern(arm.childForFieldName('pattern'), val, ctx);
            this.expr(arm.childForFieldName('value'), ctx);
          });
        }
        return undefined;
      }
      case 'try_expression':
      case 'parenthesized_expression':
      case 'reference_expression':
        return this.expr(node.namedChildren.find((c) => c.type !== 'mutable_specifier') ?? null, ctx);
      case 'await_expression':
        this.expr(node.namedChildren[0] ?? null, ctx);
        return undefined;
      case 'identifier': {
        const b = this.scopes.lookup(node.text);
        if (b?.origin) this.recordUse(b, { kind: classifyIdentifierUse(node, this.uses), node }, ctx);
        return b ? { type: b.type, origin: b.origin } : undefined;
      }
      case 'call_expression':
        return this.call(node, ctx);
      case 'field_expression': {
        this.expr(node.childForFieldName('value'), ctx);
        const type = this.fields.get(node.childForFieldName('field')?.text ?? '');
        return type ? { type } : undefined;
      }
      case 'macro_invocation':
        this.macro(node, ctx);
        return undefined;
      case 'use_declaration':
      case 'line_comment':
      case 'block_comment':
        return undefined;
      default:
        this.visitChildren(node, ctx);
        return undefined;
    }
  }

  private macro(node: Node, ctx: Ctx): void {
    const name = node.childForFieldName('macro');
    const last = name?.type === 'scoped_identifier' ? name.childForFieldName('name')?.text : name?.text;
    const tokens = node.namedChildren.find((c) => c.type === 'token_tree');
    if (!tokens) return;
    if (!last || !EXPRESSION_MACROS.has(last) || tokens.endIndex - tokens.startIndex < 2) {
      // What another macro does with a tracked socket is unknown: an opaque use (no tokio rewrite then).
      for (const id of tokens.descendantsOfType('identifier')) {
        const b = this.scopes.lookup(id.text);
        if (b?.origin) this.recordUse(b, { kind: 'other', node: id }, ctx);
      }
      return;
    }
    const inner = tokens.text.slice(1, -1);
    const tree = parseRust(`${MACRO_PREFIX}${inner}); }`);
    this.subtrees.push(tree);
    shifts.set(tree, startOf(tokens) + 1 - MACRO_PREFIX.length);
    const callNode = tree.rootNode.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')?.text === '__m');
    const args = callNode?.childForFieldName('arguments')?.namedChildren ?? [];
    const vals = args.map((a) => this.expr(a, ctx));
    // write!(stream, ..) is stream.write_fmt(..): blocking on a std socket or file.
    const writer = vals[0]?.type && 'path' in vals[0].type ? vals[0].type.path : undefined;
    const api = (last === 'write' || last === 'writeln') && writer ? METHODS[writer]?.write : undefined;
    if (api?.id && callNode) {
      this.report({
        id: api.id.replace(/-write$/, '-write-fmt'), call: node, target: name!, api: `${writer}::write_fmt (${last}!)`,
        why: api.why ?? DEFAULT_WHY, ctx, kind: 'method',
      });
    }
  }

  private visitChildren(node: Node, ctx: Ctx): void {
    for (const c of node.namedChildren) this.expr(c, ctx);
  }

  private closure(node: Node, ctx: Ctx, offRuntime: string | undefined, paramType?: RustType): Val | undefined {
    const isAsync = node.children.some((c) => c.type === 'async');
    const inner: Ctx = isAsync
      ? { kind: 'async', label: 'an async closure', node }
      : offRuntime
        ? { kind: 'off-runtime', label: offRuntime }
        : ctx;
    this.scopes.with(() => {
      for (const p of node.childForFieldName('parameters')?.namedChildren ?? []) {
        const pattern = p.type === 'parameter' ? p.childForFieldName('pattern') : p;
        const declared = p.type === 'parameter' ? typeFromTypeNode(p.childForFieldName('type'), this.uses) : undefined;
        this.bindPattern(pattern, { type: declared ?? paramType }, inner);
      }
      this.expr(node.childForFieldName('body'), inner);
    });
    return undefined;
  }

  private call(node: Node, ctx: Ctx): Val | undefined {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    const off = this.offRuntimeCall(node);
    const scoped = fn?.type !== 'field_expression' && resolvePath(fn, this.uses) === 'std::thread::scope';
    const argVals: (Val | undefined)[] = [];
    const visitArgs = (): void => {
      for (const a of args?.namedChildren ?? []) {
        if (a.type === 'closure_expression') argVals.push(this.closure(a, ctx, off, scoped ? t('std::thread::Scope') : undefined));
        else argVals.push(this.expr(a, ctx));
      }
    };

    if (fn?.type === 'field_expression') {
      const method = fn.childForFieldName('field')?.text ?? '';
      const recv = this.expr(fn.childForFieldName('value'), ctx);
      const helper = fn.childForFieldName('value')?.type === 'self' ? this.helpers.get(method) : undefined;
      if (helper) {
        visitArgs();
        this.report({
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
        this.report({
          id: api.id, call: node, target: fn.childForFieldName('field')!, api: `${recvType}::${method}`,
          why: api.why ?? DEFAULT_WHY, ctx, origin: recv?.origin, kind: 'method',
        });
      }
      if (!api?.returns) return undefined;
      // A stream accepted from a tracked listener is converted along with it.
      return { type: api.returns, origin: recvType === TCP_LISTENER && method === 'accept' ? recv?.origin : undefined };
    }

    const path = resolvePath(fn, this.uses);
    visitArgs();
    const helperName = this.helperCallee(fn);
    const helper = helperName ? this.helpers.get(helperName) : undefined;
    if (helper && fn) {
      this.report({
        id: 'rust/blocking-helper', call: node, target: fn, api: helperName!, why: `blocks: it calls \`${helper.api}\``, ctx,
        kind: 'function', callee: fn, via: helper,
      });
      return undefined;
    }
    if (!path) {
      if (fn && fn.type !== 'identifier' && fn.type !== 'scoped_identifier') this.expr(fn, ctx);
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
      this.origins.push(origin);
    }
    if (api.id) {
      this.report({
        id: api.id, call: node, target: fn!, api: path, why: api.why ?? DEFAULT_WHY, instead: api.instead, ctx, origin,
        kind: 'function', path, callee: fn!,
      });
    }
    return api.returns ? { type: api.returns, origin } : undefined;
  }
}
