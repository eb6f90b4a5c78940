import { ASTUtils, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import type { AdditionalApi } from './bindings';
import { DEFAULT_CLI_GLOBS } from './cli-files';
import { ProgramAnalysis } from './program';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

interface AnalysisOptionsInput {
  additionalApis?: AdditionalApi[];
  startup?: string[];
  cliFiles?: string[];
  reportCliFiles?: boolean;
  /** ESLint's working folder: `cliFiles` globs are relative to it for a file outside any package. */
  cwd?: string;
}

// One analysis per TypeScript program (and option set): summaries are computed once for every file
// linted with that program. The project service keeps a program until a file changes.
const byProgram = new WeakMap<ts.Program, Map<string, ProgramAnalysis>>();

export function analysisFor(options: AnalysisOptionsInput, program: ts.Program | undefined, tsApi: typeof ts | undefined): ProgramAnalysis {
  const opts = {
    additionalApis: options.additionalApis ?? [],
    startup: options.startup ?? [],
    // With `reportCliFiles`, CLI code is reported like any other, so its calls do not make a helper start-up code.
    cliFiles: options.reportCliFiles ? [] : options.cliFiles ?? [...DEFAULT_CLI_GLOBS],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };
  if (!program || !tsApi) return new ProgramAnalysis(opts);
  let perOptions = byProgram.get(program);
  if (!perOptions) {
    perOptions = new Map();
    byProgram.set(program, perOptions);
  }
  const key = JSON.stringify(opts);
  let analysis = perOptions.get(key);
  if (!analysis) {
    analysis = new ProgramAnalysis(opts, program, tsApi);
    perOptions.set(key, analysis);
  }
  return analysis;
}

/** How a message names the helper being called: `loadSettings()`, `this.repo.findById()`, `this.users.banner`. */
export function calleeText(
  call: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string {
  const target = call.type === T.MemberExpression ? call : call.callee;
  let name = sourceCode.getText(target).replace(/\s+/g, '');
  if (name.length > 40) {
    name = target.type === T.MemberExpression ? `….${ASTUtils.getPropertyName(target) ?? ''}` : target.type === T.Identifier ? target.name : 'call';
  }
  return call.type === T.MemberExpression ? name : `${name}()`;
}
