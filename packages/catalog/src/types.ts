/** What an API blocks on; drives messages, docs grouping and fixture coverage. */
export type BlockingKind =
  | 'fs'
  | 'child_process'
  | 'crypto'
  | 'zlib'
  | 'sqlite'
  | 'sync-http'
  | 'wait'
  | 'deasync';

export const BLOCKING_KINDS: readonly BlockingKind[] = [
  'fs',
  'child_process',
  'crypto',
  'zlib',
  'sqlite',
  'sync-http',
  'wait',
  'deasync',
];

/**
 * How a call can be rewritten mechanically into its async twin. Every rewrite
 * produces an expression that must be awaited; the rule adds the `await`.
 */
export type Rewrite =
  /** `fs.readFileSync(a)` -> `fs.promises.readFile(a)` / `readFile(a)` from `<module>/promises`. */
  | { type: 'fs-promises'; name: string }
  /** `fs.existsSync(p)` -> `access(p).then(() => true, () => false)`. */
  | { type: 'exists-access' }
  /** `zlib.gzipSync(a)` -> `promisify(zlib.gzip)(a)`; `resultProperty` picks a field of the result. */
  | { type: 'promisify'; name: string; resultProperty?: string }
  /** Same module, async sibling: `fse.readJsonSync(a)` -> `fse.readJson(a)`. */
  | { type: 'sibling'; name: string }
  /** The module's default export is the async function: `fg.sync(a)` -> `fg(a)`. */
  | { type: 'module-call' }
  /** A global's async sibling: `Deno.readTextFileSync(a)` -> `Deno.readTextFile(a)`. */
  | { type: 'global-sibling'; name: string };

export interface CatalogEntry {
  /** Stable id, used in options (`ignore`), docs anchors, fixtures and `loopguard --explain`. */
  readonly id: string;
  /** Modules that export this API (`fs` also matches `node:fs`). Empty for globals. */
  readonly modules: readonly string[];
  /** The global object that holds the API (`Atomics`, `Deno`, `Bun`), for globals. */
  readonly global?: string;
  /**
   * Export path inside the module: `readFileSync`, `default` for the module itself,
   * `sync` for `glob.sync`, or a class member `Database#prepare` / constructor `Database#new`.
   */
  readonly path: string;
  readonly kind: BlockingKind;
  /** Short reason it blocks, used in messages: "reads the whole file on the main thread". */
  readonly why: string;
  /** The async alternative in words. */
  readonly instead: string;
  /** How to rewrite mechanically, when that is possible. */
  readonly rewrite?: Rewrite;
  /** Documentation of the blocking API. */
  readonly docs: string;
}

/** A class that blocking members live on, and how its instances are created. */
export interface CatalogClass {
  /** `better-sqlite3:Database`. */
  readonly id: string;
  readonly modules: readonly string[];
  /** Export path of the constructor: `default` (module itself) or a named export. */
  readonly constructorPath: string;
  readonly name: string;
  /** Declared names of the class or interface in type declarations (for type-aware matching). */
  readonly typeNames: readonly string[];
  /** Methods whose result is an instance of another catalog class: `prepare` -> `Statement`. */
  readonly returns: Readonly<Record<string, string>>;
}
