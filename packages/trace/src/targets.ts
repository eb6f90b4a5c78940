import { classes, entries, isCoreModule, type CatalogEntry } from '@loopguard/catalog';

/**
 * What the instrumentation patches, derived from the catalog: every entry becomes one target, so that a new
 * catalog entry is traced without touching this package.
 */
export type Target =
  /** `fs.readFileSync`, `glob.sync`: a function exported by a module. */
  | { readonly type: 'export'; readonly entry: CatalogEntry; readonly module: string; readonly name: string }
  /** `sync-fetch`, `deasync`: the module's export is the blocking function. */
  | { readonly type: 'module'; readonly entry: CatalogEntry; readonly module: string }
  /** `new Database()`: a constructor, exported by name or as the module itself (`name` is `default`). */
  | { readonly type: 'constructor'; readonly entry: CatalogEntry; readonly module: string; readonly name: string }
  /** `Database#prepare`: a method on the prototype of a class the module exports. */
  | { readonly type: 'method'; readonly entry: CatalogEntry; readonly module: string; readonly className: string; readonly method: string }
  /** `Atomics.wait`: a function on a global object. */
  | { readonly type: 'global'; readonly entry: CatalogEntry; readonly global: string; readonly name: string };

/** A class the catalog knows, with where its constructor comes from ('' when only a method returns instances). */
export interface ClassInfo {
  readonly module: string;
  readonly name: string;
  readonly constructorPath: string;
  /** Methods whose result is an instance of another catalog class: `prepare` -> `Statement`. */
  readonly returns: Readonly<Record<string, string>>;
}

export function targetsOf(entry: CatalogEntry): Target[] {
  if (entry.global) return [{ type: 'global', entry, global: entry.global, name: entry.path }];
  return entry.modules.map((module): Target => {
    const hash = entry.path.indexOf('#');
    if (hash < 0) {
      return entry.path === 'default' ? { type: 'module', entry, module } : { type: 'export', entry, module, name: entry.path };
    }
    const className = entry.path.slice(0, hash);
    const member = entry.path.slice(hash + 1);
    if (member === 'new') {
      const info = classInfo(module, className);
      return { type: 'constructor', entry, module, name: info?.constructorPath || className };
    }
    return { type: 'method', entry, module, className, method: member };
  });
}

export function classInfo(module: string, name: string): ClassInfo | undefined {
  const found = classes.find((c) => c.name === name && c.modules.includes(module));
  return found ? { module, name: found.name, constructorPath: found.constructorPath, returns: found.returns } : undefined;
}

/** Every target, grouped by the module that holds it (`globalThis` for globals). */
export function targetsByModule(list: readonly CatalogEntry[] = entries): Map<string, Target[]> {
  const out = new Map<string, Target[]>();
  for (const entry of list) {
    for (const target of targetsOf(entry)) {
      const key = target.type === 'global' ? 'globalThis' : target.module;
      const group = out.get(key) ?? [];
      group.push(target);
      out.set(key, group);
    }
  }
  return out;
}

/** The specifier that loads a core module from CommonJS (`sqlite` exists only as `node:sqlite`). */
export function coreSpecifier(module: string): string | undefined {
  return isCoreModule(module) ? `node:${module}` : undefined;
}
