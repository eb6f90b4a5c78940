import { entries } from '@loopguard/catalog';
import { ASTUtils, type ParserServicesWithTypeInformation, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { walk } from './ast';
import { dropChainedPrepares, findBindingCalls, type AdditionalApi, type BindingFinding } from './bindings';
import { enclosingFunction, findRole, isFunction, type FunctionNode } from './context';
import { matchByDeclaration } from './declarations';
import type { CallSite, Unit } from './unit';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

/** One file's calls, grouped by the function whose synchronous run executes them (null: module level). */
export interface UnitIndex {
  readonly catalogCalls: Map<FunctionNode | null, BindingFinding[]>;
  readonly otherCalls: Map<FunctionNode | null, CallSite[]>;
}

/** What typed linting adds to the index: catalog matches by declaration, and reads of the project's getters. */
export interface TypedIndexing {
  readonly tsApi: typeof ts;
  readonly program: ts.Program;
  readonly getterNames: () => ReadonlySet<string>;
}

/** Indexes a file once: its catalog calls (by binding, and by declaration with types) and its other calls. */
export function indexUnit(unit: Unit, additionalApis: readonly AdditionalApi[], typed: TypedIndexing | undefined): UnitIndex {
  if (unit.index) return unit.index;
  const catalogCalls = new Map<FunctionNode | null, BindingFinding[]>();
  const otherCalls = new Map<FunctionNode | null, CallSite[]>();
  const findings = findBindingCalls(unit.sourceCode, additionalApis);
  if (!typed && findings.length === 0) {
    // Without types a helper is a function of the same file, so in a file with no catalog call none of its
    // functions blocks and none of its other calls can lead to a finding: the walk is skipped. Most files
    // of a project have no catalog call.
    unit.index = { catalogCalls, otherCalls };
    return unit.index;
  }
  const known = new Set<TSESTree.Node>(findings.map((f) => f.node));
  const getters = typed ? typed.getterNames() : undefined;
  walk(unit.sourceCode, (node) => {
    if (node.type === T.CallExpression || node.type === T.NewExpression) {
      if (known.has(node)) return;
      if (typed && unit.esToTs && isTypedCandidate(node, unit.sourceCode)) {
        const match = matchByDeclaration(typed.tsApi, { program: typed.program, esTreeNodeToTSNodeMap: unit.esToTs } as ParserServicesWithTypeInformation, node);
        if (match) {
          findings.push({ node, entry: match.entry, specifier: match.origin.module, callee: { type: 'instance' } });
          known.add(node);
          return;
        }
      }
      if (!isLazyInit(node)) push(otherCalls, executorOf(node, unit.sourceCode), node);
    } else if (
      getters &&
      node.type === T.MemberExpression &&
      !node.computed &&
      node.property.type === T.Identifier &&
      getters.has(node.property.name) &&
      !(node.parent?.type === T.CallExpression && node.parent.callee === node) &&
      !(node.parent?.type === T.AssignmentExpression && node.parent.left === node)
    ) {
      push(otherCalls, executorOf(node, unit.sourceCode), node);
    }
  });
  for (const f of dropChainedPrepares(findings)) {
    if (isLazyInit(f.node)) continue;
    push(catalogCalls, executorOf(f.node, unit.sourceCode), f);
  }
  unit.index = { catalogCalls, otherCalls };
  return unit.index;
}

/**
 * The call a chain should end in: one that does the work (`stmt.all()`) rather than one that prepares it
 * (`db.prepare(sql)`) or opens a handle (`new Database()`).
 */
export function pickDirect(calls: BindingFinding[] | undefined): BindingFinding | undefined {
  if (!calls || calls.length === 0) return undefined;
  const preparatory = (f: BindingFinding): boolean => /#(new|prepare)$/.test(f.entry.path);
  return calls.find((f) => !preparatory(f)) ?? calls[0];
}

/** The function whose synchronous run executes `node` (looking through inline callbacks); null at module level. */
export function executorOf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): FunctionNode | null {
  let fn = enclosingFunction(node);
  while (fn) {
    const role = findRole(fn, sourceCode);
    if (role.type !== 'inline') return fn;
    fn = enclosingFunction(fn);
  }
  return null;
}

/**
 * A value computed once and cached: `cache ??= open()`, `if (!db) db = open()`, `if (db === undefined) {
 * db = open() }`. The call runs on the first use only, so it does not make its function blocking.
 */
export function isLazyInit(call: TSESTree.Node): boolean {
  let node: TSESTree.Node = call;
  // `x = new Wrapper(new Database(file))`: the inner call is part of the cached value.
  while (node.parent && (node.parent.type === T.NewExpression || node.parent.type === T.CallExpression) && node.parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    node = node.parent;
  }
  const assignment = node.parent;
  if (assignment?.type !== T.AssignmentExpression || assignment.right !== node) return false;
  const target = assignment.left;
  const targetText = target.type === T.Identifier ? target.name : target.type === T.MemberExpression ? memberText(target) : undefined;
  if (!targetText) return false;
  if (assignment.operator === '??=' || assignment.operator === '||=') return true;
  if (assignment.operator !== '=') return false;
  // Inside `if (<test mentioning the target>)`, directly or in its block.
  for (let up: TSESTree.Node | undefined = assignment.parent; up && !isFunction(up); up = up.parent) {
    if (up.type === T.IfStatement) return mentions(up.test, targetText);
  }
  return isAfterCachedReturn(assignment, targetText);
}

/** `if (cached) return cached; cached = read();`: an earlier statement of the same block returns the cached value. */
function isAfterCachedReturn(assignment: TSESTree.AssignmentExpression, target: string): boolean {
  const statement = assignment.parent;
  const block = statement?.parent;
  if (statement?.type !== T.ExpressionStatement || (block?.type !== T.BlockStatement && block?.type !== T.Program)) return false;
  for (const earlier of block.body) {
    if (earlier === statement) return false;
    if (earlier.type === T.IfStatement && !earlier.alternate && returnsOnly(earlier.consequent) && mentions(earlier.test, target)) return true;
  }
  return false;
}

function returnsOnly(node: TSESTree.Statement): boolean {
  if (node.type === T.ReturnStatement) return true;
  return node.type === T.BlockStatement && node.body.length === 1 && node.body[0]?.type === T.ReturnStatement;
}

function memberText(node: TSESTree.MemberExpression): string | undefined {
  const property = ASTUtils.getPropertyName(node);
  const object = node.object.type === T.ThisExpression ? 'this' : node.object.type === T.Identifier ? node.object.name : undefined;
  return property != null && object ? `${object}.${property}` : undefined;
}

function mentions(test: TSESTree.Node, target: string): boolean {
  // Iterative: a condition can nest thousands of levels deep in generated code.
  const stack: TSESTree.Node[] = [test];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === T.Identifier && node.name === target) return true;
    if (node.type === T.MemberExpression && memberText(node) === target) return true;
    if (node.type === T.UnaryExpression) stack.push(node.argument);
    else if (node.type === T.ChainExpression || node.type === T.TSNonNullExpression) stack.push(node.expression);
    else if (node.type === T.BinaryExpression || node.type === T.LogicalExpression) stack.push(node.left, node.right);
  }
  return false;
}

const CANDIDATE_NAMES = new Set(
  entries.map((e) => {
    const last = e.path.split(/[.#]/).pop() ?? e.path;
    return last === 'new' ? (e.path.split('#')[0] ?? '') : last;
  }),
);

/**
 * Worth asking the type checker whether a call is a catalog API: member calls whose name the catalog knows
 * (`this.db.prepare`), and direct calls of imported bindings (a re-export of `fs.readFileSync` under another name).
 */
export function isTypedCandidate(node: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let callee: TSESTree.Node = node.callee;
  while (callee.type === T.TSNonNullExpression || callee.type === T.TSAsExpression) callee = callee.expression;
  if (callee.type === T.MemberExpression) {
    if (callee.computed && callee.property.type !== T.Literal) return false;
    const name = callee.property.type === T.Identifier ? callee.property.name : callee.property.type === T.Literal ? String(callee.property.value) : undefined;
    return name !== undefined && CANDIDATE_NAMES.has(name);
  }
  if (callee.type === T.Identifier) {
    if (CANDIDATE_NAMES.has(callee.name)) return true;
    let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(callee);
    while (scope) {
      const variable = scope.set.get(callee.name);
      if (variable) return variable.defs.some((d) => d.type === 'ImportBinding' || (d.type === 'Variable' && d.node.init?.type !== T.ArrowFunctionExpression && d.node.init?.type !== T.FunctionExpression));
      scope = scope.upper;
    }
  }
  return false;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
