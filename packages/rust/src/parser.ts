import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export interface RustParserOptions {
  /** The tree-sitter-rust grammar (.wasm). Default: the copy in this package's dist/ (from tree-sitter-rust 0.24). */
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
export async function initRustParser(options: RustParserOptions = {}): Promise<void> {
  ready ??= load(options).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  // Nothing of web-tree-sitter is returned: its declarations need Emscripten's global types, which a user's
  // tsc without skipLibCheck does not have.
  await ready;
}

async function load(options: RustParserOptions): Promise<Parser> {
  const runtimeDir = options.runtimeDir;
  await Parser.init(runtimeDir ? { locateFile: (file: string) => `${runtimeDir}/${file}` } : undefined);
  const grammar = options.grammarWasm ?? (await grammarWasm());
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

/** The grammar copied beside this file (the package's dist/, or a bundle), else the tree-sitter-rust package's. */
async function grammarWasm(): Promise<string> {
  // The published package ships only its dist/ copy (scripts/copy-grammar.mjs): tree-sitter-rust is a
  // devDependency, because installing it runs a native build. A bundle (the VS Code extension's dist/server.js)
  // has its build copy the grammar beside it. Sources that tsx runs in this repository resolve the devDependency.
  const beside = join(__dirname, GRAMMAR_FILE);
  try {
    await access(beside);
    return beside;
  } catch {
    // not a bundle: the npm package's copy
  }
  try {
    return require.resolve(`tree-sitter-rust/${GRAMMAR_FILE}`);
  } catch {
    throw new Error(
      `loopguard: cannot find ${beside}: the build of @loopguard/rust copies it there (in a clone, run \`pnpm build\`); ` +
        'or pass `grammarWasm` to initRustParser()',
    );
  }
}

const GRAMMAR_FILE = 'tree-sitter-rust.wasm';
const RUNTIME_FILE = 'web-tree-sitter.wasm';

/**
 * The two .wasm files that initRustParser() loads by default, as absolute paths: web-tree-sitter's runtime and the
 * Rust grammar. A bundler copies both, under these base names, beside its bundle: web-tree-sitter looks for its
 * runtime beside the script that runs it, and grammarWasm() for the grammar.
 */
export async function rustWasmFiles(): Promise<{ runtime: string; grammar: string }> {
  return { runtime: require.resolve(`web-tree-sitter/${RUNTIME_FILE}`), grammar: await grammarWasm() };
}

/** @internal Parses with the parser that initRustParser() loaded; throws when it has not been awaited yet. */
export function parseRust(text: string): Tree {
  if (!parser) throw new Error('loopguard: call and await initRustParser() before parsing Rust');
  const tree = parser.parse(text);
  if (!tree) throw new Error('loopguard: tree-sitter returned no tree for this Rust source');
  return tree;
}

export function isRustParserReady(): boolean {
  return parser !== undefined;
}
