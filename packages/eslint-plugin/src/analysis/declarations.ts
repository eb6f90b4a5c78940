import { findEntry, normalizeModule, type CatalogEntry } from '@loopguard/catalog';
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

/** Where a declaration comes from: the module that declares it and its export path (`Statement#all`). */
export interface DeclarationOrigin {
  readonly module: string;
  readonly path: string;
}

const PACKAGE_IN_PATH = /[\\/]node_modules[\\/](@types[\\/])?((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/g;

function packageFromFileName(fileName: string): string | undefined {
  let match: RegExpExecArray | null;
  let last: RegExpExecArray | null = null;
  PACKAGE_IN_PATH.lastIndex = 0;
  while ((match = PACKAGE_IN_PATH.exec(fileName))) last = match;
  if (!last) return undefined;
  const name = (last[2] ?? '').replace(/\\/g, '/');
  // @types/scope__name -> @scope/name
  if (last[1] && name.includes('__')) return `@${name.replace('__', '/')}`;
  return name;
}

function nameText(tsApi: typeof ts, name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (tsApi.isIdentifier(name) || tsApi.isStringLiteral(name) || tsApi.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** Computes the module and export path of a declaration found in a `.d.ts` or source file. */
export function originOf(tsApi: typeof ts, decl: ts.Declaration, construct: boolean): DeclarationOrigin | undefined {
  const name = nameText(tsApi, (decl as ts.NamedDeclaration).name);
  if (!name) return undefined;
  let container: string | undefined;
  let current: ts.Node = decl.parent;
  if (tsApi.isClassDeclaration(current) || tsApi.isInterfaceDeclaration(current) || tsApi.isClassExpression(current)) {
    container = nameText(tsApi, current.name);
    current = current.parent;
  } else if (tsApi.isVariableDeclarationList(current)) {
    current = current.parent.parent;
  }
  let module: string | undefined;
  while (current && !tsApi.isSourceFile(current)) {
    if (tsApi.isModuleDeclaration(current) && tsApi.isStringLiteral(current.name)) {
      module = current.name.text;
      break;
    }
    current = current.parent;
  }
  module ??= packageFromFileName(decl.getSourceFile().fileName);
  if (!module) return undefined;
  let path = container ? `${container}#${name}` : name;
  if (construct && !container) path = `${name}#new`;
  if (construct && tsApi.isConstructorDeclaration(decl) && container) path = `${container}#new`;
  return { module: normalizeModule(module), path };
}

const MAX_ALIAS_DEPTH = 5;

/**
 * Resolves a callee to the declaration of what it calls, through import aliases, re-exports and
 * re-bound constants (`export const read = fs.readFileSync`).
 */
function resolveSymbolDeclaration(
  tsApi: typeof ts,
  checker: ts.TypeChecker,
  expression: ts.Node,
  depth = 0,
): ts.Declaration | undefined {
  if (depth > MAX_ALIAS_DEPTH) return undefined;
  let target: ts.Node = expression;
  while (tsApi.isParenthesizedExpression(target) || tsApi.isNonNullExpression(target) || tsApi.isAsExpression(target)) {
    target = target.expression;
  }
  if (tsApi.isPropertyAccessExpression(target)) target = target.name;
  else if (tsApi.isElementAccessExpression(target)) target = target.argumentExpression;
  let symbol = checker.getSymbolAtLocation(target);
  if (!symbol) return undefined;
  if (symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (!decl) return undefined;
  // A constant bound to another API in project code: follow its initializer.
  if (
    tsApi.isVariableDeclaration(decl) &&
    decl.initializer &&
    !decl.getSourceFile().isDeclarationFile &&
    (tsApi.isIdentifier(decl.initializer) || tsApi.isPropertyAccessExpression(decl.initializer) || tsApi.isElementAccessExpression(decl.initializer))
  ) {
    return resolveSymbolDeclaration(tsApi, checker, decl.initializer, depth + 1) ?? decl;
  }
  return decl;
}

export interface TypedMatch {
  readonly entry: CatalogEntry;
  readonly origin: DeclarationOrigin;
}

/** Finds the catalog entry that a call resolves to by its declaration, if any. */
export function matchByDeclaration(
  tsApi: typeof ts,
  services: ParserServicesWithTypeInformation,
  node: TSESTree.CallExpression | TSESTree.NewExpression,
): TypedMatch | undefined {
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(node) as ts.CallExpression | ts.NewExpression | undefined;
  if (!tsNode) return undefined;
  const decl = resolveSymbolDeclaration(tsApi, checker, tsNode.expression);
  if (!decl) return undefined;
  if (!decl.getSourceFile().isDeclarationFile && !decl.getSourceFile().fileName.includes('/node_modules/')) return undefined;
  const origin = originOf(tsApi, decl, node.type === T.NewExpression);
  if (!origin) return undefined;
  let entry = findEntry(origin.module, origin.path);
  // better-sqlite3 may be called without `new`: `Database(file)`.
  if (!entry && node.type === T.CallExpression && !origin.path.includes('#')) entry = findEntry(origin.module, `${origin.path}#new`);
  return entry ? { entry, origin } : undefined;
}
