import type { TSESLint } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import type { Unit } from './unit';

// Keyed by TypeScript source file, which the project service reuses across programs while it is unchanged.
const convertedFiles = new WeakMap<ts.SourceFile, Unit>();

/**
 * Another file of the program as ESTree with node maps and scopes, converted once per TypeScript source
 * file: the project service makes a new program on every edit but reuses the source files that did not
 * change, so only the edited file is converted again. Throws when the file cannot be converted.
 */
export function convertedUnit(sourceFile: ts.SourceFile, program: ts.Program): Unit {
  let base = convertedFiles.get(sourceFile);
  if (!base) {
    base = convertFile(sourceFile, program);
    convertedFiles.set(sourceFile, base);
  }
  // A fresh unit: its index (catalog matches by type) belongs to this program.
  return { fileName: base.fileName, sourceCode: base.sourceCode, esToTs: base.esToTs, tsToEs: base.tsToEs };
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
