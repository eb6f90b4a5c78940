import { ASTUtils, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import { assignedMember, declaredIdentifier, functionName, isExported, isExportReference, isMethodValue, walk } from './ast';
import { isFunction, type FunctionNode } from './context';
import type { Reference, Unit } from './unit';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

/** `x.<name>` property identifiers of a file, by name: the call sites of its methods. */
const memberNames = new WeakMap<Unit, Map<string, TSESTree.Identifier[]>>();

/** Within one file: `helper()`, `const helper = () => ...`, `this.method()`, `obj.method()` on a local object literal. */
export function resolveInFile(call: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: Readonly<TSESLint.SourceCode>): FunctionNode | undefined {
  if (call.type === T.NewExpression) return undefined;
  const callee = call.callee;
  if (callee.type === T.Identifier) {
    const variable = ASTUtils.findVariable(sourceCode.getScope(callee) as never, callee);
    const def = variable?.defs[0];
    if (!def || variable.defs.length !== 1) return undefined;
    if (def.type === 'FunctionName' && isFunction(def.node as TSESTree.Node)) return def.node as FunctionNode;
    if (def.type === 'Variable') {
      const init = (def.node as TSESTree.VariableDeclarator).init;
      const isConst = (def.parent as TSESTree.VariableDeclaration | null)?.kind === 'const';
      if (init && isConst && isFunction(init)) return init;
    }
    return undefined;
  }
  if (callee.type === T.MemberExpression && !callee.computed) {
    const name = ASTUtils.getPropertyName(callee);
    if (!name) return undefined;
    if (callee.object.type === T.ThisExpression) {
      let cls: TSESTree.Node | undefined = callee.parent;
      while (cls && cls.type !== T.ClassBody) cls = cls.parent;
      if (!cls) return undefined;
      const isPrivate = callee.property.type === T.PrivateIdentifier;
      for (const member of cls.body) {
        if (member.type !== T.MethodDefinition || member.kind !== 'method' || member.computed) continue;
        const key = member.key;
        const keyName = key.type === T.Identifier || key.type === T.PrivateIdentifier ? key.name : undefined;
        if (keyName === name && (key.type === T.PrivateIdentifier) === isPrivate) return member.value as FunctionNode;
      }
      return undefined;
    }
    if (callee.object.type === T.Identifier) {
      const variable = ASTUtils.findVariable(sourceCode.getScope(callee.object) as never, callee.object);
      const def = variable?.defs[0];
      if (def?.type !== 'Variable' || variable?.defs.length !== 1) return undefined;
      const init = (def.node as TSESTree.VariableDeclarator).init;
      if (init?.type !== T.ObjectExpression) return undefined;
      for (const prop of init.properties) {
        if (prop.type === T.Property && !prop.computed && ASTUtils.getPropertyName(prop) === name && isFunction(prop.value)) return prop.value;
      }
    }
  }
  return undefined;
}

/** Call sites and other reads of a function within its file; undefined when they cannot be known. */
export function referencesInFile(fn: FunctionNode, unit: Unit): Reference[] | undefined {
  const id = declaredIdentifier(fn);
  if (!id) {
    if (isMethodValue(fn)) return methodReferencesInFile(fn, unit);
    // `exports.load = function ...`: its calls are `exports.load()` and `store.load()`, by property name.
    const assigned = assignedMember(fn);
    return assigned ? methodReferencesInFile(fn, unit).filter((r) => r.node !== assigned.property) : undefined;
  }
  const variable = ASTUtils.findVariable(unit.sourceCode.getScope(id) as never, id);
  if (!variable) return undefined;
  // An exported function may be called from files we cannot see: callers unknown.
  if (isExported(fn, variable)) return variable.references.filter((r) => r.identifier !== id && !isExportReference(r.identifier)).length ? refsOf(variable, id, unit) : [];
  return refsOf(variable, id, unit);
}

function methodReferencesInFile(fn: FunctionNode, unit: Unit): Reference[] {
  const name = functionName(fn);
  if (!name) return [];
  // One walk per file, not one per method: a 3.5 MB bundle with thousands of methods took minutes
  // (playwright-core's coreBundle.js in the node_modules scan, docs/reliability.md).
  let index = memberNames.get(unit);
  if (!index) {
    const built = new Map<string, TSESTree.Identifier[]>();
    walk(unit.sourceCode, (node) => {
      if (node.type === T.MemberExpression && !node.computed && node.property.type === T.Identifier) {
        const list = built.get(node.property.name);
        if (list) list.push(node.property);
        else built.set(node.property.name, [node.property]);
      }
    });
    memberNames.set(unit, built);
    index = built;
  }
  return (index.get(name) ?? []).map((node) => ({ node, unit }));
}

function refsOf(variable: TSESLint.Scope.Variable, id: TSESTree.Identifier, unit: Unit): Reference[] {
  return variable.references
    .filter((r) => r.identifier !== id && r.isRead() && !isExportReference(r.identifier))
    .map((r) => ({ node: r.identifier as TSESTree.Node, unit }));
}

/** Constructors and functions that iterate an argument to its end before they return. */
const ITERATING_CALLS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['Array', new Set(['from'])],
  ['Object', new Set(['fromEntries'])],
]);
const ITERATING_CONSTRUCTORS = new Set(['Set', 'Map', 'WeakSet', 'WeakMap']);

/**
 * Whether a call's result (a generator object, when the callee is a sync generator) is iterated at once,
 * in the caller's synchronous run: `Array.from(g())`, `[...g()]`, `f(...g())`, `for (const x of g())`,
 * `const [a, b] = g()`, `new Set(g())`, `Object.fromEntries(g())`, `yield* g()`, `g().next()`.
 * `for await` and calls that keep the generator for later are not.
 */
export function consumesSynchronously(call: TSESTree.Node): boolean {
  let node: TSESTree.Node = call;
  while (node.parent && (node.parent.type === T.TSAsExpression || node.parent.type === T.TSNonNullExpression || node.parent.type === T.TSSatisfiesExpression)) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case T.SpreadElement:
      return parent.parent.type === T.ArrayExpression || parent.parent.type === T.CallExpression || parent.parent.type === T.NewExpression;
    case T.ForOfStatement:
      return parent.right === node && !parent.await;
    case T.VariableDeclarator:
      return parent.init === node && parent.id.type === T.ArrayPattern;
    case T.AssignmentExpression:
      return parent.right === node && parent.left.type === T.ArrayPattern;
    case T.YieldExpression:
      return parent.delegate;
    case T.MemberExpression:
      // `g().next()`: runs the body up to its first `yield`.
      return parent.object === node && ASTUtils.getPropertyName(parent) === 'next' && parent.parent.type === T.CallExpression && parent.parent.callee === parent;
    case T.CallExpression:
    case T.NewExpression: {
      if (parent.arguments[0] !== node) return false;
      const callee = parent.callee;
      if (parent.type === T.NewExpression) return callee.type === T.Identifier && ITERATING_CONSTRUCTORS.has(callee.name);
      if (callee.type !== T.MemberExpression || callee.object.type !== T.Identifier) return false;
      const name = ASTUtils.getPropertyName(callee);
      return name !== null && (ITERATING_CALLS.get(callee.object.name)?.has(name) ?? false);
    }
    default:
      return false;
  }
}
