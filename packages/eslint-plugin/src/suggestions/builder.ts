import { moduleSpecifiers, normalizeModule, type CatalogEntry, type Rewrite } from '@loopguard/catalog';
import { ASTUtils, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { CalleeShape } from '../analysis/bindings';
import { enclosingFunction, type ExecContext, type FunctionNode } from '../analysis/context';
import { ImportPlanner } from './imports';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

export type SuggestionMessageId =
  | 'suggestFsPromises'
  | 'suggestAccess'
  | 'suggestPromisify'
  | 'suggestSibling'
  | 'suggestGlobalSibling';

export const SUGGESTION_MESSAGES: Record<SuggestionMessageId, string> = {
  suggestFsPromises: 'Replace with `await {{replacement}}(...)` from the promise API of `fs`.',
  suggestAccess: 'Replace with an `await`ed `{{replacement}}` check that does not block.',
  suggestPromisify: 'Replace with `await promisify({{replacement}})(...)`, which runs off the main thread.',
  suggestSibling: 'Replace with `await {{replacement}}(...)`.',
  suggestGlobalSibling: 'Replace with `await {{replacement}}(...)`.',
};

const MESSAGE_FOR: Record<Rewrite['type'], SuggestionMessageId> = {
  'fs-promises': 'suggestFsPromises',
  'exists-access': 'suggestAccess',
  promisify: 'suggestPromisify',
  sibling: 'suggestSibling',
  'module-call': 'suggestSibling',
  'global-sibling': 'suggestGlobalSibling',
};

export interface SuggestionInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly entry: CatalogEntry;
  readonly specifier: string | undefined;
  readonly callee: CalleeShape;
  readonly context: ExecContext;
}

export interface Suggestion {
  readonly messageId: SuggestionMessageId;
  readonly data: Record<string, string>;
  readonly fix: TSESLint.ReportFixFunction;
}

/** Where `await` can go, and what else must change for it to be legal. */
export type AwaitPlan =
  | { type: 'direct' }
  | { type: 'make-async'; fn: FunctionNode }
  /** `items.map(x => f(x))` becomes `await Promise.all(items.map(async x => ...))`. */
  | { type: 'map'; mapCall: TSESTree.CallExpression; callback: FunctionNode; makeOuterAsync: FunctionNode | undefined };

/** Names a callback's last parameter takes when its caller waits for it to be called. */
const DONE_PARAMS = new Set(['done', 'next', 'cb', 'callback']);

/**
 * Functions that can take `async`: not getters, setters, constructors or class static blocks, and not fastify
 * hooks that take `done` (fastify rejects an async hook that also takes `done`: FST_ERR_HOOK_INVALID_ASYNC_HANDLER).
 */
function canBeAsync(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === T.CallExpression && parent.callee.type === T.MemberExpression && ASTUtils.getPropertyName(parent.callee) === 'addHook') {
    const last = fn.params[fn.params.length - 1];
    if (last?.type === T.Identifier && DONE_PARAMS.has(last.name)) return false;
  }
  if (parent?.type === T.MethodDefinition) return parent.kind === 'method';
  if (parent?.type === T.Property) return parent.kind === 'init';
  if (parent?.type === T.TSAbstractMethodDefinition) return false;
  return true;
}

export function planAwait(context: ExecContext): AwaitPlan | undefined {
  const { fn, inner } = context;
  if (inner.async) return { type: 'direct' };
  if (inner === fn) return canBeAsync(fn) ? { type: 'make-async', fn } : undefined;
  // One level of `.map(cb)` directly inside the context function.
  const parent = inner.parent;
  if (
    parent?.type === T.CallExpression &&
    parent.arguments[0] === inner &&
    parent.callee.type === T.MemberExpression &&
    ASTUtils.getPropertyName(parent.callee) === 'map' &&
    enclosingFunction(parent) === fn &&
    inner.params.length <= 3
  ) {
    if (fn.async) return { type: 'map', mapCall: parent, callback: inner, makeOuterAsync: undefined };
    if (canBeAsync(fn)) return { type: 'map', mapCall: parent, callback: inner, makeOuterAsync: fn };
  }
  return undefined;
}

export function asyncInsertion(fixer: TSESLint.RuleFixer, sourceCode: Readonly<TSESLint.SourceCode>, fn: FunctionNode): TSESLint.RuleFix {
  const parent = fn.parent;
  if ((parent?.type === T.MethodDefinition || (parent?.type === T.Property && (parent.method || parent.kind !== 'init'))) && parent.value === fn) {
    if (!parent.computed) return fixer.insertTextBefore(parent.key, 'async ');
    // Before the `[` of a computed key: a parser that gives no tokens (the language server's quick pass) has the text.
    const bracket = sourceCode.getTokenBefore(parent.key)?.range[0] ?? sourceCode.text.lastIndexOf('[', parent.key.range[0]);
    return fixer.insertTextBeforeRange([bracket, bracket], 'async ');
  }
  if (parent?.type === T.Property && parent.method) return fixer.insertTextBefore(parent.key, 'async ');
  return fixer.insertTextBefore(fn, 'async ');
}

/** Whether `await <expr>` must be parenthesised where `node` stands. */
export function needsParens(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case T.MemberExpression:
      return parent.object === node;
    case T.CallExpression:
    case T.NewExpression:
      return parent.callee === node;
    case T.TaggedTemplateExpression:
      return parent.tag === node;
    case T.BinaryExpression:
      return parent.operator === '**' && parent.left === node;
    case T.TSNonNullExpression:
      return true;
    case T.ChainExpression:
      // `fs?.readFileSync(p)`: the call is the whole chain, so the chain's own position decides.
      return needsParens(parent);
    default:
      return false;
  }
}

function argsText(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression | TSESTree.NewExpression): string {
  if (call.arguments.length === 0) return '';
  const first = call.arguments[0] as TSESTree.Node;
  const last = call.arguments[call.arguments.length - 1] as TSESTree.Node;
  return sourceCode.text.slice(first.range[0], last.range[1]);
}

/** The specifier family the file used for a core module: `node:fs` -> prefer `node:` spellings. */
function prefixed(specifier: string | undefined, module: string): string[] {
  const all = moduleSpecifiers(module);
  if (all.length === 1) return all;
  const preferNode = specifier?.startsWith('node:') ?? false;
  return preferNode ? [...all].reverse() : all;
}

function fsPromisesSpecifiers(specifier: string | undefined): string[] {
  const preferNode = specifier?.startsWith('node:') ?? false;
  return preferNode ? ['node:fs/promises', 'fs/promises'] : ['fs/promises', 'node:fs/promises'];
}

/**
 * Builds the "convert to async" suggestions for one finding. Returns none when the rewrite is not
 * mechanical or `await` cannot be placed safely (a nested callback other than `map`, a getter, ...).
 */
export function buildSuggestions(input: SuggestionInput): Suggestion[] {
  const { entry, call, callee, sourceCode, context } = input;
  const rewrite = entry.rewrite;
  if (!rewrite || call.type !== T.CallExpression || call.optional) return [];
  if (call.arguments.some((a) => a.type === T.SpreadElement) && rewrite.type === 'exists-access') return [];
  const plan = planAwait(context);
  if (!plan) return [];
  const module = normalizeModule(input.specifier ?? entry.modules[0] ?? '');
  const memberObject = callee.type === 'member' ? callee.object : undefined;

  const build = (planner: ImportPlanner): { expr: string; replacement: string } | undefined => {
    const objectText = memberObject ? sourceCode.getText(memberObject) : undefined;
    const args = argsText(sourceCode, call);
    switch (rewrite.type) {
      case 'fs-promises': {
        let fn: string;
        if (objectText && module === 'fs-extra') fn = `${objectText}.${rewrite.name}`;
        else if (objectText && (module === 'fs' || module === 'graceful-fs')) fn = `${objectText}.promises.${rewrite.name}`;
        else if (module === 'fs-extra') fn = planner.named(['fs-extra'], rewrite.name);
        else fn = planner.named(fsPromisesSpecifiers(input.specifier), rewrite.name);
        return { expr: `${fn}(${args})`, replacement: fn };
      }
      case 'exists-access': {
        if (call.arguments.length !== 1) return undefined;
        if (module === 'fs-extra') {
          const fn = objectText ? `${objectText}.pathExists` : planner.named(['fs-extra'], 'pathExists');
          return { expr: `${fn}(${args})`, replacement: fn };
        }
        const fn =
          objectText && (module === 'fs' || module === 'graceful-fs')
            ? `${objectText}.promises.access`
            : planner.named(fsPromisesSpecifiers(input.specifier), 'access');
        return { expr: `${fn}(${args}).then(() => true, () => false)`, replacement: fn };
      }
      case 'promisify': {
        const target = objectText ? `${objectText}.${rewrite.name}` : planner.named(prefixed(input.specifier, module), rewrite.name);
        const promisify = planner.named(prefixed(input.specifier, 'util'), 'promisify');
        const expr = `${promisify}(${target})(${args})`;
        return { expr, replacement: target };
      }
      case 'sibling': {
        if (callee.type === 'instance' || callee.type === 'global') return undefined;
        const fn = objectText ? `${objectText}.${rewrite.name}` : planner.named([input.specifier ?? module], rewrite.name);
        return { expr: `${fn}(${args})`, replacement: fn };
      }
      case 'global-sibling': {
        if (callee.type !== 'global') return undefined;
        const fn = `${sourceCode.getText(callee.object)}.${rewrite.name}`;
        return { expr: `${fn}(${args})`, replacement: fn };
      }
      default:
        return undefined;
    }
  };

  // Dry run to learn whether a rewrite exists and what it is called.
  let preview: { expr: string; replacement: string } | undefined;
  try {
    preview = build(new ImportPlanner(sourceCode, dryFixer, call));
  } catch {
    return [];
  }
  if (!preview) return [];

  const messageId = MESSAGE_FOR[rewrite.type];
  return [
    {
      messageId,
      data: { replacement: preview.replacement, api: entry.id },
      fix(fixer) {
        const planner = new ImportPlanner(sourceCode, fixer, call);
        const built = build(planner);
        if (!built) return null;
        let awaited = `await ${built.expr}`;
        if (rewrite.type === 'promisify' && rewrite.resultProperty) awaited = `(${awaited}).${rewrite.resultProperty}`;
        const fixes = awaitFixes(fixer, sourceCode, call, plan, awaited);
        return [...fixes, ...planner.fixes()];
      },
    },
  ];
}

/**
 * Replaces `call` with `awaited` and makes `await` legal there: adds `async` to the function, or turns
 * `items.map(x => f(x))` into `await Promise.all(items.map(async x => ...))`.
 */
export function awaitFixes(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.Node,
  plan: AwaitPlan,
  awaited: string,
): TSESLint.RuleFix[] {
  const fixes: TSESLint.RuleFix[] = [];
  // `(await x).stdout` is already a member expression; only a bare `await x` needs parentheses.
  const wrap = (node: TSESTree.Node): boolean => awaited.startsWith('await ') && needsParens(node);
  if (plan.type === 'map') {
    const cb = plan.callback;
    const before = sourceCode.text.slice(plan.mapCall.range[0], call.range[0]);
    const after = sourceCode.text.slice(call.range[1], plan.mapCall.range[1]);
    const cbOffset = cb.range[0] - plan.mapCall.range[0];
    const inner = wrap(call) ? `(${awaited})` : awaited;
    const mapped = `${before.slice(0, cbOffset)}async ${before.slice(cbOffset)}${inner}${after}`;
    const wrapped = `await Promise.all(${mapped})`;
    fixes.push(fixer.replaceText(plan.mapCall, needsParens(plan.mapCall) ? `(${wrapped})` : wrapped));
    if (plan.makeOuterAsync) fixes.push(asyncInsertion(fixer, sourceCode, plan.makeOuterAsync));
  } else {
    fixes.push(fixer.replaceText(call, wrap(call) ? `(${awaited})` : awaited));
    if (plan.type === 'make-async') fixes.push(asyncInsertion(fixer, sourceCode, plan.fn));
  }
  return fixes;
}

/** A fixer whose fixes are thrown away; lets the builder be run once to see if a rewrite exists. */
const dryFixer: TSESLint.RuleFixer = new Proxy({} as TSESLint.RuleFixer, {
  get: () => () => ({ range: [0, 0] as const, text: '' }),
});
