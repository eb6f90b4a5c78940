import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

/**
 * The typed parser services when the file was parsed with a TypeScript program, else undefined.
 * Never throws: without a program (espree, or typescript-eslint without `project`) the rule uses bindings.
 */
export function typedServices(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ParserServicesWithTypeInformation | undefined {
  const services = context.sourceCode.parserServices as Partial<ParserServicesWithTypeInformation> | undefined;
  if (!services?.program || !services.esTreeNodeToTSNodeMap || !services.tsNodeToESTreeNodeMap) return undefined;
  return services as ParserServicesWithTypeInformation;
}

let typescript: typeof ts | null | undefined;

/** TypeScript is an optional peer: load it only when a program exists. */
export function loadTypeScript(): typeof ts | undefined {
  if (typescript === undefined) {
    try {
      typescript = require('typescript') as typeof ts;
    } catch {
      typescript = null;
    }
  }
  return typescript ?? undefined;
}
