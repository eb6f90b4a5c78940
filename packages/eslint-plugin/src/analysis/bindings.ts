import {
  entries,
  findClass,
  findEntry,
  moduleSpecifiers,
  normalizeModule,
  type CatalogClass,
  type CatalogEntry,
} from '@loopguard/catalog';
import { ASTUtils, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

const { ReferenceTracker, findVariable, getPropertyName } = ASTUtils;
const { CALL, CONSTRUCT, ESM } = ReferenceTracker;

/** What the trace map carries to a reference. */
export interface TraceInfo {
  readonly entry?: CatalogEntry;
  /** The call or construction returns an instance of this catalog class. */
  readonly instanceOf?: CatalogClass;
}

/** How the callee of a found call is written; the suggestion builders need it. */
export type CalleeShape =
  /** `fs.readFileSync(...)`, `require('fs').readFileSync(...)`: `object` holds the module. */
  | { type: 'member'; object: TSESTree.Expression }
  /** `readFileSync(...)` bound by import, destructuring or alias. */
  | { type: 'direct' }
  /** A method on a tracked instance (`db.prepare(...)`). */
  | { type: 'instance' }
  /** A global API (`Atomics.wait`, `Deno.readFileSync`). */
  | { type: 'global'; object: TSESTree.Expression };

export interface BindingFinding {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly entry: CatalogEntry;
  /** The module specifier as the file wrote it (`node:fs`), when known. */
  readonly specifier: string | undefined;
  readonly callee: CalleeShape;
}

/** A user-declared blocking API (`additionalApis` option). */
export interface AdditionalApi {
  readonly module: string;
  readonly name: string;
}

type TraceMap = Record<string | symbol, unknown>;

interface Maps {
  /** Keyed by module specifier (`fs` and `node:fs`). */
  readonly modules: Record<string, TraceMap>;
  readonly globals: Record<string, TraceMap>;
}

function child(map: TraceMap, key: string): TraceMap {
  const existing = map[key] as TraceMap | undefined;
  if (existing) return existing;
  const created: TraceMap = {};
  map[key] = created;
  return created;
}

function moduleRoot(maps: Maps, specifier: string): TraceMap {
  let root = maps.modules[specifier];
  if (!root) {
    // Marked ESM with `default` pointing at the module itself: named imports and default imports of
    // CommonJS modules both resolve, as Node's CJS interop does.
    root = { [ESM]: true };
    root.default = root;
    maps.modules[specifier] = root;
  }
  return root;
}

function addPath(map: TraceMap, path: string, info: TraceInfo, kind: symbol = CALL): void {
  let node = map;
  for (const segment of path.split('.')) node = child(node, segment);
  node[kind] = info;
}

function buildMaps(extra: readonly AdditionalApi[]): Maps {
  const maps: Maps = { modules: {}, globals: {} };
  for (const entry of entries) {
    if (entry.global) {
      addPath(child(maps.globals, entry.global), entry.path, { entry });
      continue;
    }
    for (const module of entry.modules) {
      for (const specifier of moduleSpecifiers(module)) {
        const root = moduleRoot(maps, specifier);
        if (entry.path === 'default') {
          root[CALL] = { entry };
        } else if (entry.path.endsWith('#new')) {
          const className = entry.path.slice(0, -'#new'.length);
          const cls = findClass(module, className);
          if (!cls) continue;
          const info: TraceInfo = { entry, instanceOf: cls };
          if (cls.constructorPath === 'default') {
            root[CONSTRUCT] = info;
            root[CALL] = info;
          } else {
            addPath(root, cls.constructorPath, info, CONSTRUCT);
          }
        } else if (!entry.path.includes('#')) {
          addPath(root, entry.path, { entry });
        }
      }
    }
  }
  for (const api of extra) {
    const entry: CatalogEntry = {
      id: `${api.module}.${api.name}`,
      modules: [normalizeModule(api.module)],
      path: api.name,
      kind: 'fs',
      why: 'is declared blocking in the `additionalApis` option',
      instead: 'its async alternative',
      docs: '',
    };
    for (const specifier of moduleSpecifiers(normalizeModule(api.module))) {
      const root = moduleRoot(maps, specifier);
      if (api.name === 'default') root[CALL] = { entry };
      else addPath(root, api.name, { entry });
    }
  }
  return maps;
}

const defaultMaps = buildMaps([]);
const mapsCache = new Map<string, Maps>();

function mapsFor(extra: readonly AdditionalApi[]): Maps {
  if (extra.length === 0) return defaultMaps;
  const key = JSON.stringify(extra);
  let maps = mapsCache.get(key);
  if (!maps) {
    maps = buildMaps(extra);
    mapsCache.set(key, maps);
  }
  return maps;
}

type Reference = { node: TSESTree.Node; info: TraceInfo; specifier: string | undefined };

function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === T.TSAsExpression ||
      current.parent.type === T.TSNonNullExpression ||
      current.parent.type === T.TSSatisfiesExpression ||
      current.parent.type === T.TSTypeAssertion ||
      (current.parent.type === T.ChainExpression && current.parent.expression === current))
  ) {
    current = current.parent;
  }
  return current;
}

/** Reads of a variable (not writes, not the declaration). */
function readsOf(variable: TSESLint.Scope.Variable): TSESTree.Identifier[] {
  return variable.references.filter((r) => r.isRead()).map((r) => r.identifier as TSESTree.Identifier);
}

/**
 * Finds every call to a catalog API in a file by following bindings: ESM imports (default, named, aliased,
 * namespace), `require` with destructuring, `import x = require()`, `await import()`, computed members,
 * re-bound references, globals, and instances of catalog classes (`new Database()` then `.prepare().all()`).
 */
export function findBindingCalls(
  sourceCode: Readonly<TSESLint.SourceCode>,
  extra: readonly AdditionalApi[] = [],
): BindingFinding[] {
  const maps = mapsFor(extra);
  const scopeManager = sourceCode.scopeManager;
  const globalScope = scopeManager?.globalScope;
  if (!globalScope) return [];
  // `iteratePropertyReferences` exists in eslint-utils but is missing from typescript-eslint's typings.
  const tracker = new ReferenceTracker(globalScope) as InstanceType<typeof ReferenceTracker> & {
    iteratePropertyReferences(node: TSESTree.Expression, map: never): IterableIterator<{ node: TSESTree.Node; info: unknown }>;
  };
  const references: Reference[] = [];

  const fromExpression = (node: TSESTree.Node, map: TraceMap, specifier: string | undefined): void => {
    for (const ref of tracker.iteratePropertyReferences(node as TSESTree.Expression, map as never)) {
      references.push({ node: ref.node, info: ref.info as TraceInfo, specifier });
    }
  };

  // ESM imports.
  for (const ref of tracker.iterateEsmReferences(maps.modules as never)) {
    const specifier = ref.path[0];
    references.push({ node: ref.node, info: ref.info as TraceInfo, specifier });
  }

  // Globals and `require`, declared or not (the scope only declares configured globals).
  // Unresolved reads by name, in source order: one pass over `through` instead of one per global asked for.
  let throughReads: Map<string, TSESTree.Identifier[]> | undefined;
  const globalReads = (name: string): TSESTree.Identifier[] => {
    const variable = globalScope.set.get(name);
    if (variable) return variable.defs.length === 0 ? readsOf(variable) : [];
    if (!throughReads) {
      throughReads = new Map();
      for (const r of globalScope.through) {
        if (!r.isRead()) continue;
        const id = r.identifier as TSESTree.Identifier;
        const list = throughReads.get(id.name);
        if (list) list.push(id);
        else throughReads.set(id.name, [id]);
      }
    }
    return throughReads.get(name) ?? [];
  };
  for (const [name, map] of Object.entries(maps.globals)) {
    for (const id of globalReads(name)) fromExpression(id, map, undefined);
    for (const holder of ['globalThis', 'global', 'window', 'self']) {
      for (const id of globalReads(holder)) {
        const parent = id.parent;
        if (parent?.type === T.MemberExpression && parent.object === id && getPropertyName(parent) === name) {
          fromExpression(parent, map, undefined);
        }
      }
    }
  }
  for (const id of globalReads('require')) {
    const call = id.parent;
    if (call?.type !== T.CallExpression || call.callee !== id) continue;
    const specifier = ASTUtils.getStringIfConstant(call.arguments[0] as TSESTree.Node);
    const map = specifier == null ? undefined : maps.modules[specifier];
    if (map && specifier != null) fromExpression(call, map, specifier);
  }

  // `import fs = require('fs')` and `await import('fs')`.
  const programBody = sourceCode.ast.body;
  for (const statement of programBody) {
    const decl =
      statement.type === T.TSImportEqualsDeclaration
        ? statement
        : statement.type === T.ExportNamedDeclaration && statement.declaration?.type === T.TSImportEqualsDeclaration
          ? statement.declaration
          : undefined;
    if (!decl || decl.moduleReference.type !== T.TSExternalModuleReference) continue;
    const specifier = ASTUtils.getStringIfConstant(decl.moduleReference.expression);
    const map = specifier == null ? undefined : maps.modules[specifier];
    if (!map) continue;
    const variable = findVariable(globalScope, decl.id) ?? scopeManager.getDeclaredVariables(decl)[0];
    if (variable) for (const id of readsOf(variable)) fromExpression(id, map, specifier ?? undefined);
  }
  for (const node of findDynamicImports(sourceCode)) {
    const specifier = ASTUtils.getStringIfConstant(node.source);
    const map = specifier == null ? undefined : maps.modules[specifier];
    if (map && node.parent?.type === T.AwaitExpression) fromExpression(node.parent, map, specifier ?? undefined);
  }

  const findings: BindingFinding[] = [];
  const seen = new Set<TSESTree.Node>();
  for (const ref of references) {
    const node = ref.node;
    if (node.type !== T.CallExpression && node.type !== T.NewExpression) continue;
    if (seen.has(node)) continue;
    seen.add(node);
    if (ref.info.entry) findings.push({ node, entry: ref.info.entry, specifier: ref.specifier, callee: calleeShape(node) });
    if (ref.info.instanceOf) followInstance(node, ref.info.instanceOf, ref.specifier, findings, seen, sourceCode);
  }
  return dropChainedPrepares(findings);
}

function calleeShape(node: TSESTree.CallExpression | TSESTree.NewExpression): CalleeShape {
  let callee: TSESTree.Node = node.callee;
  while (callee.type === T.TSNonNullExpression || callee.type === T.TSAsExpression) callee = callee.expression;
  if (callee.type === T.MemberExpression) {
    const root = rootIdentifierName(callee.object);
    if (root && ['Atomics', 'Deno', 'Bun', 'globalThis', 'global', 'window', 'self'].includes(root)) {
      return { type: 'global', object: callee.object };
    }
    return { type: 'member', object: callee.object };
  }
  return { type: 'direct' };
}

function rootIdentifierName(node: TSESTree.Node): string | undefined {
  let current = node;
  while (current.type === T.MemberExpression) current = current.object;
  return current.type === T.Identifier ? current.name : undefined;
}

/** Finds `import()` expressions without walking the whole tree twice: only statements that mention `import(`. */
function findDynamicImports(sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.ImportExpression[] {
  if (!sourceCode.text.includes('import(')) return [];
  const found: TSESTree.ImportExpression[] = [];
  const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === T.ImportExpression) found.push(node);
    for (const key of keys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === 'object' && 'type' in item) stack.push(item as TSESTree.Node);
      } else if (value && typeof value === 'object' && 'type' in value) {
        stack.push(value as TSESTree.Node);
      }
    }
  }
  return found;
}

/**
 * Follows an instance of a catalog class (`new Database(file)`) to the member calls made on it: through
 * variables, `this.x` fields of the enclosing class, and chained results (`db.prepare(sql).all()`).
 */
function followInstance(
  origin: TSESTree.Node,
  cls: CatalogClass,
  specifier: string | undefined,
  findings: BindingFinding[],
  seen: Set<TSESTree.Node>,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): void {
  if (depth > 8) return;
  const node = unwrap(origin);
  const parent = node.parent;
  if (!parent) return;
  const module = cls.modules[0] ?? '';
  const recurse = (next: TSESTree.Node, nextCls: CatalogClass): void =>
    followInstance(next, nextCls, specifier, findings, seen, sourceCode, depth + 1);

  if (parent.type === T.MemberExpression && parent.object === node) {
    const name = getPropertyName(parent);
    const call = unwrap(parent).parent;
    if (name == null || call?.type !== T.CallExpression || unwrap(call.callee) !== unwrap(parent)) return;
    const entry = findEntry(module, `${cls.name}#${name}`);
    if (entry && !seen.has(call)) {
      seen.add(call);
      findings.push({ node: call, entry, specifier, callee: { type: 'instance' } });
    }
    const returned = cls.returns[name];
    const returnedCls = returned ? findClass(module, returned) : undefined;
    if (returnedCls) recurse(call, returnedCls);
    return;
  }
  if (parent.type === T.AwaitExpression) {
    recurse(parent, cls);
    return;
  }
  const scope = sourceCode.getScope?.(node) ?? sourceCode.scopeManager?.globalScope;
  const followIdentifier = (id: TSESTree.Identifier): void => {
    const variable = scope ? findVariable(scope as never, id) : null;
    if (variable) for (const read of readsOf(variable)) if (read !== id) recurse(read, cls);
  };
  if (parent.type === T.VariableDeclarator && parent.init === node && parent.id.type === T.Identifier) {
    followIdentifier(parent.id);
    return;
  }
  if (parent.type === T.AssignmentExpression && parent.right === node) {
    if (parent.left.type === T.Identifier) followIdentifier(parent.left);
    else if (parent.left.type === T.MemberExpression && parent.left.object.type === T.ThisExpression) {
      const field = getPropertyName(parent.left);
      if (field != null) for (const use of thisFieldReads(parent, field)) recurse(use, cls);
    }
    return;
  }
  if ((parent.type === T.NewExpression || parent.type === T.CallExpression) && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    // `new Wrapper(new Database(file))`: follow into the constructor when it stores the argument in a field.
    if (parent.type === T.NewExpression) {
      const field = constructorField(parent, parent.arguments.indexOf(node as TSESTree.CallExpressionArgument), sourceCode);
      if (field) for (const use of thisFieldReads(field.assignment, field.name)) recurse(use, cls);
    }
    return;
  }
  if (parent.type === T.PropertyDefinition && parent.value === node) {
    const field = parent.key.type === T.Identifier || parent.key.type === T.PrivateIdentifier ? parent.key.name : undefined;
    if (field != null) for (const use of thisFieldReads(parent, field, parent.key.type === T.PrivateIdentifier)) recurse(use, cls);
  }
}

/**
 * For `new C(..., arg, ...)` with `C` a class of this file whose constructor does `this.x = param`, the
 * assignment and the field name.
 */
function constructorField(
  call: TSESTree.NewExpression,
  index: number,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { assignment: TSESTree.Node; name: string } | undefined {
  if (call.callee.type !== T.Identifier) return undefined;
  const variable = findVariable(sourceCode.getScope(call) as never, call.callee);
  const def = variable?.defs[0];
  const cls = def?.type === 'ClassName' ? (def.node as TSESTree.ClassDeclaration) : undefined;
  if (!cls) return undefined;
  const ctor = cls.body.body.find((m): m is TSESTree.MethodDefinition => m.type === T.MethodDefinition && m.kind === 'constructor');
  const param = ctor?.value.params[index];
  const paramName = param?.type === T.Identifier ? param.name : param?.type === T.TSParameterProperty && param.parameter.type === T.Identifier ? param.parameter.name : undefined;
  if (!ctor || !param || !paramName) return undefined;
  // TypeScript parameter property: `constructor(private db: Database)`.
  if (param.type === T.TSParameterProperty) return { assignment: ctor, name: paramName };
  for (const statement of ctor.value.body?.body ?? []) {
    if (
      statement.type === T.ExpressionStatement &&
      statement.expression.type === T.AssignmentExpression &&
      statement.expression.left.type === T.MemberExpression &&
      statement.expression.left.object.type === T.ThisExpression &&
      statement.expression.right.type === T.Identifier &&
      statement.expression.right.name === paramName
    ) {
      const name = getPropertyName(statement.expression.left);
      if (name != null) return { assignment: statement, name };
    }
  }
  return undefined;
}

/** `this.<field>` reads inside the class that contains `from`. */
function thisFieldReads(from: TSESTree.Node, field: string, isPrivate = false): TSESTree.MemberExpression[] {
  let cls: TSESTree.Node | undefined = from.parent;
  while (cls && cls.type !== T.ClassBody) cls = cls.parent;
  if (!cls) return [];
  const found: TSESTree.MemberExpression[] = [];
  const stack: TSESTree.Node[] = [cls];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (
      node.type === T.MemberExpression &&
      node.object.type === T.ThisExpression &&
      (isPrivate ? node.property.type === T.PrivateIdentifier && node.property.name === field : getPropertyName(node) === field) &&
      !(node.parent?.type === T.AssignmentExpression && node.parent.left === node)
    ) {
      found.push(node);
    }
    for (const value of Object.values(node)) {
      if (value === node.parent) continue;
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
      } else if (value && typeof value === 'object' && typeof (value as TSESTree.Node).type === 'string' && (value as TSESTree.Node) !== node.parent) {
        stack.push(value as TSESTree.Node);
      }
    }
  }
  return found;
}

/** `db.prepare(sql).all()` is one blocking operation: report the `.all()`, not the `prepare` too. */
export function dropChainedPrepares<F extends { node: TSESTree.Node }>(findings: F[]): F[] {
  const chainedInto = new Set<TSESTree.Node>();
  for (const f of findings) {
    if (f.node.type !== T.CallExpression) continue;
    let callee: TSESTree.Node = f.node.callee;
    while (callee.type === T.TSNonNullExpression) callee = callee.expression;
    if (callee.type === T.MemberExpression) chainedInto.add(unwrapInner(callee.object));
  }
  return findings.filter((f) => !chainedInto.has(f.node));
}

function unwrapInner(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.type === T.TSNonNullExpression || current.type === T.TSAsExpression || current.type === T.ChainExpression) {
    current = current.expression;
  }
  return current;
}
