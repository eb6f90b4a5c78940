import { ASTUtils, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

/** Where code runs on the event loop after start-up. */
export type ContextKind = 'async-function' | 'promise-callback' | 'request-handler' | 'event-listener' | 'timer';

export const CONTEXT_KINDS: readonly ContextKind[] = [
  'async-function',
  'promise-callback',
  'request-handler',
  'event-listener',
  'timer',
];

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export interface ExecContext {
  readonly kind: ContextKind;
  /** The function that the event loop runs (the async function, the handler, the callback). */
  readonly fn: FunctionNode;
  /** The innermost function around the call; differs from `fn` for nested synchronous callbacks. */
  readonly inner: FunctionNode;
  /** How a message names the context: "an async function", "a request handler", ... */
  readonly description: string;
}

const DESCRIPTIONS: Record<ContextKind, string> = {
  'async-function': 'an async function',
  'promise-callback': 'a promise callback',
  'request-handler': 'a request handler',
  'event-listener': 'an event listener',
  timer: 'a timer callback',
};

const ROUTE_METHODS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'any', 'trace', 'connect',
]);
const MIDDLEWARE_METHODS = new Set(['use', 'param']);
const REQUEST_EVENTS = new Set([
  'request', 'connection', 'upgrade', 'stream', 'session', 'checkContinue', 'checkExpectation', 'secureConnection', 'connect',
]);
/** Listeners that must be synchronous or run while the process is going down. */
const NOT_LOOP_EVENTS = new Set(['exit']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);
/** `_.debounce(save, 5000)`, `throttle(100, fn)`: the function never runs in place, a timer runs it later. */
const DEFERRING_FUNCTIONS = new Set(['debounce', 'throttle']);
const SERVER_FACTORIES = new Set(['createServer', 'createSecureServer']);
const WATCH_FUNCTIONS = new Set(['watch', 'watchFile']);
const FASTIFY_HOOK_KEYS = new Set([
  'handler', 'preHandler', 'onRequest', 'preParsing', 'preValidation', 'preSerialization', 'onSend', 'onResponse', 'errorHandler',
]);
const NEST_CLASS_DECORATORS = new Set(['Controller', 'WebSocketGateway', 'Resolver']);
/**
 * NestJS classes whose one method runs per request although no route decorator marks it: an exception
 * filter's `catch()`, a middleware's `use()`, a guard's `canActivate()`, an interceptor's `intercept()`.
 */
const NEST_PER_REQUEST_METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['Catch', new Set(['catch'])],
  ['Injectable', new Set(['use', 'canActivate', 'intercept', 'transform'])],
]);
/** Node's stream classes: the functions handed to their constructors run when data moves, on the loop. */
const STREAM_CLASSES = new Set(['Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough']);
const STREAM_METHODS = new Set(['read', 'write', 'writev', 'transform', 'flush', 'final', 'destroy', 'construct']);
const STREAM_OVERRIDES = new Set(['_read', '_write', '_writev', '_transform', '_flush', '_final', '_destroy', '_construct']);
/** Properties that frameworks call per failing or incoming request when a function is assigned to them (`app.context.onerror = fn`). */
const REQUEST_HOOK_PROPERTIES = new Set(['onerror', 'errorHandler', 'notFoundHandler']);
const NEST_METHOD_DECORATORS = new Set([
  'Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'Sse',
  'MessagePattern', 'EventPattern', 'SubscribeMessage', 'Query', 'Mutation', 'Subscription', 'Cron', 'Interval', 'Timeout', 'OnEvent',
]);

export function isFunction(node: TSESTree.Node): node is FunctionNode {
  return node.type === T.FunctionDeclaration || node.type === T.FunctionExpression || node.type === T.ArrowFunctionExpression;
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current) {
    if (isFunction(current)) return current;
    current = current.parent;
  }
  return undefined;
}

function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === T.TSAsExpression ||
      current.parent.type === T.TSSatisfiesExpression ||
      current.parent.type === T.TSNonNullExpression)
  ) {
    current = current.parent;
  }
  return current;
}

function calleeName(callee: TSESTree.Node): string | undefined {
  if (callee.type === T.Identifier) return callee.name;
  if (callee.type === T.MemberExpression) return ASTUtils.getPropertyName(callee) ?? undefined;
  return undefined;
}

function isPathLike(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  if (node.type === T.Literal) {
    if ('regex' in node && node.regex) return true;
    return typeof node.value === 'string' && /^[/*]/.test(node.value);
  }
  if (node.type === T.TemplateLiteral) return /^[/*]/.test(node.quasis[0]?.value.cooked ?? '');
  // One level only: route arrays hold strings and regular expressions.
  if (node.type === T.ArrayExpression) return node.elements.length > 0 && node.elements.every((e) => e?.type !== T.ArrayExpression && e !== null && isPathLike(e));
  return false;
}

function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  const expr = decorator.expression;
  if (expr.type === T.CallExpression) return calleeName(expr.callee);
  return calleeName(expr);
}

/** Whether a name refers to the global (not shadowed by a local binding). */
function isGlobalName(sourceCode: Readonly<TSESLint.SourceCode>, id: TSESTree.Identifier): boolean {
  const variable = ASTUtils.findVariable(sourceCode.getScope(id) as never, id);
  return !variable || variable.defs.length === 0;
}

export type Role =
  | { type: 'context'; kind: ContextKind }
  /** Runs synchronously while its caller runs: `map`, `forEach`, the `new Promise` executor. */
  | { type: 'inline' }
  /** Not run where it is written: a named helper, a stored callback, a method. */
  | { type: 'none' };

/** `fn` is a function written in place, or an identifier that passes a named function along (`app.get('/', list)`). */
function roleOf(fn: FunctionNode | TSESTree.Identifier | TSESTree.MemberExpression, sourceCode: Readonly<TSESLint.SourceCode>): Role {
  const node = skipWrappers(fn);
  const parent = node.parent;
  if (!parent) return { type: 'none' };

  if (parent.type === T.MethodDefinition && parent.value === node) {
    const cls = parent.parent.parent;
    const isClass = cls?.type === T.ClassDeclaration || cls?.type === T.ClassExpression;
    // espree leaves `decorators` out of class nodes; only typescript-eslint sets it.
    const classDecorators = isClass ? (cls.decorators ?? []).map((d) => decoratorName(d) ?? '') : [];
    const classDecorated = classDecorators.some((d) => NEST_CLASS_DECORATORS.has(d));
    if (classDecorated && (parent.decorators ?? []).some((d) => NEST_METHOD_DECORATORS.has(decoratorName(d) ?? ''))) {
      return { type: 'context', kind: 'request-handler' };
    }
    const methodName = parent.computed ? undefined : ASTUtils.getPropertyName(parent);
    if (methodName && classDecorators.some((d) => NEST_PER_REQUEST_METHODS.get(d)?.has(methodName))) {
      return { type: 'context', kind: 'request-handler' };
    }
    // class Gzip extends Transform { _transform(chunk, enc, done) { ... } }
    if (methodName && STREAM_OVERRIDES.has(methodName) && isClass && cls.superClass && STREAM_CLASSES.has(calleeName(cls.superClass) ?? '')) {
      return { type: 'context', kind: 'event-listener' };
    }
    return { type: 'none' };
  }

  if (parent.type === T.Property && parent.value === node) {
    // fastify: app.route({ method, url, handler() {} })
    const key = ASTUtils.getPropertyName(parent);
    const call = parent.parent.parent;
    if (key && FASTIFY_HOOK_KEYS.has(key) && call?.type === T.CallExpression && calleeName(call.callee) === 'route') {
      return { type: 'context', kind: 'request-handler' };
    }
    // new Transform({ transform(chunk, enc, done) { ... } }): runs each time data flows, not in the constructor.
    if (key && STREAM_METHODS.has(key) && call?.type === T.NewExpression && STREAM_CLASSES.has(calleeName(call.callee) ?? '')) {
      return { type: 'context', kind: 'event-listener' };
    }
    return { type: 'none' };
  }

  // A middleware factory's product: `return function (req, res, next) { ... }` runs per request.
  if ((parent.type === T.ReturnStatement || (parent.type === T.ArrowFunctionExpression && parent.body === node)) && isFunction(node) && hasHandlerParams(node)) {
    return { type: 'context', kind: 'request-handler' };
  }
  if (parent.type === T.AssignmentExpression && parent.right === node && parent.left.type === T.MemberExpression && isFunction(node)) {
    // app.context.onerror = function (err) { ... } (koa), module.exports = function (req, res) { ... }
    const property = ASTUtils.getPropertyName(parent.left);
    if ((property && REQUEST_HOOK_PROPERTIES.has(property)) || hasHandlerParams(node)) return { type: 'context', kind: 'request-handler' };
    return { type: 'none' };
  }

  if (parent.type === T.NewExpression && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    return { type: 'inline' };
  }
  if (parent.type !== T.CallExpression || !parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    return { type: 'none' };
  }

  const callee = parent.callee;
  const name = calleeName(callee);
  const args = parent.arguments;
  const index = args.indexOf(node as TSESTree.CallExpressionArgument);

  if (callee.type === T.MemberExpression && name && ['then', 'catch', 'finally'].includes(name)) {
    return { type: 'context', kind: 'promise-callback' };
  }
  if (name && TIMER_FUNCTIONS.has(name)) {
    if (callee.type === T.Identifier && !isGlobalName(sourceCode, callee)) return { type: 'inline' };
    return { type: 'context', kind: 'timer' };
  }
  if (name === 'nextTick' && callee.type === T.MemberExpression && calleeName(callee.object) === 'process') {
    return { type: 'context', kind: 'timer' };
  }
  if (name && SERVER_FACTORIES.has(name)) return { type: 'context', kind: 'request-handler' };
  // fs.watch(path, listener), fs.watchFile(path, listener): the listener runs on each change.
  if (name && WATCH_FUNCTIONS.has(name) && index > 0 && index === args.length - 1) return { type: 'context', kind: 'event-listener' };
  if (callee.type === T.MemberExpression && name && LISTENER_METHODS.has(name) && index > 0) {
    const event = ASTUtils.getStringIfConstant(args[0] as TSESTree.Node);
    if (event == null) return { type: 'context', kind: 'event-listener' };
    // `process.on('exit')` runs while the process goes down; a child's or a worker's 'exit' is an ordinary event.
    if (NOT_LOOP_EVENTS.has(event) && calleeName(callee.object) === 'process') return { type: 'none' };
    return { type: 'context', kind: REQUEST_EVENTS.has(event) ? 'request-handler' : 'event-listener' };
  }
  if (callee.type === T.MemberExpression && name === 'addHook' && index > 0) {
    return { type: 'context', kind: 'request-handler' };
  }
  if (callee.type === T.MemberExpression && name && ROUTE_METHODS.has(name)) {
    // app.get('/path', ...handlers) or router.route('/path').get(handler)
    if (index > 0 && isPathLike(args[0])) return { type: 'context', kind: 'request-handler' };
    const object = callee.object;
    if (object.type === T.CallExpression && calleeName(object.callee) === 'route') {
      return { type: 'context', kind: 'request-handler' };
    }
  }
  if (callee.type === T.MemberExpression && name && MIDDLEWARE_METHODS.has(name)) {
    if (index === 0 || isPathLike(args[0])) return { type: 'context', kind: 'request-handler' };
  }
  if (name && DEFERRING_FUNCTIONS.has(name)) return { type: 'context', kind: 'timer' };
  return { type: 'inline' };
}

/** `(req, res)`, `(request, response, next)`, `(req, reply)`: the shape of a request handler's parameters. */
function hasHandlerParams(fn: FunctionNode): boolean {
  const [first, second] = fn.params;
  return (
    first?.type === T.Identifier && /^_?req(uest)?$/u.test(first.name) &&
    second?.type === T.Identifier && /^_?(res|response|reply)$/u.test(second.name)
  );
}

/** An async function that runs once at start-up: `(async () => { ... })()` at module level. */
function isTopLevelIife(fn: FunctionNode): boolean {
  const node = skipWrappers(fn);
  const parent = node.parent;
  if (parent?.type !== T.CallExpression || parent.callee !== node) return false;
  return enclosingFunction(parent) === undefined;
}

/**
 * Classifies where a node runs. Returns undefined for module top level, plain synchronous functions
 * and start-up IIFEs; otherwise the innermost context, looking through synchronous inline callbacks.
 */
export function findContext(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): ExecContext | undefined {
  const inner = enclosingFunction(node);
  if (!inner) return undefined;
  // The context depends only on the innermost function: asked once per call inside it, computed once.
  const known = contextMemo.get(inner);
  if (known !== undefined) return known ?? undefined;
  const context = contextOf(inner, sourceCode);
  contextMemo.set(inner, context ?? null);
  return context;
}

// By function node: a node belongs to one parse, whose text and scopes do not change.
const contextMemo = new WeakMap<FunctionNode, ExecContext | null>();
const roleMemo = new WeakMap<FunctionNode, FunctionRole>();

function contextOf(inner: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): ExecContext | undefined {
  let fn: FunctionNode | undefined = inner;
  while (fn) {
    let role = roleOf(fn, sourceCode);
    if (role.type === 'none') role = passedRole(fn, sourceCode) ?? role;
    if (fn.async) {
      if (isTopLevelIife(fn)) return undefined;
      // An async route handler is named for what it is; any other async function is an async function.
      const kind = role.type === 'context' ? role.kind : 'async-function';
      return { kind, fn, inner, description: DESCRIPTIONS[kind] };
    }
    if (role.type === 'context') {
      return { kind: role.kind, fn, inner, description: DESCRIPTIONS[role.kind] };
    }
    if (role.type === 'none') return undefined;
    fn = enclosingFunction(fn);
  }
  return undefined;
}

/**
 * The role of a named function that is handed over by name where a callback would be written:
 * `app.get('/users', listUsers)`, `setInterval(tick, 1000)`, `http.createServer(handler)`,
 * `app.route({ handler: listUsers })`. Only same-file references; the first context found wins.
 */
export function passedRole(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): Role | undefined {
  const node = skipWrappers(fn);
  let declaration: TSESTree.Node | undefined;
  if (fn.type === T.FunctionDeclaration && fn.id) declaration = fn;
  else if (node.parent?.type === T.VariableDeclarator && node.parent.init === node && node.parent.id.type === T.Identifier) declaration = node.parent;
  if (!declaration) {
    // A method handed over as `Uploader.routeUpload` or `this.onMessage`: same-file member references by name.
    const holder = node.parent;
    if ((holder?.type === T.MethodDefinition || holder?.type === T.Property) && holder.value === node && !holder.computed) {
      const name = ASTUtils.getPropertyName(holder);
      for (const member of (name && memberArguments(sourceCode).get(name)) || []) {
        const role = roleOf(member, sourceCode);
        if (role.type === 'context') return role;
      }
    }
    return undefined;
  }
  const variable = sourceCode.scopeManager?.getDeclaredVariables(declaration)[0];
  for (const reference of variable?.references ?? []) {
    if (!reference.isRead()) continue;
    const role = roleOf(reference.identifier as TSESTree.Identifier, sourceCode);
    if (role.type === 'context') return role;
  }
  return undefined;
}

const memberArgumentIndex = new WeakMap<object, Map<string, TSESTree.MemberExpression[]>>();

/** `x.name` expressions passed as call arguments in a file, by `name`: one walk per file. */
function memberArguments(sourceCode: Readonly<TSESLint.SourceCode>): Map<string, TSESTree.MemberExpression[]> {
  const known = memberArgumentIndex.get(sourceCode);
  if (known) return known;
  const index = new Map<string, TSESTree.MemberExpression[]>();
  const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if ((node.type === T.CallExpression || node.type === T.NewExpression) && node.arguments.length > 0) {
      for (const arg of node.arguments) {
        if (arg.type === T.MemberExpression && !arg.computed && arg.property.type === T.Identifier) {
          const list = index.get(arg.property.name);
          if (list) list.push(arg);
          else index.set(arg.property.name, [arg]);
        }
      }
    }
    for (const key of keys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
      } else if (value && typeof (value as TSESTree.Node).type === 'string') stack.push(value as TSESTree.Node);
    }
  }
  memberArgumentIndex.set(sourceCode, index);
  return index;
}

/** The role of a function handed over by name (`app.get('/', list)`, `new App(restart)`) at that reference. */
export function referenceRole(ref: TSESTree.Identifier | TSESTree.MemberExpression, sourceCode: Readonly<TSESLint.SourceCode>): Role {
  return roleOf(ref, sourceCode);
}

export function describeContext(kind: ContextKind): string {
  return DESCRIPTIONS[kind];
}

export type FunctionRole = Role | { type: 'iife' };

/**
 * How a function runs: as a context of its own (handler, timer, ...), inline with its caller (sync callbacks,
 * IIFEs), once at start-up (a module-level IIFE), or not where it is written (a named function or method).
 */
export function findRole(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): FunctionRole {
  // Asked for every call inside the function and for every function around it: computed once a function.
  let role = roleMemo.get(fn);
  if (!role) {
    role = roleOfFunction(fn, sourceCode);
    roleMemo.set(fn, role);
  }
  return role;
}

function roleOfFunction(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): FunctionRole {
  if (isTopLevelIife(fn)) return { type: 'iife' };
  const node = skipWrappers(fn);
  if (node.parent?.type === T.CallExpression && node.parent.callee === node) return { type: 'inline' };
  return roleOf(fn, sourceCode);
}
