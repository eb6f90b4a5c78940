import type { Linter } from 'eslint';
import { analyze } from '@typescript-eslint/scope-manager';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

/**
 * The parser of the quick first pass (`LintEngine.lintQuick`, merged by quick-pass.ts): oxc's native parser, which
 * gives TS-ESTree, with typescript-eslint's own scope analysis: about 28 ms against typescript-estree's 125 ms for
 * the benchmark's 995-line file. The rule runs on it unchanged. No type information and no tokens (the suggestion
 * builder's one `getTokenBefore` falls back on the text).
 *
 * Loaded lazily: a host without oxc's native binding (another platform, a bundle that left it out) has no quick
 * pass and lints every version with the full one.
 */
type Oxc = typeof import('oxc-parser');

let oxc: Oxc | null | undefined;

function loadOxc(): Oxc | null {
  if (oxc === undefined) {
    try {
      oxc = require('oxc-parser') as Oxc;
      // The binding loads on first use: parse once so that a missing one shows here, not in a lint.
      oxc.parseSync('probe.ts', 'let x = 1;');
    } catch {
      oxc = null;
    }
  }
  return oxc;
}

/** Whether this host can run the quick pass. */
export function quickParserAvailable(): boolean {
  return loadOxc() !== null;
}

interface Position {
  line: number;
  column: number;
}

/** Offsets where each line starts (ESLint's lines: \n, \r\n, \r, U+2028, U+2029 end a line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 0x2028 || c === 0x2029) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionOf(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) };
}

interface RawNode {
  type?: unknown;
  range?: [number, number];
  loc?: { start: Position; end: Position };
  [key: string]: unknown;
}

/**
 * Adds ESLint's `loc` to every node (oxc gives offsets only), walking the children that the visitor keys name.
 * Iterative: generated code nests deep.
 */
function addLocations(root: RawNode, starts: readonly number[]): void {
  const keysOf = visitorKeys as Record<string, readonly string[] | undefined>;
  const stack: RawNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as RawNode;
    if (node.range) node.loc = { start: positionOf(starts, node.range[0]), end: positionOf(starts, node.range[1]) };
    const keys = keysOf[node.type as string];
    if (!keys) continue;
    for (const key of keys) {
      const child = node[key];
      if (child === null || typeof child !== 'object') continue;
      if (Array.isArray(child)) {
        for (const item of child) if (item !== null && typeof item === 'object' && typeof (item as RawNode).type === 'string') stack.push(item as RawNode);
      } else if (typeof (child as RawNode).type === 'string') stack.push(child as RawNode);
    }
  }
}

/** A parse error in the shape ESLint reports as "Parsing error: ..." (1-based line, 0-based column, as espree's). */
class QuickParseError extends SyntaxError {
  constructor(
    message: string,
    readonly lineNumber: number,
    readonly column: number,
    readonly index: number,
  ) {
    super(message);
  }
}

/** ESLint's parser interface over oxc; `filePath` picks the language (.ts, .tsx, .js, .jsx, .mjs, .cjs, ...). */
export const quickParser = {
  meta: { name: 'loopguard/quick-parser' },
  parseForESLint(code: string, options: { filePath?: string; sourceType?: string; ecmaFeatures?: { globalReturn?: boolean } } = {}) {
    const parser = loadOxc();
    if (!parser) throw new Error('loopguard: the quick parser (oxc-parser) is not available on this host');
    const filePath = options.filePath ?? 'file.ts';
    // `astType: 'ts'` for JavaScript too: typescript-estree's shape (`decorators: []`, `optional: false` on every
    // parameter...), which typescript-eslint's scope analysis and the rule expect; the language still follows the
    // file's extension.
    const commonjs = options.sourceType === 'commonjs' || /\.c[jt]s$/u.test(filePath);
    const parseOptions = { range: true, preserveParens: false, astType: 'ts' as const, ...(commonjs ? { sourceType: 'commonjs' as const } : {}) };
    let result = parser.parseSync(filePath, code, parseOptions);
    if (result.errors.length > 0 && !/\.[cm]?tsx?$/u.test(filePath)) {
      // typescript-estree parses JavaScript with TypeScript's parser, which takes what a JavaScript parser refuses:
      // type annotations (Flow's `function f(x: string)`, even under an `@flow` pragma, which oxc refuses by
      // itself) and a `return` at the top level of a CommonJS file. So must the quick pass, or it fails where the
      // full pass does not. The pragma is blanked with spaces (offsets stay), comments are read from `code`.
      const text = code.replace(/@flow\b/gu, '     ');
      for (const retry of [{ lang: 'tsx' as const }, { lang: 'tsx' as const, sourceType: 'commonjs' as const }]) {
        const again = parser.parseSync(filePath, text, { ...parseOptions, ...retry });
        if (again.errors.length === 0) {
          result = again;
          break;
        }
      }
    }
    const starts = lineStarts(code);
    const error = result.errors.find((e) => (e.severity as string) === 'Error') ?? result.errors[0];
    if (error) {
      const at = error.labels[0]?.start ?? 0;
      const position = positionOf(starts, at);
      throw new QuickParseError(error.message, position.line, position.column, at);
    }
    const ast = result.program as unknown as RawNode & { comments: unknown[]; tokens: unknown[]; range: [number, number] };
    addLocations(ast, starts);
    ast.range = [0, code.length];
    ast.loc = { start: { line: 1, column: 0 }, end: positionOf(starts, code.length) };
    ast.comments = result.comments.map((c) => ({
      type: c.type,
      value: code.slice(c.start + 2, c.type === 'Block' ? c.end - 2 : c.end),
      range: [c.start, c.end] as [number, number],
      loc: { start: positionOf(starts, c.start), end: positionOf(starts, c.end) },
    }));
    ast.tokens = [];
    const sourceType = commonjs || options.sourceType === 'script' ? 'script' : 'module';
    const scopeManager = analyze(ast as never, {
      sourceType,
      globalReturn: commonjs || options.ecmaFeatures?.globalReturn === true,
      jsxPragma: 'React',
      lib: ['esnext'],
    });
    return { ast, scopeManager, visitorKeys, services: {} };
  },
} as unknown as Linter.Parser;
