import { type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { isFunction, type FunctionNode } from './context';
import { assignedMember, isMethodValue, isModuleExports } from './ast';
import type { ProgramNameIndex } from './program-index';
import type { CallSite, Reference, Unit } from './unit';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

/** A project function and the file it is in. */
export interface Target {
  readonly fn: FunctionNode;
  readonly unit: Unit;
}

/**
 * Callees and call sites found through the type checker, across the program's files. `unitForFile` gives
 * the ESTree of another file, converted on demand.
 */
export class TypedResolver {
  // Memos of `classOfExpression`, `classOfParameter` and `classOfVariable` by node, then by depth. Without
  // them the search fans out once per call site of every function on the way (a parameter's class is looked
  // for in the arguments of each call, whose own parameters are looked for in turn), and in JavaScript, where
  // most values are `any`, the same nodes are searched again from every call. The answer depends only on
  // the node and the depth, so each pair is computed once and the answers are those without the memo.
  private readonly expressionClasses = new Map<ts.Node, Array<ts.ClassLikeDeclaration | null>>();
  private readonly parameterClasses = new Map<ts.Node, Array<ts.ClassLikeDeclaration | null>>();
  private readonly variableClasses = new Map<ts.Node, Array<ts.ClassLikeDeclaration | null>>();

  constructor(
    private readonly program: ts.Program,
    private readonly tsApi: typeof ts,
    private readonly names: ProgramNameIndex,
    private readonly unitForFile: (fileName: string) => Unit | undefined,
  ) {}

  /** `require()` specifiers resolved, by requiring file and specifier (null: not a file of the program). */
  private readonly requireCache = new Map<string, string | null>();
  private loaded: Set<string> | undefined;

  /** The implementations of an interface member, by its signature (one search of the program each). */
  private readonly implementationCache = new Map<ts.Declaration, ts.Node[]>();

  /** The project function a call (or getter read) runs, if the checker can find its declaration. */
  resolve(call: CallSite, unit: Unit): Target | undefined {
    return this.candidates(call, unit)[0];
  }

  /**
   * Every project function a call (or getter read) may run. One, except where the callee is an interface's
   * or type literal's member (`finders[kind].get()` with `Record<string, Finder>`): then each object-literal
   * member and class method that implements it.
   */
  candidates(call: CallSite, unit: Unit): Target[] {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    const esCallee = call.type === T.MemberExpression ? call : call.callee;
    if (call.type === T.NewExpression) return []; // constructors: start-up analysis only
    const tsCallee = unit.esToTs?.get(esCallee) as ts.Node | undefined;
    if (!tsCallee) return [];
    let target: ts.Node = tsCallee;
    while (tsApi.isParenthesizedExpression(target) || tsApi.isNonNullExpression(target) || tsApi.isAsExpression(target)) target = target.expression;
    if (tsApi.isPropertyAccessExpression(target)) target = target.name;
    let symbol = tsApi.isCallExpression(target) ? undefined : checker.getSymbolAtLocation(target);
    let decl: ts.Declaration | undefined;
    if (tsApi.isCallExpression(target)) {
      // `require('./stats')(dir)`: the module's `module.exports = ...` is the function called.
      const file = this.requiredFile(target);
      decl = file && moduleExportsAssignment(tsApi, file);
    } else if (symbol) {
      if (symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const decls = symbol.declarations ?? [];
      decl = call.type === T.MemberExpression ? decls.find((d) => tsApi.isGetAccessorDeclaration(d)) : (symbol.valueDeclaration ?? decls[0]);
    } else if (tsApi.isIdentifier(target) && tsApi.isPropertyAccessExpression(target.parent) && call.type === T.CallExpression) {
      // `templates.render()` where `templates` is a module the checker gives no members for: `require()` in a
      // TypeScript file (typed `any`), or a namespace import of a file that exports with `exports.render = ...`.
      const file = this.moduleOfExpression(target.parent.expression);
      if (file) decl = this.moduleMember(file, target.text);
      else {
        // Untyped JavaScript (`any`): find the object's class by following what it was assigned and returned.
        const cls = this.classOfExpression(target.parent.expression, 0);
        const member = cls?.members.find((m) => m.name && tsApi.isIdentifier(m.name) && m.name.text === target.text);
        decl = member && (tsApi.isMethodDeclaration(member) || tsApi.isPropertyDeclaration(member)) ? member : undefined;
      }
    }
    if (!decl) return [];
    // The project's own interfaces, in its `.d.ts` files too (a package's implementations are not followed).
    if ((tsApi.isMethodSignature(decl) || tsApi.isPropertySignature(decl)) && !/[\\/]node_modules[\\/]/.test(decl.getSourceFile().fileName)) {
      return this.implementations(decl).flatMap((impl) => this.toTarget(impl, unit) ?? []);
    }
    const tsFn = functionLikeOf(tsApi, decl) ?? this.functionBehind(decl);
    const found = tsFn && this.toTarget(tsFn, unit);
    return found ? [found] : [];
  }

  /** The ESTree function of a TypeScript function-like node of the project, in its (converted) file. */
  private toTarget(tsFn: ts.Node, unit: Unit): Target | undefined {
    const file = tsFn.getSourceFile();
    if (isLibraryFile(file)) return undefined;
    const targetUnit = file.fileName === unit.fileName ? unit : this.unitForFile(file.fileName);
    if (!targetUnit?.tsToEs) return undefined;
    const es = targetUnit.tsToEs.get(tsFn) as TSESTree.Node | undefined;
    const fn = es && (isFunction(es) ? es : es.type === T.MethodDefinition || es.type === T.Property || es.type === T.PropertyDefinition ? (es.value as TSESTree.Node) : undefined);
    return fn && isFunction(fn) ? { fn, unit: targetUnit } : undefined;
  }

  /**
   * The functions that implement an interface's (or type literal's) member: methods and function-valued
   * properties of object literals typed by that interface (`const finders: Record<string, Finder> = { npm:
   * { get() {} } }`), and methods of classes that declare `implements` it.
   */
  private implementations(signature: ts.MethodSignature | ts.PropertySignature): ts.Node[] {
    let found = this.implementationCache.get(signature);
    if (!found) {
      found = this.findImplementations(signature);
      this.implementationCache.set(signature, found);
    }
    return found;
  }

  private findImplementations(signature: ts.MethodSignature | ts.PropertySignature): ts.Node[] {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    const name = signature.name;
    if (!tsApi.isIdentifier(name)) return [];
    const found: ts.Node[] = [];
    const declares = (type: ts.Type | undefined): boolean => {
      const property = type?.getProperty(name.text);
      return property?.declarations?.includes(signature) ?? false;
    };
    for (const id of this.names.identifiersNamed(name.text)) {
      const member = id.parent;
      if (!member || (member as ts.NamedDeclaration).name !== id) continue;
      if (tsApi.isObjectLiteralExpression(member.parent) && (tsApi.isMethodDeclaration(member) || tsApi.isPropertyAssignment(member) || tsApi.isShorthandPropertyAssignment(member))) {
        if (!declares(checker.getContextualType(member.parent))) continue;
        const fn = functionLikeOf(tsApi, member as ts.Declaration) ?? this.functionBehind(member as ts.Declaration);
        if (fn) found.push(fn);
      } else if (tsApi.isMethodDeclaration(member) && tsApi.isClassLike(member.parent) && member.body) {
        const implemented = (member.parent.heritageClauses ?? [])
          .filter((h) => h.token === tsApi.SyntaxKind.ImplementsKeyword)
          .flatMap((h) => h.types)
          .some((t) => declares(checker.getTypeAtLocation(t)));
        if (implemented) found.push(member);
      }
    }
    return found;
  }

  /**
   * The project file a module expression stands for: a namespace import (`import * as m from './m'`), or a
   * variable initialised with `require('./m')` (in TypeScript files, where the checker types it `any`).
   */
  private moduleOfExpression(expression: ts.Expression): ts.SourceFile | undefined {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    let expr: ts.Expression = expression;
    while (tsApi.isParenthesizedExpression(expr) || tsApi.isNonNullExpression(expr) || tsApi.isAsExpression(expr)) expr = expr.expression;
    if (tsApi.isCallExpression(expr)) return this.requiredFile(expr);
    if (!tsApi.isIdentifier(expr)) return undefined;
    let symbol = checker.getSymbolAtLocation(expr);
    if (!symbol) return undefined;
    if (symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!decl) return undefined;
    if (tsApi.isSourceFile(decl)) return isLibraryFile(decl) ? undefined : decl;
    if (tsApi.isVariableDeclaration(decl) && tsApi.isIdentifier(decl.name) && decl.initializer) {
      let init: ts.Expression = decl.initializer;
      while (tsApi.isParenthesizedExpression(init) || tsApi.isAsExpression(init)) init = init.expression;
      if (tsApi.isCallExpression(init)) return this.requiredFile(init);
    }
    return undefined;
  }

  /** The project files that another file of the program loads: `require('./m')`, `import`, `export ... from`. */
  loadedFiles(): ReadonlySet<string> {
    if (this.loaded) return this.loaded;
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    const loaded = new Set<string>();
    for (const id of this.names.identifiersNamed('require')) {
      const call = id.parent;
      if (!tsApi.isCallExpression(call) || call.expression !== id) continue;
      const file = this.requiredFile(call);
      if (file && file.fileName !== call.getSourceFile().fileName) loaded.add(file.fileName);
    }
    for (const source of this.program.getSourceFiles()) {
      if (source.isDeclarationFile || isLibraryFile(source)) continue;
      for (const statement of source.statements) {
        const specifier = (tsApi.isImportDeclaration(statement) || tsApi.isExportDeclaration(statement)) ? statement.moduleSpecifier : undefined;
        const target = specifier && checker.getSymbolAtLocation(specifier)?.declarations?.find((d) => tsApi.isSourceFile(d));
        if (target && target !== source) loaded.add(target.getSourceFile().fileName);
      }
    }
    this.loaded = loaded;
    return loaded;
  }

  /** The project file of `require('./m')`, resolved as the program resolves modules. */
  private requiredFile(call: ts.CallExpression): ts.SourceFile | undefined {
    const tsApi = this.tsApi;
    const [arg] = call.arguments;
    if (!tsApi.isIdentifier(call.expression) || call.expression.text !== 'require' || call.arguments.length !== 1 || !arg || !tsApi.isStringLiteralLike(arg)) return undefined;
    // Only relative specifiers: a package's code is not the project's.
    if (!arg.text.startsWith('.')) return undefined;
    const from = call.getSourceFile().fileName;
    const key = `${from}\0${arg.text}`;
    let resolved = this.requireCache.get(key);
    if (resolved === undefined) {
      resolved = tsApi.resolveModuleName(arg.text, from, this.program.getCompilerOptions(), tsApi.sys).resolvedModule?.resolvedFileName ?? null;
      this.requireCache.set(key, resolved);
    }
    const file = resolved ? this.program.getSourceFile(resolved) : undefined;
    return file && !isLibraryFile(file) ? file : undefined;
  }

  /**
   * What a module file exports under a name: its ES exports, else a CommonJS `exports.name = ...`,
   * `module.exports.name = ...` or `module.exports = { name }` at its top level, which TypeScript files do
   * not declare as exports.
   */
  private moduleMember(file: ts.SourceFile, name: string): ts.Declaration | undefined {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(file);
    let exported = moduleSymbol && checker.tryGetMemberInModuleExports(name, moduleSymbol);
    if (exported && exported.flags & tsApi.SymbolFlags.Alias) exported = checker.getAliasedSymbol(exported);
    const decl = exported?.valueDeclaration ?? exported?.declarations?.[0];
    if (decl) return decl;
    for (const statement of file.statements) {
      if (!tsApi.isExpressionStatement(statement)) continue;
      const assignment = statement.expression;
      if (!tsApi.isBinaryExpression(assignment) || assignment.operatorToken.kind !== tsApi.SyntaxKind.EqualsToken) continue;
      const left = assignment.left;
      if (!tsApi.isPropertyAccessExpression(left)) continue;
      if (left.name.text === name && isExportsObject(tsApi, left.expression)) return left;
      if (left.name.text === 'exports' && tsApi.isIdentifier(left.expression) && left.expression.text === 'module' && tsApi.isObjectLiteralExpression(assignment.right)) {
        const property = assignment.right.properties.find((p) => p.name && tsApi.isIdentifier(p.name) && p.name.text === name);
        if (property) return property;
      }
    }
    return undefined;
  }

  /**
   * The function a declaration stands for when it is not one itself: an object-literal property that names a
   * function (`{ listFiles }`, `{ write: writeNote }`), a CommonJS export (`exports.load = function ...`,
   * `module.exports.load = load`), which TypeScript declares by the assignment, and a destructured binding
   * (`const { load } = await import('./store')`, `const { load } = require('./store')`). A few hops at most.
   */
  private functionBehind(declaration: ts.Declaration): ts.Node | undefined {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    let decl: ts.Node | undefined = declaration;
    for (let hop = 0; decl && hop < 4; hop += 1) {
      const direct = functionLikeOf(tsApi, decl as ts.Declaration);
      if (direct) return direct;
      let value: ts.Expression | undefined;
      let symbol: ts.Symbol | undefined;
      if (tsApi.isShorthandPropertyAssignment(decl)) symbol = checker.getShorthandAssignmentValueSymbol(decl);
      else if (tsApi.isPropertyAssignment(decl)) value = decl.initializer;
      else if (tsApi.isBinaryExpression(decl)) value = decl.right;
      else if ((tsApi.isPropertyAccessExpression(decl) || tsApi.isElementAccessExpression(decl)) && tsApi.isBinaryExpression(decl.parent) && decl.parent.left === decl) value = decl.parent.right;
      else if (tsApi.isBindingElement(decl)) {
        const next = this.destructuredMember(decl);
        if (!next || next === decl) return undefined;
        decl = next;
        continue;
      }
      if (value) {
        while (tsApi.isParenthesizedExpression(value)) value = value.expression;
        if (tsApi.isArrowFunction(value) || tsApi.isFunctionExpression(value)) return value;
        if (!tsApi.isIdentifier(value) && !tsApi.isPropertyAccessExpression(value)) return undefined;
        symbol = checker.getSymbolAtLocation(tsApi.isPropertyAccessExpression(value) ? value.name : value);
      }
      if (!symbol) return undefined;
      if (symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const next: ts.Node | undefined = symbol.valueDeclaration ?? symbol.declarations?.[0];
      if (!next || next === decl) return undefined;
      decl = next;
    }
    return undefined;
  }

  /**
   * The declaration a destructured name takes its value from: the property of the destructured value's type
   * (`const { f } = await import('./m')`: the module's export `f`), or, when that value is `require('./m')`
   * typed `any`, the module's member.
   */
  private destructuredMember(element: ts.BindingElement): ts.Declaration | undefined {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    const pattern = element.parent;
    if (!tsApi.isObjectBindingPattern(pattern) || element.dotDotDotToken) return undefined;
    const key = element.propertyName ?? element.name;
    if (!tsApi.isIdentifier(key) && !tsApi.isStringLiteral(key)) return undefined;
    let property = checker.getTypeAtLocation(pattern).getProperty(key.text);
    if (property && property.flags & tsApi.SymbolFlags.Alias) property = checker.getAliasedSymbol(property);
    const decl = property?.valueDeclaration ?? property?.declarations?.[0];
    if (decl) return decl;
    const holder = pattern.parent;
    if (!tsApi.isVariableDeclaration(holder) || !holder.initializer) return undefined;
    const file = this.moduleOfExpression(holder.initializer);
    return file ? this.moduleMember(file, key.text) : undefined;
  }

  /** Every read of a function in the program, by symbol; undefined when one cannot be mapped to ESTree. */
  references(fn: FunctionNode, unit: Unit): Reference[] | undefined {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    const holder = isMethodValue(fn) || fn.parent?.type === T.VariableDeclarator ? fn.parent : (assignedMember(fn) ?? fn);
    // `module.exports = function (...) {}`: the function is the module; its uses are the uses of what loads it.
    if (holder.type === T.MemberExpression && isModuleExports(holder)) return this.moduleReferences(unit);
    const tsDecl = unit.esToTs?.get(holder as TSESTree.Node) as ts.Declaration | undefined;
    const nameNode = tsDecl && (tsDecl as ts.NamedDeclaration).name;
    if (!nameNode || !tsApi.isIdentifier(nameNode)) return undefined;
    const symbol = checker.getSymbolAtLocation(nameNode);
    if (!symbol) return undefined;
    const refs: Reference[] = [];
    const seen = new Set<ts.Identifier>();
    const add = (id: ts.Identifier): boolean => {
      if (seen.has(id)) return true;
      seen.add(id);
      const ref = this.referenceOf(id, unit);
      if (ref) refs.push(ref);
      return ref !== undefined;
    };
    // Names that destructuring binds to the function (`const { f } = await import('./m')`): their reads are its reads.
    const locals: ts.Identifier[] = [];
    for (const id of this.names.identifiersNamed(nameNode.text)) {
      if (id === nameNode) continue;
      const parent = id.parent;
      // Another `exports.load = ...` of the same export is a definition, not a use.
      if (tsApi.isPropertyAccessExpression(parent) && parent.name === id && tsApi.isBinaryExpression(parent.parent) && parent.parent.left === parent && parent.parent.operatorToken.kind === tsApi.SyntaxKind.EqualsToken) continue;
      if (parent && (tsApi.isImportSpecifier(parent) || tsApi.isExportSpecifier(parent) || tsApi.isImportClause(parent))) continue;
      // A destructuring declares a name, like an import specifier; the name's reads are the uses.
      if (parent && tsApi.isBindingElement(parent) && (parent.name === id || parent.propertyName === id)) {
        if (tsApi.isIdentifier(parent.name) && this.bindsTo(parent, symbol)) locals.push(parent.name);
        continue;
      }
      let s = checker.getSymbolAtLocation(id);
      if (s && s.flags & tsApi.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
      if (s !== symbol) continue;
      if (!add(id)) return undefined;
    }
    for (const local of locals) {
      const localSymbol = checker.getSymbolAtLocation(local);
      if (!localSymbol) return undefined;
      for (const id of this.names.identifiersNamed(local.text)) {
        if (id === local || checker.getSymbolAtLocation(id) !== localSymbol) continue;
        if (!add(id)) return undefined;
      }
    }
    return refs;
  }

  /**
   * The uses of a module whose `module.exports` is one function: `const serve = require('./serve')` and
   * `import serve from './serve'` give the reads of `serve`; `{ serve: require('./serve') }` the reads of that
   * property (`run.serve(...)` where `run` is the object); `require('./serve')(...)` is itself a call.
   * `undefined` when the module is used in a way that cannot be followed (handed to a function, re-exported
   * whole).
   */
  private moduleReferences(unit: Unit): Reference[] | undefined {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    const sourceFile = this.program.getSourceFile(unit.fileName);
    if (!sourceFile) return undefined;
    // A specifier's symbol is the module it loads, declared by that module's source file.
    const loadsThisModule = (specifier: ts.Expression): boolean => checker.getSymbolAtLocation(specifier)?.declarations?.includes(sourceFile) ?? false;
    const refs: Reference[] = [];
    const add = (node: ts.Node): boolean => {
      const ref = this.referenceOf(node, unit);
      if (ref) refs.push(ref);
      return ref !== undefined;
    };
    // The reads of a name that holds the module's function (a variable, an import, an object's property).
    const readsOf = (name: ts.Identifier): boolean => {
      const declaration = name.parent as ts.Declaration;
      for (const id of this.names.identifiersNamed(name.text)) {
        if (id === name) continue;
        let s = checker.getSymbolAtLocation(id);
        if (s && s.flags & tsApi.SymbolFlags.Alias && !s.declarations?.includes(declaration)) s = checker.getAliasedSymbol(s);
        // By declaration: `run.serve` of a required object literal reads a transient copy of the property's symbol.
        if (s?.declarations?.includes(declaration) && !add(id)) return false;
      }
      return true;
    };
    for (const id of this.names.identifiersNamed('require')) {
      const call = id.parent;
      if (!tsApi.isCallExpression(call) || call.expression !== id || call.arguments.length !== 1) continue;
      const specifier = call.arguments[0]!;
      if (!tsApi.isStringLiteralLike(specifier) || !loadsThisModule(specifier)) continue;
      const parent = call.parent;
      if (tsApi.isVariableDeclaration(parent) && parent.initializer === call && tsApi.isIdentifier(parent.name)) {
        if (!readsOf(parent.name)) return undefined;
      } else if (tsApi.isPropertyAssignment(parent) && parent.initializer === call && tsApi.isIdentifier(parent.name)) {
        if (!readsOf(parent.name)) return undefined;
      } else if (tsApi.isCallExpression(parent) && parent.expression === call) {
        if (!add(call)) return undefined;
      } else if (!(tsApi.isExpressionStatement(parent) || tsApi.isBinaryExpression(parent))) {
        // `require('./x')` alone loads it for its effects; anything else hands the function on.
        return undefined;
      }
    }
    for (const file of this.program.getSourceFiles()) {
      if (file.isDeclarationFile) continue;
      for (const statement of file.statements) {
        if (!tsApi.isImportDeclaration(statement) || !loadsThisModule(statement.moduleSpecifier)) continue;
        const name = statement.importClause?.name;
        if (name && !readsOf(name)) return undefined;
      }
    }
    return refs;
  }

  /** A TypeScript node as a reference: its ESTree node in its file's unit (`unit` itself for its own file). */
  private referenceOf(node: ts.Node, unit: Unit): Reference | undefined {
    const file = node.getSourceFile().fileName;
    const refUnit = file === unit.fileName ? unit : this.unitForFile(file);
    const es = refUnit?.tsToEs?.get(node) as TSESTree.Node | undefined;
    return refUnit && es ? { node: es, unit: refUnit } : undefined;
  }

  /** Whether a destructured name is bound to the function whose symbol is given. */
  private bindsTo(element: ts.BindingElement, symbol: ts.Symbol): boolean {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    let own = checker.getSymbolAtLocation(element.name);
    if (own && own.flags & tsApi.SymbolFlags.Alias) own = checker.getAliasedSymbol(own);
    if (own === symbol) return true;
    const decl = this.destructuredMember(element);
    return decl !== undefined && (symbol.declarations ?? []).includes(decl);
  }

  /**
   * The project class an expression evaluates to when its type is unknown (`any` in JavaScript): through
   * `new C()`, calls to project functions (their `return`s), and variables (their initializer and the
   * values assigned to them). Bounded depth; undefined when any step is unknown.
   */
  private classOfExpression(expression: ts.Expression, depth: number): ts.ClassLikeDeclaration | undefined {
    if (depth > 6) return undefined;
    return memoized(this.expressionClasses, expression, depth, () => this.findClassOfExpression(expression, depth));
  }

  private findClassOfExpression(expression: ts.Expression, depth: number): ts.ClassLikeDeclaration | undefined {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
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
      return this.classOfVariable(decl, depth);
    }
    return undefined;
  }

  /**
   * A variable's class from its initializer and the values assigned to it. Memoized by declaration: every
   * `db.get()` of a program asks about the same `const db = require('./db')`, and the answer scans every
   * identifier of the program named `db`.
   */
  private classOfVariable(decl: ts.VariableDeclaration, depth: number): ts.ClassLikeDeclaration | undefined {
    return memoized(this.variableClasses, decl, depth, () => {
      const tsApi = this.tsApi;
      const checker = this.program.getTypeChecker();
      const name = decl.name as ts.Identifier;
      if (decl.initializer) {
        const cls = this.classOfExpression(decl.initializer, depth + 1);
        if (cls) return cls;
      }
      const symbol = checker.getSymbolAtLocation(name);
      for (const id of this.names.identifiersNamed(name.text)) {
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
      return undefined;
    });
  }

  /** A parameter's class from the arguments its function (or constructor) is called with. */
  private classOfParameter(param: ts.ParameterDeclaration, depth: number): ts.ClassLikeDeclaration | undefined {
    return memoized(this.parameterClasses, param, depth, () => this.findClassOfParameter(param, depth));
  }

  private findClassOfParameter(param: ts.ParameterDeclaration, depth: number): ts.ClassLikeDeclaration | undefined {
    const tsApi = this.tsApi;
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
    for (const id of this.names.identifiersNamed(name.text)) {
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

}

/** The memo of a (node, depth) search: `null` records a search that found nothing. */
function memoized<R extends object>(memo: Map<ts.Node, Array<R | null>>, node: ts.Node, depth: number, compute: () => R | undefined): R | undefined {
  let byDepth = memo.get(node);
  const known = byDepth?.[depth];
  if (known !== undefined) return known ?? undefined;
  const result = compute();
  if (!byDepth) {
    byDepth = [];
    memo.set(node, byDepth);
  }
  byDepth[depth] = result ?? null;
  return result;
}

/** A module's top-level `module.exports = ...`, the last one. */
function moduleExportsAssignment(tsApi: typeof ts, file: ts.SourceFile): ts.BinaryExpression | undefined {
  let found: ts.BinaryExpression | undefined;
  for (const statement of file.statements) {
    if (!tsApi.isExpressionStatement(statement)) continue;
    const e = statement.expression;
    if (
      tsApi.isBinaryExpression(e) &&
      e.operatorToken.kind === tsApi.SyntaxKind.EqualsToken &&
      tsApi.isPropertyAccessExpression(e.left) &&
      tsApi.isIdentifier(e.left.expression) &&
      e.left.expression.text === 'module' &&
      e.left.name.text === 'exports'
    ) {
      found = e;
    }
  }
  return found;
}

function functionLikeOf(tsApi: typeof ts, decl: ts.Declaration): ts.Node | undefined {
  if (tsApi.isFunctionDeclaration(decl) || tsApi.isMethodDeclaration(decl) || tsApi.isGetAccessorDeclaration(decl)) return decl.body ? decl : undefined;
  if ((tsApi.isVariableDeclaration(decl) || tsApi.isPropertyAssignment(decl) || tsApi.isPropertyDeclaration(decl)) && decl.initializer) {
    const init = decl.initializer;
    if (tsApi.isArrowFunction(init) || tsApi.isFunctionExpression(init)) return init;
  }
  return undefined;
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

/** A declaration file or a file under node_modules: not the project's code. */
function isLibraryFile(file: ts.SourceFile): boolean {
  return file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName);
}

/** `exports` or `module.exports`. */
function isExportsObject(tsApi: typeof ts, node: ts.Expression): boolean {
  if (tsApi.isIdentifier(node)) return node.text === 'exports';
  return tsApi.isPropertyAccessExpression(node) && node.name.text === 'exports' && tsApi.isIdentifier(node.expression) && node.expression.text === 'module';
}
