import * as path from 'node:path';
import { displayName, entries, type CatalogEntry } from '@loopguard/catalog';
import { ASTUtils, type ParserServicesWithTypeInformation, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { dropChainedPrepares, findBindingCalls, type AdditionalApi, type BindingFinding } from './bindings';
import { enclosingFunction, findRole, isFunction, type FunctionNode } from './context';
import { matchByDeclaration } from './declarations';
import { globToRegExp } from './globs';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

/** One step of a call chain: a call into a helper, or the blocking API call at its end. */
export interface ChainStep {
  /** `parseFile()` for a helper, `fs.readFileSync` for the API. */
  readonly name: string;
  /** Absolute file name. */
  readonly file: string;
  readonly line: number;
  /** 1-based, as ESLint reports columns. */
  readonly column: number;
}

/** Why a helper blocks: the API it ends in and the calls that lead there (the API call is last). */
export interface BlockingSummary {
  readonly entry: CatalogEntry;
  readonly steps: readonly ChainStep[];
  /** The helper that makes the blocking call itself: the one to make async. */
  readonly innermost: string;
}

/** A parsed file with its scopes; for the file being linted this is ESLint's own SourceCode. */
export interface Unit {
  readonly fileName: string;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly esToTs?: ParserServicesWithTypeInformation['esTreeNodeToTSNodeMap'];
  readonly tsToEs?: ParserServicesWithTypeInformation['tsNodeToESTreeNodeMap'];
  /** Catalog calls and other calls, grouped by the function whose synchronous run executes them. */
  index?: UnitIndex;
}

interface UnitIndex {
  readonly catalogCalls: Map<FunctionNode | null, BindingFinding[]>;
  readonly otherCalls: Map<FunctionNode | null, Array<TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression>>;
}

export interface AnalysisOptions {
  readonly additionalApis: readonly AdditionalApi[];
  /** Function names or globs (`init*`, `Server.start`) that are start-up code. */
  readonly startup: readonly string[];
}

/**
 * Names that are start-up code when nothing in the program calls them (an entry point called by a
 * framework or a `bin`). With known callers, their call sites decide like for any other function.
 */
export const ENTRY_NAMES: ReadonlySet<string> = new Set([
  'main', 'start', 'startup', 'bootstrap', 'init', 'initialize', 'setup', 'configure', 'listen', 'boot',
  'startServer', 'createApp', 'createServer',
]);

const MAX_DEPTH = 24;

/**
 * Whole-program analysis: which project functions block (memoised summaries, cycles terminate) and which
 * functions only run at start-up. With a TypeScript program it follows calls across files; without one,
 * within the file.
 */
export class ProgramAnalysis {
  private readonly units = new Map<string, Unit>();
  private readonly summaries = new Map<FunctionNode, BlockingSummary | null>();
  private readonly startupMemo = new Map<FunctionNode, boolean>();
  /** `x.<name>` property identifiers of a file, by name: the call sites of its methods. */
  private readonly memberNames = new WeakMap<Unit, Map<string, TSESTree.Identifier[]>>();
  private fileIndexes: FileIndex[] | undefined;
  private getterNames: Set<string> | undefined;
  private callableNames: Set<string> | undefined;
  private readonly startupPatterns: RegExp[];

  constructor(
    private readonly options: AnalysisOptions,
    private readonly program?: ts.Program,
    private readonly tsApi?: typeof ts,
  ) {
    this.startupPatterns = options.startup.map((s) => globToRegExp(s, false));
  }

  get typed(): boolean {
    return Boolean(this.program && this.tsApi);
  }

  /** Registers the file being linted, with the SourceCode and node maps ESLint already has. */
  addUnit(unit: Unit): Unit {
    const existing = this.units.get(unit.fileName);
    // ESLint's SourceCode for the linted text wins over a converted copy of the program's file.
    if (existing && existing.sourceCode === unit.sourceCode) return existing;
    this.units.set(unit.fileName, unit);
    return unit;
  }

  /** Summary of a function: why calling it blocks, or null. Async functions never block their caller here. */
  summarize(fn: FunctionNode, unit: Unit, depth = 0): BlockingSummary | null {
    if (fn.async || fn.generator) return null;
    const memo = this.summaries.get(fn);
    if (memo !== undefined) return memo;
    if (depth > MAX_DEPTH) return null;
    this.summaries.set(fn, null); // cycle guard: recursion does not block by itself
    const index = this.indexOf(unit);
    let result: BlockingSummary | null = null;
    const direct = pickDirect(index.catalogCalls.get(fn));
    if (direct) {
      result = {
        entry: direct.entry,
        steps: [step(displayName(direct.entry), unit, direct.node)],
        innermost: functionName(fn) ?? 'this function',
      };
    } else {
      for (const call of index.otherCalls.get(fn) ?? []) {
        const target = this.resolveCallee(call, unit);
        if (!target) continue;
        const inner = this.summarize(target.fn, target.unit, depth + 1);
        if (!inner) continue;
        result = { entry: inner.entry, steps: [step(`${calleeLabel(call)}`, unit, call), ...inner.steps], innermost: inner.innermost };
        break;
      }
    }
    this.summaries.set(fn, result);
    return result;
  }

  /** Calls (and getter reads) that are not catalog APIs: candidates for helpers that block. */
  otherCalls(unit: Unit): Array<TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression> {
    return [...this.indexOf(unit).otherCalls.values()].flat();
  }

  catalogCalls(unit: Unit): BindingFinding[] {
    return [...this.indexOf(unit).catalogCalls.values()].flat();
  }

  /**
   * Whether a function only runs at start-up: every call site is at module level, in a start-up IIFE, or in
   * another start-up function. Without known call sites, entry names (`main`, `start`, ...) and the
   * `startup` option decide. A function also used as a value (a callback, a route handler) is not start-up.
   */
  isStartupFunction(fn: FunctionNode, unit: Unit, depth = 0): boolean {
    const memo = this.startupMemo.get(fn);
    if (memo !== undefined) return memo;
    if (depth > MAX_DEPTH) return false;
    this.startupMemo.set(fn, false);
    const name = functionName(fn);
    const qualified = qualifiedName(fn);
    let result: boolean;
    if ((name && this.startupPatterns.some((p) => p.test(name))) || (qualified && this.startupPatterns.some((p) => p.test(qualified)))) {
      result = true;
    } else {
      const role = findRole(fn, unit.sourceCode);
      if (role.type === 'context' || role.type === 'inline') {
        // A handler or callback runs when its event comes; an inline callback runs with its caller.
        result = role.type === 'inline' ? this.isStartupPosition(fn, unit, depth + 1) : false;
      } else {
        const refs = this.references(fn, unit);
        if (refs === undefined) result = false;
        else if (refs.length === 0) result = name !== undefined && ENTRY_NAMES.has(name);
        else result = refs.every((r) => this.isStartupPosition(r.node, r.unit, depth + 1, true));
      }
    }
    this.startupMemo.set(fn, result);
    return result;
  }

  /** Whether code at `node` runs only at start-up. `asReference`: `node` names a function that must be called there. */
  isStartupPosition(node: TSESTree.Node, unit: Unit, depth = 0, asReference = false): boolean {
    let at: TSESTree.Node = node;
    if (asReference) {
      let ref: TSESTree.Node = node;
      if (ref.parent?.type === T.MemberExpression && ref.parent.property === ref) ref = ref.parent;
      const parent = ref.parent;
      const called = (parent?.type === T.CallExpression || parent?.type === T.NewExpression) && parent.callee === ref;
      if (!called) return false;
      at = parent;
    }
    let fn = enclosingFunction(at);
    while (fn) {
      const role = findRole(fn, unit.sourceCode);
      if (role.type === 'inline') {
        fn = enclosingFunction(fn);
        continue;
      }
      if (role.type === 'iife') return true;
      if (role.type === 'context') {
        // `.then()` of start-up code runs once, right after it.
        if (role.kind === 'promise-callback') {
          fn = enclosingFunction(fn);
          continue;
        }
        return false;
      }
      return this.isStartupFunction(fn, unit, depth + 1);
    }
    return true;
  }

  private indexOf(unit: Unit): UnitIndex {
    if (unit.index) return unit.index;
    const catalogCalls = new Map<FunctionNode | null, BindingFinding[]>();
    const otherCalls = new Map<FunctionNode | null, Array<TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression>>();
    const findings = findBindingCalls(unit.sourceCode, this.options.additionalApis);
    const known = new Set<TSESTree.Node>(findings.map((f) => f.node));
    const getters = this.typed ? this.projectGetterNames() : undefined;
    walk(unit.sourceCode, (node) => {
      if (node.type === T.CallExpression || node.type === T.NewExpression) {
        if (known.has(node)) return;
        if (this.typed && unit.esToTs && isTypedCandidate(node, unit.sourceCode)) {
          const match = matchByDeclaration(this.tsApi as typeof ts, { program: this.program, esTreeNodeToTSNodeMap: unit.esToTs } as ParserServicesWithTypeInformation, node);
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

  /** The project function a call (or getter read) runs, if it can be found. */
  resolveCallee(
    call: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression,
    unit: Unit,
  ): { fn: FunctionNode; unit: Unit } | undefined {
    if (this.typed && unit.esToTs) return this.mayCallProject(call, unit) ? this.resolveTyped(call, unit) : undefined;
    if (call.type === T.MemberExpression) return undefined;
    const fn = resolveInFile(call, unit.sourceCode);
    return fn ? { fn, unit } : undefined;
  }

  private resolveTyped(
    call: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression,
    unit: Unit,
  ): { fn: FunctionNode; unit: Unit } | undefined {
    const tsApi = this.tsApi as typeof ts;
    const checker = (this.program as ts.Program).getTypeChecker();
    const esCallee = call.type === T.MemberExpression ? call : call.callee;
    if (call.type === T.NewExpression) return undefined; // constructors: start-up analysis only
    const tsCallee = unit.esToTs?.get(esCallee) as ts.Node | undefined;
    if (!tsCallee) return undefined;
    let target: ts.Node = tsCallee;
    while (tsApi.isParenthesizedExpression(target) || tsApi.isNonNullExpression(target) || tsApi.isAsExpression(target)) target = target.expression;
    if (tsApi.isPropertyAccessExpression(target)) target = target.name;
    let symbol = checker.getSymbolAtLocation(target);
    let decl: ts.Declaration | undefined;
    if (symbol) {
      if (symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const decls = symbol.declarations ?? [];
      decl = call.type === T.MemberExpression ? decls.find((d) => tsApi.isGetAccessorDeclaration(d)) : (symbol.valueDeclaration ?? decls[0]);
    } else if (tsApi.isIdentifier(target) && tsApi.isPropertyAccessExpression(target.parent) && call.type === T.CallExpression) {
      // Untyped JavaScript (`any`): find the object's class by following what it was assigned and returned.
      const cls = this.classOfExpression(target.parent.expression, 0);
      const member = cls?.members.find((m) => m.name && tsApi.isIdentifier(m.name) && m.name.text === target.text);
      decl = member && (tsApi.isMethodDeclaration(member) || tsApi.isPropertyDeclaration(member)) ? member : undefined;
    }
    if (!decl) return undefined;
    const tsFn = functionLikeOf(tsApi, decl);
    if (!tsFn) return undefined;
    const file = tsFn.getSourceFile();
    if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) return undefined;
    const targetUnit = file.fileName === unit.fileName ? unit : this.unitForFile(file.fileName);
    if (!targetUnit?.tsToEs) return undefined;
    const es = targetUnit.tsToEs.get(tsFn) as TSESTree.Node | undefined;
    const fn = es && (isFunction(es) ? es : es.type === T.MethodDefinition || es.type === T.Property || es.type === T.PropertyDefinition ? (es.value as TSESTree.Node) : undefined);
    return fn && isFunction(fn) ? { fn, unit: targetUnit } : undefined;
  }

  /**
   * The project class an expression evaluates to when its type is unknown (`any` in JavaScript): through
   * `new C()`, calls to project functions (their `return`s), and variables (their initializer and the
   * values assigned to them). Bounded depth; undefined when any step is unknown.
   */
  private classOfExpression(expression: ts.Expression, depth: number): ts.ClassLikeDeclaration | undefined {
    if (depth > 6) return undefined;
    const tsApi = this.tsApi as typeof ts;
    const checker = (this.program as ts.Program).getTypeChecker();
    let expr: ts.Expression = expression;
    while (tsApi.isParenthesizedExpression(expr) || tsApi.isAwaitExpression(expr) || tsApi.isNonNullExpression(expr) || tsApi.isAsExpression(expr)) {
      expr = expr.expression;
    }
    const projectDecl = (node: ts.Node): ts.Declaration | undefined => {
      let symbol = checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
      if (!decl || decl.getSourceFile().isDeclarationFile || /[\\/]node_modules[\\/]/.test(decl.getSourceFile().fileName)) return undefined;
      return decl;
    };
    if (tsApi.isNewExpression(expr)) {
      const decl = projectDecl(expr.expression);
      return decl && (tsApi.isClassDeclaration(decl) || tsApi.isClassExpression(decl)) ? decl : undefined;
    }
    if (tsApi.isCallExpression(expr)) {
      const decl = projectDecl(tsApi.isPropertyAccessExpression(expr.expression) ? expr.expression.name : expr.expression);
      const fn = decl && functionLikeOf(tsApi, decl);
      if (!fn) return undefined;
      for (const returned of returnedExpressions(tsApi, fn)) {
        const cls = this.classOfExpression(returned, depth + 1);
        if (cls) return cls;
      }
      return undefined;
    }
    if (tsApi.isPropertyAccessExpression(expr) && expr.expression.kind === tsApi.SyntaxKind.ThisKeyword) {
      // `this.db`: what the class assigns to the field.
      const cls = tsApi.findAncestor(expr, (n) => tsApi.isClassLike(n)) as ts.ClassLikeDeclaration | undefined;
      if (!cls) return undefined;
      let found: ts.ClassLikeDeclaration | undefined;
      const visit = (node: ts.Node): void => {
        if (found) return;
        if (
          tsApi.isBinaryExpression(node) && node.operatorToken.kind === tsApi.SyntaxKind.EqualsToken &&
          tsApi.isPropertyAccessExpression(node.left) && node.left.expression.kind === tsApi.SyntaxKind.ThisKeyword &&
          node.left.name.text === expr.name.text
        ) {
          found = this.classOfExpression(node.right, depth + 1);
        }
        if (!found) tsApi.forEachChild(node, visit);
      };
      tsApi.forEachChild(cls, visit);
      return found;
    }
    if (tsApi.isIdentifier(expr)) {
      const decl = projectDecl(expr);
      if (decl && tsApi.isParameter(decl)) return this.classOfParameter(decl, depth + 1);
      if (!decl || !tsApi.isVariableDeclaration(decl) || !tsApi.isIdentifier(decl.name)) return undefined;
      if (decl.initializer) {
        const cls = this.classOfExpression(decl.initializer, depth + 1);
        if (cls) return cls;
      }
      const symbol = checker.getSymbolAtLocation(decl.name);
      for (const id of this.identifiersNamed(decl.name.text)) {
        const parent = id.parent;
        if (
          parent && tsApi.isBinaryExpression(parent) && parent.left === id &&
          (parent.operatorToken.kind === tsApi.SyntaxKind.EqualsToken || parent.operatorToken.kind === tsApi.SyntaxKind.QuestionQuestionEqualsToken) &&
          checker.getSymbolAtLocation(id) === symbol
        ) {
          const cls = this.classOfExpression(parent.right, depth + 1);
          if (cls) return cls;
        }
      }
    }
    return undefined;
  }

  /** A parameter's class from the arguments its function (or constructor) is called with. */
  private classOfParameter(param: ts.ParameterDeclaration, depth: number): ts.ClassLikeDeclaration | undefined {
    const tsApi = this.tsApi as typeof ts;
    const fn = param.parent;
    const index = fn.parameters.indexOf(param);
    let name: ts.Identifier | undefined;
    let construct = false;
    if (tsApi.isConstructorDeclaration(fn)) {
      name = (fn.parent as ts.ClassLikeDeclaration).name;
      construct = true;
    } else if ((tsApi.isFunctionDeclaration(fn) || tsApi.isMethodDeclaration(fn)) && fn.name && tsApi.isIdentifier(fn.name)) {
      name = fn.name;
    } else if ((tsApi.isArrowFunction(fn) || tsApi.isFunctionExpression(fn)) && tsApi.isVariableDeclaration(fn.parent) && tsApi.isIdentifier(fn.parent.name)) {
      name = fn.parent.name;
    }
    if (!name) return undefined;
    for (const id of this.identifiersNamed(name.text)) {
      let callee: ts.Node = id;
      if (tsApi.isPropertyAccessExpression(id.parent) && id.parent.name === id) callee = id.parent;
      const call = callee.parent;
      const matches = construct ? call && tsApi.isNewExpression(call) && call.expression === callee : call && tsApi.isCallExpression(call) && call.expression === callee;
      const arg = matches ? (call as ts.CallExpression | ts.NewExpression).arguments?.[index] : undefined;
      if (!arg) continue;
      const cls = this.classOfExpression(arg, depth + 1);
      if (cls) return cls;
    }
    return undefined;
  }

  /**
   * Parses another file of the program into ESTree with scopes. The conversion is kept per TypeScript
   * source file: the project service makes a new program on every edit but reuses the source files that
   * did not change, so only the edited file is converted again.
   */
  unitForFile(fileName: string): Unit | undefined {
    const existing = this.units.get(fileName);
    if (existing) return existing;
    if (!this.program) return undefined;
    const sourceFile = this.program.getSourceFile(fileName);
    if (!sourceFile) return undefined;
    try {
      let base = convertedFiles.get(sourceFile);
      if (!base) {
        base = convertFile(sourceFile, this.program);
        convertedFiles.set(sourceFile, base);
      }
      // A fresh unit: its index (catalog matches by type) belongs to this program.
      const unit: Unit = { fileName: base.fileName, sourceCode: base.sourceCode, esToTs: base.esToTs, tsToEs: base.tsToEs };
      this.units.set(fileName, unit);
      return unit;
    } catch {
      return undefined;
    }
  }

  /** Call sites and other reads of a function; undefined when they cannot be known. */
  private references(fn: FunctionNode, unit: Unit): Array<{ node: TSESTree.Node; unit: Unit }> | undefined {
    if (this.typed && unit.esToTs) return this.referencesTyped(fn, unit);
    const id = declaredIdentifier(fn);
    if (!id) return isMethodValue(fn) ? this.methodReferencesInFile(fn, unit) : undefined;
    const variable = ASTUtils.findVariable(unit.sourceCode.getScope(id) as never, id);
    if (!variable) return undefined;
    // An exported function may be called from files we cannot see: callers unknown.
    if (isExported(fn, variable)) return variable.references.filter((r) => r.identifier !== id && !isExportReference(r.identifier)).length ? refsOf(variable, id, unit) : [];
    return refsOf(variable, id, unit);
  }

  private methodReferencesInFile(fn: FunctionNode, unit: Unit): Array<{ node: TSESTree.Node; unit: Unit }> {
    const name = functionName(fn);
    if (!name) return [];
    // One walk per file, not one per method: a 3.5 MB bundle with thousands of methods took minutes
    // (playwright-core's coreBundle.js in the node_modules scan, docs/reliability.md).
    let index = this.memberNames.get(unit);
    if (!index) {
      const built = new Map<string, TSESTree.Identifier[]>();
      walk(unit.sourceCode, (node) => {
        if (node.type === T.MemberExpression && !node.computed && node.property.type === T.Identifier) {
          const list = built.get(node.property.name);
          if (list) list.push(node.property);
          else built.set(node.property.name, [node.property]);
        }
      });
      this.memberNames.set(unit, built);
      index = built;
    }
    return (index.get(name) ?? []).map((node) => ({ node, unit }));
  }

  private referencesTyped(fn: FunctionNode, unit: Unit): Array<{ node: TSESTree.Node; unit: Unit }> | undefined {
    const tsApi = this.tsApi as typeof ts;
    const checker = (this.program as ts.Program).getTypeChecker();
    const holder = isMethodValue(fn) || fn.parent?.type === T.VariableDeclarator ? fn.parent : fn;
    const tsDecl = unit.esToTs?.get(holder as TSESTree.Node) as ts.Declaration | undefined;
    const nameNode = tsDecl && (tsDecl as ts.NamedDeclaration).name;
    if (!nameNode || !tsApi.isIdentifier(nameNode)) return undefined;
    const symbol = checker.getSymbolAtLocation(nameNode);
    if (!symbol) return undefined;
    const refs: Array<{ node: TSESTree.Node; unit: Unit }> = [];
    for (const id of this.identifiersNamed(nameNode.text)) {
      if (id === nameNode) continue;
      const parent = id.parent;
      if (parent && (tsApi.isImportSpecifier(parent) || tsApi.isExportSpecifier(parent) || tsApi.isImportClause(parent))) continue;
      let s = checker.getSymbolAtLocation(id);
      if (s && s.flags & tsApi.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
      if (s !== symbol) continue;
      const file = id.getSourceFile().fileName;
      const refUnit = file === unit.fileName ? unit : this.unitForFile(file);
      const es = refUnit?.tsToEs?.get(id) as TSESTree.Node | undefined;
      if (!refUnit || !es) return undefined;
      refs.push({ node: es, unit: refUnit });
    }
    return refs;
  }

  private identifiersNamed(name: string): ts.Identifier[] {
    if (!this.fileIndexes) this.buildProgramIndex();
    const found: ts.Identifier[] = [];
    for (const index of this.fileIndexes ?? []) {
      const ids = index.identifiers.get(name);
      if (ids) found.push(...ids);
    }
    return found;
  }

  private projectGetterNames(): Set<string> {
    if (!this.getterNames) this.buildProgramIndex();
    return this.getterNames ?? new Set();
  }

  /** The program's own files' indexes (each computed once per source file), and the names they declare. */
  private buildProgramIndex(): void {
    const tsApi = this.tsApi as typeof ts;
    const indexes: FileIndex[] = [];
    const getters = new Set<string>();
    const callables = new Set<string>();
    for (const file of (this.program as ts.Program).getSourceFiles()) {
      if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) continue;
      let index = fileIndexes.get(file);
      if (!index) {
        index = indexFile(tsApi, file);
        fileIndexes.set(file, index);
      }
      indexes.push(index);
      for (const g of index.getters) getters.add(g);
      for (const c of index.callables) callables.add(c);
    }
    this.fileIndexes = indexes;
    this.getterNames = getters;
    this.callableNames = callables;
  }

  /**
   * Cheap filter before asking the checker: could this call reach a function declared in the project?
   * Calls of library APIs (`res.json()`, `JSON.parse()`) are most calls in a handler and never can.
   */
  mayCallProject(call: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression, unit: Unit): boolean {
    if (!this.callableNames) this.buildProgramIndex();
    const names = this.callableNames as Set<string>;
    const target = call.type === T.MemberExpression ? call : call.callee;
    if (target.type === T.MemberExpression) {
      const name = ASTUtils.getPropertyName(target);
      return name != null && names.has(name);
    }
    if (target.type !== T.Identifier) return false;
    if (names.has(target.name)) return true;
    // An import under another name: judge by the imported name; a default import, always.
    const variable = ASTUtils.findVariable(unit.sourceCode.getScope(target) as never, target);
    const def = variable?.defs[0];
    if (def?.type !== 'ImportBinding') return false;
    const spec = def.node as TSESTree.ImportClause;
    if (spec.type === T.ImportSpecifier) {
      const imported = spec.imported.type === T.Identifier ? spec.imported.name : spec.imported.value;
      return names.has(imported);
    }
    return true;
  }
}

/**
 * The call a chain should end in: one that does the work (`stmt.all()`) rather than one that prepares it
 * (`db.prepare(sql)`) or opens a handle (`new Database()`).
 */
function pickDirect(calls: BindingFinding[] | undefined): BindingFinding | undefined {
  if (!calls || calls.length === 0) return undefined;
  const preparatory = (f: BindingFinding): boolean => /#(new|prepare)$/.test(f.entry.path);
  return calls.find((f) => !preparatory(f)) ?? calls[0];
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
  return false;
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

/** What one source file declares and mentions, for call-site and callee look-ups. */
interface FileIndex {
  readonly identifiers: Map<string, ts.Identifier[]>;
  readonly getters: Set<string>;
  readonly callables: Set<string>;
}

// Keyed by TypeScript source file, which the project service reuses across programs while it is unchanged.
const fileIndexes = new WeakMap<ts.SourceFile, FileIndex>();
const convertedFiles = new WeakMap<ts.SourceFile, Unit>();

function indexFile(tsApi: typeof ts, file: ts.SourceFile): FileIndex {
  const identifiers = new Map<string, ts.Identifier[]>();
  const getters = new Set<string>();
  const callables = new Set<string>();
  const nameOf = (name: ts.Node | undefined): string | undefined => (name && (tsApi.isIdentifier(name) || tsApi.isPrivateIdentifier(name)) ? name.text : undefined);
  // Iterative: generated files can nest deeper than the stack.
  const stack: ts.Node[] = [file];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (tsApi.isIdentifier(node)) {
      const list = identifiers.get(node.text);
      if (list) list.push(node);
      else identifiers.set(node.text, [node]);
    } else if (tsApi.isGetAccessorDeclaration(node)) {
      const name = nameOf(node.name);
      if (name) {
        getters.add(name);
        callables.add(name);
      }
    } else if (tsApi.isFunctionDeclaration(node) || tsApi.isMethodDeclaration(node)) {
      const name = nameOf(node.name);
      if (name) callables.add(name);
    } else if (
      (tsApi.isVariableDeclaration(node) || tsApi.isPropertyAssignment(node) || tsApi.isPropertyDeclaration(node)) &&
      node.initializer &&
      (tsApi.isArrowFunction(node.initializer) || tsApi.isFunctionExpression(node.initializer))
    ) {
      const name = nameOf(node.name);
      if (name) callables.add(name);
    }
    tsApi.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return { identifiers, getters, callables };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function step(name: string, unit: Unit, node: TSESTree.Node): ChainStep {
  return { name, file: unit.fileName, line: node.loc.start.line, column: node.loc.start.column + 1 };
}

function calleeLabel(call: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression): string {
  if (call.type === T.MemberExpression) return ASTUtils.getPropertyName(call) ?? 'getter';
  const callee = call.callee;
  const name =
    callee.type === T.Identifier
      ? callee.name
      : callee.type === T.MemberExpression
        ? ASTUtils.getPropertyName(callee) ?? 'call'
        : 'call';
  return `${name}()`;
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

export function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier) return parent.id.name;
  if ((parent?.type === T.MethodDefinition || parent?.type === T.Property || parent?.type === T.PropertyDefinition) && !parent.computed) {
    if (parent.key.type === T.Identifier || parent.key.type === T.PrivateIdentifier) return parent.key.name;
  }
  return undefined;
}

function qualifiedName(fn: FunctionNode): string | undefined {
  const name = functionName(fn);
  const parent = fn.parent;
  if (name && parent?.type === T.MethodDefinition) {
    const cls = parent.parent.parent;
    if ((cls?.type === T.ClassDeclaration || cls?.type === T.ClassExpression) && cls.id) return `${cls.id.name}.${name}`;
  }
  return name;
}

function isMethodValue(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (parent?.type === T.MethodDefinition || parent?.type === T.Property || parent?.type === T.PropertyDefinition) && parent.value === fn;
}

function declaredIdentifier(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === T.FunctionDeclaration && fn.id) return fn.id;
  const parent = fn.parent;
  if (parent?.type === T.VariableDeclarator && parent.init === fn && parent.id.type === T.Identifier) return parent.id;
  return undefined;
}

function isExported(fn: FunctionNode, variable: TSESLint.Scope.Variable): boolean {
  let node: TSESTree.Node | undefined = fn;
  while (node && node.type !== T.Program) {
    if (node.type === T.ExportNamedDeclaration || node.type === T.ExportDefaultDeclaration) return true;
    node = node.parent;
  }
  return variable.references.some((r) => isExportReference(r.identifier));
}

function isExportReference(id: TSESTree.Node): boolean {
  return id.parent?.type === T.ExportSpecifier || id.parent?.type === T.ExportDefaultDeclaration;
}

function refsOf(variable: TSESLint.Scope.Variable, id: TSESTree.Identifier, unit: Unit): Array<{ node: TSESTree.Node; unit: Unit }> {
  return variable.references
    .filter((r) => r.identifier !== id && r.isRead() && !isExportReference(r.identifier))
    .map((r) => ({ node: r.identifier as TSESTree.Node, unit }));
}

/** Within one file: `helper()`, `const helper = () => ...`, `this.method()`, `obj.method()` on a local object literal. */
function resolveInFile(call: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: Readonly<TSESLint.SourceCode>): FunctionNode | undefined {
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

function functionLikeOf(tsApi: typeof ts, decl: ts.Declaration): ts.Node | undefined {
  if (tsApi.isFunctionDeclaration(decl) || tsApi.isMethodDeclaration(decl) || tsApi.isGetAccessorDeclaration(decl)) return decl.body ? decl : undefined;
  if ((tsApi.isVariableDeclaration(decl) || tsApi.isPropertyAssignment(decl) || tsApi.isPropertyDeclaration(decl)) && decl.initializer) {
    const init = decl.initializer;
    if (tsApi.isArrowFunction(init) || tsApi.isFunctionExpression(init)) return init;
  }
  return undefined;
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

/** The expressions a function returns (not those of nested functions); an arrow's expression body. */
function returnedExpressions(tsApi: typeof ts, fn: ts.Node): ts.Expression[] {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return [];
  if (!tsApi.isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (tsApi.isReturnStatement(node) && node.expression) found.push(node.expression);
    if (tsApi.isFunctionLike(node)) return;
    tsApi.forEachChild(node, visit);
  };
  tsApi.forEachChild(body, visit);
  return found;
}

/** Walks every node of a file once, depth first. */
export function walk(sourceCode: Readonly<TSESLint.SourceCode>, visit: (node: TSESTree.Node) => void): void {
  const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    visit(node);
    const nodeKeys = keys[node.type] ?? [];
    for (let k = nodeKeys.length - 1; k >= 0; k -= 1) {
      const value = (node as unknown as Record<string, unknown>)[nodeKeys[k] as string];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i -= 1) {
          const item = value[i] as TSESTree.Node | null;
          if (item && typeof item.type === 'string') stack.push(item);
        }
      } else if (value && typeof (value as TSESTree.Node).type === 'string') {
        stack.push(value as TSESTree.Node);
      }
    }
  }
}

/** Converts a file of the program to ESTree with node maps and scopes, reusing the program's AST. */
function convertFile(sourceFile: ts.SourceFile, program: ts.Program): Unit {
  // Loaded lazily: only typed linting follows calls into other files.
  const estree = require('@typescript-eslint/typescript-estree') as typeof import('@typescript-eslint/typescript-estree');
  const scopes = require('@typescript-eslint/scope-manager') as typeof import('@typescript-eslint/scope-manager');
  const { visitorKeys } = require('@typescript-eslint/visitor-keys') as typeof import('@typescript-eslint/visitor-keys');
  const { SourceCode } = require('eslint') as typeof import('eslint');
  const { ast, services } = estree.parseAndGenerateServices(sourceFile.text, {
    filePath: sourceFile.fileName,
    programs: [program],
    range: true,
    loc: true,
    comment: true,
    tokens: true,
    errorOnTypeScriptSyntacticAndSemanticIssues: false,
    disallowAutomaticSingleRunInference: true,
    jsx: /\.[jt]sx$/.test(sourceFile.fileName),
  });
  // ESLint sets `parent` while it traverses; a converted file needs it before any analysis.
  estree.simpleTraverse(ast, { enter: () => undefined }, true);
  const scopeManager = scopes.analyze(ast, {
    sourceType: ast.sourceType,
    jsxPragma: null,
    lib: ['esnext'],
  });
  const sourceCode = new SourceCode({
    text: sourceFile.text,
    ast: ast as never,
    scopeManager: scopeManager as never,
    visitorKeys: visitorKeys as never,
    parserServices: services as never,
  }) as unknown as TSESLint.SourceCode;
  return {
    fileName: sourceFile.fileName,
    sourceCode,
    esToTs: services.esTreeNodeToTSNodeMap,
    tsToEs: services.tsNodeToESTreeNodeMap,
  };
}

/** Relative path for messages: from the linted file's folder, with `/` separators. */
export function relativeTo(fromFile: string, file: string): string {
  if (fromFile === file) return path.basename(file);
  const rel = path.relative(path.dirname(fromFile), file).split(path.sep).join('/');
  return rel;
}
