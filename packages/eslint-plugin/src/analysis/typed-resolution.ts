import { type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { isFunction, type FunctionNode } from './context';
import { assignedMember, isMethodValue } from './ast';
import type { ProgramNameIndex } from './program-index';
import type { CallSite, Reference, Unit } from './unit';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

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

  /** The project function a call (or getter read) runs, if the checker can find its declaration. */
  resolve(call: CallSite, unit: Unit): { fn: FunctionNode; unit: Unit } | undefined {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
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
    const tsFn = functionLikeOf(tsApi, decl) ?? functionBehind(tsApi, checker, decl);
    if (!tsFn) return undefined;
    const file = tsFn.getSourceFile();
    if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) return undefined;
    const targetUnit = file.fileName === unit.fileName ? unit : this.unitForFile(file.fileName);
    if (!targetUnit?.tsToEs) return undefined;
    const es = targetUnit.tsToEs.get(tsFn) as TSESTree.Node | undefined;
    const fn = es && (isFunction(es) ? es : es.type === T.MethodDefinition || es.type === T.Property || es.type === T.PropertyDefinition ? (es.value as TSESTree.Node) : undefined);
    return fn && isFunction(fn) ? { fn, unit: targetUnit } : undefined;
  }

  /** Every read of a function in the program, by symbol; undefined when one cannot be mapped to ESTree. */
  references(fn: FunctionNode, unit: Unit): Reference[] | undefined {
    const tsApi = this.tsApi;
    const checker = this.program.getTypeChecker();
    const holder = isMethodValue(fn) || fn.parent?.type === T.VariableDeclarator ? fn.parent : (assignedMember(fn) ?? fn);
    const tsDecl = unit.esToTs?.get(holder as TSESTree.Node) as ts.Declaration | undefined;
    const nameNode = tsDecl && (tsDecl as ts.NamedDeclaration).name;
    if (!nameNode || !tsApi.isIdentifier(nameNode)) return undefined;
    const symbol = checker.getSymbolAtLocation(nameNode);
    if (!symbol) return undefined;
    const refs: Reference[] = [];
    for (const id of this.names.identifiersNamed(nameNode.text)) {
      if (id === nameNode) continue;
      const parent = id.parent;
      // Another `exports.load = ...` of the same export is a definition, not a use.
      if (tsApi.isPropertyAccessExpression(parent) && parent.name === id && tsApi.isBinaryExpression(parent.parent) && parent.parent.left === parent && parent.parent.operatorToken.kind === tsApi.SyntaxKind.EqualsToken) continue;
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

/**
 * The function a declaration stands for when it is not one itself: an object-literal property that names a
 * function (`{ listFiles }`, `{ write: writeNote }`), and a CommonJS export (`exports.load = function ...`,
 * `module.exports.load = load`), which TypeScript declares by the assignment. A few hops at most.
 */
function functionBehind(tsApi: typeof ts, checker: ts.TypeChecker, declaration: ts.Declaration): ts.Node | undefined {
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
