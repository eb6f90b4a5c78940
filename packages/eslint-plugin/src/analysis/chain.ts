import type { CatalogEntry } from '@loopguard/catalog';
import type { TSESTree } from '@typescript-eslint/utils';

/** One step of a call chain: a call into a helper, or the blocking API call at its end. */
export interface ChainStep {
  /** `parseFile()` for a helper, `fs.readFileSync` for the API. */
  readonly name: string;
  /** Absolute file name. */
  readonly file: string;
  readonly line: number;
  /** 1-based, as ESLint reports columns. */
  readonly column: number;
}

/** Why a helper blocks: the API it ends in and the calls that lead there (the API call is last). */
export interface BlockingSummary {
  readonly entry: CatalogEntry;
  readonly steps: readonly ChainStep[];
  /** The helper that makes the blocking call itself: the one to make async. */
  readonly innermost: string;
}

export function step(name: string, fileName: string, node: TSESTree.Node): ChainStep {
  return { name, file: fileName, line: node.loc.start.line, column: node.loc.start.column + 1 };
}
