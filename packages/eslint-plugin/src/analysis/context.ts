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
const SERVER_FACTORIES = new Set(['createServer', 'createSecureServer']);
const FASTIFY_HOOK_KEYS = new Set([
  'handler', 'preHandler', 'onRequest', 'preParsing', 'preValidation', 'preSerialization', 'onSend', 'onResponse', 'errorHandler',
]);
const NEST_CLASS_DECORATORS = new Set(['Controller', 'WebSocketGateway', 'Resolver']);
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
function roleOf(fn: FunctionNode | TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): Role {
  const node = skipWrappers(fn);
  const parent = node.parent;
  if (!parent) return { type: 'none' };

  if (parent.type === T.MethodDefinition && parent.value === node) {
    const cls = parent.parent.parent;
    const classDecorated =
      (cls?.type === T.ClassDeclaration || cls?.type === T.ClassExpression) &&
      // espree leaves `decorators` out of class nodes; only typescript-eslint sets it.
      (cls.decorators ?? []).some((d) => NEST_CLASS_DECORATORS.has(decoratorName(d) ?? ''));
    if (classDecorated && (parent.decorators ?? []).some((d) => NEST_METHOD_DECORATORS.has(decoratorName(d) ?? ''))) {
      return { type: 'context', kind: 'request-handler' };
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
  if (callee.type === T.MemberExpression && name && LISTENER_METHODS.has(name) && index > 0) {
    const event = ASTUtils.getStringIfConstant(args[0] as TSESTree.Node);
    if (event == null) return { type: 'context', kind: 'event-listener' };
    if (NOT_LOOP_EVENTS.has(event)) return { type: 'none' };
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
  return { type: 'inline' };
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
  let fn = inner;
  while (fn) {
    let role = roleOf(fn, sourceCode);
    if (role.type === 'none') role = passedRole(fn, sourceCode) ?? role;
    if (fn.async) {
      if (isTopLevelIife(fn)) return undefined;
      // An async route handler is named for what it is; any other async function is an async function.
      const kind = role.type === 'context' ? role.kind : 'async-function';
      return { kind, fn, inner: inner as FunctionNode, description: DESCRIPTIONS[kind] };
    }
    if (role.type === 'context') {
      return { kind: role.kind, fn, inner: inner as FunctionNode, description: DESCRIPTIONS[role.kind] };
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
  if (!declaration) return undefined;
  const variable = sourceCode.scopeManager?.getDeclaredVariables(declaration)[0];
  for (const reference of variable?.references ?? []) {
    if (!reference.isRead()) continue;
    const role = roleOf(reference.identifier as TSESTree.Identifier, sourceCode);
    if (role.type === 'context') return role;
  }
  return undefined;
}

export type FunctionRole = Role | { type: 'iife' };

/**
 * How a function runs: as a context of its own (handler, timer, ...), inline with its caller (sync callbacks,
 * IIFEs), once at start-up (a module-level IIFE), or not where it is written (a named function or method).
 */
export function findRole(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): FunctionRole {
  if (isTopLevelIife(fn)) return { type: 'iife' };
  const node = skipWrappers(fn);
  if (node.parent?.type === T.CallExpression && node.parent.callee === node) return { type: 'inline' };
  return roleOf(fn, sourceCode);
}
