import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { UnitIndex } from './call-index';

/** A parsed file with its scopes; for the file being linted this is ESLint's own SourceCode. */
export interface Unit {
  readonly fileName: string;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly esToTs?: ParserServicesWithTypeInformation['esTreeNodeToTSNodeMap'];
  readonly tsToEs?: ParserServicesWithTypeInformation['tsNodeToESTreeNodeMap'];
  /** Catalog calls and other calls, grouped by the function whose synchronous run executes them. */
  index?: UnitIndex;
}

/** A call, a `new`, or a getter read: what can run a project function. */
export type CallSite = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression;

/** A place that reads a function, in the file it is in. */
export interface Reference {
  readonly node: TSESTree.Node;
  readonly unit: Unit;
}
