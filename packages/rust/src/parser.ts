import { Language, Parser, type Tree } from 'web-tree-sitter';

export interface RustParserOptions {
  /** The tree-sitter-rust grammar (.wasm). Default: the one that the `tree-sitter-rust` npm package ships. */
  grammarWasm?: string;
  /** Folder that holds web-tree-sitter's own `web-tree-sitter.wasm` (for bundles that move it). */
  runtimeDir?: string;
}

let ready: Promise<Parser> | undefined;
let parser: Parser | undefined;

/**
 * Loads web-tree-sitter and the Rust grammar once per process. Both .wasm files come from node_modules: nothing is
 * downloaded at run time. Later calls return the same parser (their options are ignored).
 */
export function initRustParser(options: RustParserOptions = {}): Promise<Parser> {
  ready ??= load(options).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

async function load(options: RustParserOptions): Promise<Parser> {
  const runtimeDir = options.runtimeDir;
  await Parser.init(runtimeDir ? { locateFile: (file: string) => `${runtimeDir}/${file}` } : undefined);
  let grammar = options.grammarWasm;
  if (!grammar) {
    try {
      grammar = require.resolve('tree-sitter-rust/tree-sitter-rust.wasm');
    } catch {
      throw new Error(
        'loopguard: cannot find tree-sitter-rust/tree-sitter-rust.wasm; install the `tree-sitter-rust` npm package ' +
          '(0.24 or later ships the .wasm) or pass `grammarWasm` to initRustParser()',
      );
    }
  }
  let language: Language;
  try {
    language = await Language.load(grammar);
  } catch (error) {
    throw new Error(`loopguard: cannot load the Rust grammar ${grammar}: ${(error as Error).message}`);
  }
  const p = new Parser();
  p.setLanguage(language);
  parser = p;
  return p;
}

/** Parses with the parser that initRustParser() loaded; throws when it has not been awaited yet. */
export function parseRust(text: string): Tree {
  if (!parser) throw new Error('loopguard: call and await initRustParser() before parsing Rust');
  const tree = parser.parse(text);
  if (!tree) throw new Error('loopguard: tree-sitter returned no tree for this Rust source');
  return tree;
}

export function isRustParserReady(): boolean {
  return parser !== undefined;
}
