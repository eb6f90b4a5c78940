import { asyncTwinName } from '@loopguard/catalog';
import { ASTUtils, type ParserServicesWithTypeInformation, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import type { ExecContext } from '../analysis/context';
import { isFunction } from '../analysis/context';
import type { ProgramAnalysis } from '../analysis/program';
import { awaitFixes, planAwait } from './builder';
import { ImportPlanner } from './imports';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

export interface TwinSuggestion {
  readonly messageId: 'suggestAsyncTwin';
  readonly data: { replacement: string; callee: string };
  readonly fix: TSESLint.ReportFixFunction;
}

/** Whether a type is a promise (or a union of them): what an async twin returns. */
function returnsPromise(tsApi: typeof ts, checker: ts.TypeChecker, type: ts.Type): boolean {
  return type.getCallSignatures().some((sig) => {
    const ret = checker.getReturnTypeOfSignature(sig);
    const name = ret.getSymbol()?.getName();
    return name === 'Promise' || name === 'PromiseLike' || (ret.isUnion() && ret.types.some((t) => t.getSymbol()?.getName() === 'Promise'));
  }) && !((type.flags & tsApi.TypeFlags.Any) !== 0);
}

/**
 * A project helper `loadSync()` with an async twin `load()` next to it (same module, same object, or same
 * scope): suggests `await load()` at the call site.
 */
export function twinSuggestion(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  call: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression,
  exec: ExecContext,
  _analysis: ProgramAnalysis,
  services: ParserServicesWithTypeInformation | undefined,
  tsApi: typeof ts | undefined,
): TwinSuggestion | undefined {
  if (call.type !== T.CallExpression || call.optional) return undefined;
  const sourceCode = context.sourceCode;
  const callee = call.callee;
  const name = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression && !callee.computed ? ASTUtils.getPropertyName(callee) : null;
  const twin = name ? asyncTwinName(name) : undefined;
  if (!name || !twin) return undefined;
  const plan = planAwait(exec);
  if (!plan) return undefined;
  const checker = services?.program.getTypeChecker();

  let replaceCallee: ((fixer: TSESLint.RuleFixer, planner: ImportPlanner) => string) | undefined;
  if (callee.type === T.Identifier) {
    const variable = ASTUtils.findVariable(sourceCode.getScope(callee) as never, callee);
    const def = variable?.defs[0];
    if (!variable || !def) return undefined;
    if (def.type === 'ImportBinding') {
      const decl = def.parent as TSESTree.ImportDeclaration;
      const specifier = String(decl.source.value);
      if (!checker || !services || !tsApi) return undefined;
      const tsSpecifier = services.esTreeNodeToTSNodeMap.get(decl.source) as ts.Node | undefined;
      const moduleSymbol = tsSpecifier && checker.getSymbolAtLocation(tsSpecifier);
      const exported = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.getName() === twin);
      if (!exported || !tsSpecifier) return undefined;
      if (!returnsPromise(tsApi, checker, checker.getTypeOfSymbolAtLocation(exported, tsSpecifier))) return undefined;
      replaceCallee = (_fixer, planner) => planner.named([specifier], twin);
    } else {
      const twinVariable = variable.scope.set.get(twin);
      const twinDef = twinVariable?.defs[0];
      const twinFn =
        twinDef?.type === 'FunctionName'
          ? (twinDef.node as TSESTree.Node)
          : twinDef?.type === 'Variable'
            ? ((twinDef.node as TSESTree.VariableDeclarator).init as TSESTree.Node | null)
            : null;
      if (!twinFn || !isFunction(twinFn) || !twinFn.async) return undefined;
      replaceCallee = () => twin;
    }
  } else if (callee.type === T.MemberExpression) {
    if (!checker || !services || !tsApi) return undefined;
    const tsObject = services.esTreeNodeToTSNodeMap.get(callee.object) as ts.Node | undefined;
    if (!tsObject) return undefined;
    const property = checker.getTypeAtLocation(tsObject).getProperty(twin);
    if (!property || !returnsPromise(tsApi, checker, checker.getTypeOfSymbolAtLocation(property, tsObject))) return undefined;
    const objectText = sourceCode.getText(callee.object);
    replaceCallee = () => `${objectText}.${twin}`;
  }
  if (!replaceCallee) return undefined;
  const build = replaceCallee;
  const args = call.arguments.length
    ? sourceCode.text.slice((call.arguments[0] as TSESTree.Node).range[0], (call.arguments[call.arguments.length - 1] as TSESTree.Node).range[1])
    : '';
  return {
    messageId: 'suggestAsyncTwin',
    data: { replacement: callee.type === T.MemberExpression ? `${sourceCode.getText(callee.object)}.${twin}` : twin, callee: `${name}()` },
    fix(fixer) {
      const planner = new ImportPlanner(sourceCode, fixer, call);
      const fn = build(fixer, planner);
      return [...awaitFixes(fixer, sourceCode, call, plan, `await ${fn}(${args})`), ...planner.fixes()];
    },
  };
}
