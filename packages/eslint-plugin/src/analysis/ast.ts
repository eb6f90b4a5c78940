import { ASTUtils, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from './context';
import type { CallSite } from './unit';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

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

export function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier) return parent.id.name;
  if ((parent?.type === T.MethodDefinition || parent?.type === T.Property || parent?.type === T.PropertyDefinition) && !parent.computed) {
    if (parent.key.type === T.Identifier || parent.key.type === T.PrivateIdentifier) return parent.key.name;
  }
  // `exports.start = async () => ...`, `App.prototype.start = function () ...`: named by the property.
  // `module.exports = function () ...` has no name of its own.
  const assigned = assignedMember(fn);
  if (assigned && !isModuleExports(assigned)) return ASTUtils.getPropertyName(assigned) ?? undefined;
  return undefined;
}

/** The member a function is assigned to: `exports.load = function ...` gives `exports.load`. */
export function assignedMember(fn: FunctionNode): TSESTree.MemberExpression | undefined {
  const parent = fn.parent;
  return parent?.type === T.AssignmentExpression && parent.right === fn && parent.operator === '=' && parent.left.type === T.MemberExpression && !parent.left.computed ? parent.left : undefined;
}

/** `module.exports = { f }`, `module.exports = f`, `exports.f = f`, `module.exports.f = f`: a reference that only exports. */
export function isCommonJsExport(node: TSESTree.Node): boolean {
  let at: TSESTree.Node = node;
  if (at.parent?.type === T.Property && at.parent.value === at && at.parent.parent.type === T.ObjectExpression) at = at.parent.parent;
  const parent = at.parent;
  return parent?.type === T.AssignmentExpression && parent.right === at && parent.left.type === T.MemberExpression && isExportsTarget(parent.left);
}

/** `module.exports` itself. */
export function isModuleExports(node: TSESTree.MemberExpression): boolean {
  return node.object.type === T.Identifier && node.object.name === 'module' && ASTUtils.getPropertyName(node) === 'exports';
}

/** `module.exports`, `exports.x`, `module.exports.x`. */
function isExportsTarget(node: TSESTree.MemberExpression): boolean {
  const object = node.object;
  if (isModuleExports(node)) return true;
  if (object.type === T.Identifier) return object.name === 'exports';
  return object.type === T.MemberExpression && isModuleExports(object);
}

/** `Server.start` for a class method, else the function's own name. */
export function qualifiedName(fn: FunctionNode): string | undefined {
  const name = functionName(fn);
  const parent = fn.parent;
  if (name && parent?.type === T.MethodDefinition) {
    const cls = parent.parent.parent;
    if ((cls?.type === T.ClassDeclaration || cls?.type === T.ClassExpression) && cls.id) return `${cls.id.name}.${name}`;
  }
  return name;
}

export function isMethodValue(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (parent?.type === T.MethodDefinition || parent?.type === T.Property || parent?.type === T.PropertyDefinition) && parent.value === fn;
}

export function declaredIdentifier(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === T.FunctionDeclaration && fn.id) return fn.id;
  const parent = fn.parent;
  if (parent?.type === T.VariableDeclarator && parent.init === fn && parent.id.type === T.Identifier) return parent.id;
  return undefined;
}

export function isExported(fn: FunctionNode, variable: TSESLint.Scope.Variable): boolean {
  let node: TSESTree.Node | undefined = fn;
  while (node && node.type !== T.Program) {
    if (node.type === T.ExportNamedDeclaration || node.type === T.ExportDefaultDeclaration) return true;
    node = node.parent;
  }
  return variable.references.some((r) => isExportReference(r.identifier));
}

export function isExportReference(id: TSESTree.Node): boolean {
  return id.parent?.type === T.ExportSpecifier || id.parent?.type === T.ExportDefaultDeclaration;
}

/** How a chain step names a helper call: `parseFile()`, or the getter's name. */
export function calleeLabel(call: CallSite): string {
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
