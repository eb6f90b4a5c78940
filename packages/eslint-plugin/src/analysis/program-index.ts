import { ASTUtils, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import type { CallSite, Unit } from './unit';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

/** What one source file declares and mentions, for call-site and callee look-ups. */
interface FileIndex {
  readonly identifiers: Map<string, ts.Identifier[]>;
  readonly getters: Set<string>;
  readonly callables: Set<string>;
}

// Keyed by TypeScript source file, which the project service reuses across programs while it is unchanged.
const fileIndexes = new WeakMap<ts.SourceFile, FileIndex>();

/** The names a program's own files (not declarations, not node_modules) mention and declare; built on first use. */
export class ProgramNameIndex {
  private files: FileIndex[] | undefined;
  private getters: Set<string> | undefined;
  private callables: Set<string> | undefined;
  private readonly byName = new Map<string, ts.Identifier[]>();

  constructor(
    private readonly program: ts.Program,
    private readonly tsApi: typeof ts,
  ) {}

  /** Every identifier of the project's files with this text (callers must not change the array). */
  identifiersNamed(name: string): readonly ts.Identifier[] {
    // Asked again for the same names (each function named `get` asks for every `get`): gathered once a name.
    let found = this.byName.get(name);
    if (found) return found;
    found = [];
    for (const index of this.build().files ?? []) {
      const ids = index.identifiers.get(name);
      if (ids) for (const id of ids) found.push(id);
    }
    this.byName.set(name, found);
    return found;
  }

  /** Names of the project's getters: reading one runs project code. */
  getterNames(): Set<string> {
    return this.build().getters ?? new Set();
  }

  /**
   * Cheap filter before asking the checker: could this call reach a function declared in the project?
   * Calls of library APIs (`res.json()`, `JSON.parse()`) are most calls in a handler and never can.
   */
  mayCallProject(call: CallSite, unit: Unit): boolean {
    const names = this.build().callables as Set<string>;
    const target: TSESTree.Node = call.type === T.MemberExpression ? call : call.callee;
    if (target.type === T.MemberExpression) {
      const name = ASTUtils.getPropertyName(target);
      return name != null && names.has(name);
    }
    // `require('./banner')(text)`: a module whose `module.exports` is the function.
    if (isRelativeRequire(target)) return true;
    if (target.type !== T.Identifier) return false;
    if (names.has(target.name)) return true;
    // An import under another name: judge by the imported name; a default import, always.
    const variable = ASTUtils.findVariable(unit.sourceCode.getScope(target) as never, target);
    const def = variable?.defs[0];
    // A name destructured under another one (`const { render: view } = await import('./m')`): by the property.
    const property = def?.type === 'Variable' ? def.name.parent : undefined;
    if (property?.type === T.Property && property.value === def?.name && property.parent.type === T.ObjectPattern) {
      const key = ASTUtils.getPropertyName(property);
      return key != null && names.has(key);
    }
    // `const render = require('./render')`: the module itself may be the function, as a default import may.
    if (def?.type === 'Variable' && def.node.type === T.VariableDeclarator && def.node.id === def.name && def.node.init && isRelativeRequire(def.node.init)) return true;
    if (def?.type !== 'ImportBinding') return false;
    const spec = def.node as TSESTree.ImportClause;
    if (spec.type === T.ImportSpecifier) {
      const imported = spec.imported.type === T.Identifier ? spec.imported.name : spec.imported.value;
      return names.has(imported);
    }
    return true;
  }

  /** The program's own files' indexes (each computed once per source file), and the names they declare. */
  private build(): this {
    if (this.files) return this;
    const indexes: FileIndex[] = [];
    const getters = new Set<string>();
    const callables = new Set<string>();
    for (const file of this.program.getSourceFiles()) {
      if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) continue;
      let index = fileIndexes.get(file);
      if (!index) {
        index = indexFile(this.tsApi, file);
        fileIndexes.set(file, index);
      }
      indexes.push(index);
      for (const g of index.getters) getters.add(g);
      for (const c of index.callables) callables.add(c);
    }
    this.files = indexes;
    this.getters = getters;
    this.callables = callables;
    return this;
  }
}

/** `require('./x')`: a project module (a package's code is not the project's). */
function isRelativeRequire(node: TSESTree.Node): boolean {
  if (node.type !== T.CallExpression || node.callee.type !== T.Identifier || node.callee.name !== 'require' || node.arguments.length !== 1) return false;
  const [arg] = node.arguments;
  return arg?.type === T.Literal && typeof arg.value === 'string' && arg.value.startsWith('.');
}

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
    } else if (tsApi.isShorthandPropertyAssignment(node) || (tsApi.isPropertyAssignment(node) && tsApi.isIdentifier(node.initializer))) {
      // `{ listDir }`, `{ log: appendLog }`: a property that may name a function.
      const name = nameOf(node.name);
      if (name) callables.add(name);
    } else if (
      tsApi.isBinaryExpression(node) && node.operatorToken.kind === tsApi.SyntaxKind.EqualsToken && tsApi.isPropertyAccessExpression(node.left) &&
      (tsApi.isArrowFunction(node.right) || tsApi.isFunctionExpression(node.right) || tsApi.isIdentifier(node.right))
    ) {
      // `exports.save = (name) => ...`, `God.handleExit = function ...`.
      callables.add(node.left.name.text);
    }
    tsApi.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return { identifiers, getters, callables };
}
