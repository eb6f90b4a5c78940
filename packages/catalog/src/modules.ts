/** Node core modules that the catalog mentions; each is importable with and without `node:`. */
const CORE_MODULES = new Set(['fs', 'child_process', 'crypto', 'zlib', 'worker_threads', 'util']);
/** Core modules that exist only with the `node:` prefix. */
const PREFIX_ONLY_MODULES = new Set(['sqlite']);

/** The catalog's name for a module specifier: `node:fs` -> `fs`, `node:sqlite` -> `sqlite`. */
export function normalizeModule(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier.slice('node:'.length);
  return specifier;
}

/** Every specifier that loads a catalog module: `fs` -> [`fs`, `node:fs`]. */
export function moduleSpecifiers(module: string): string[] {
  if (PREFIX_ONLY_MODULES.has(module)) return [`node:${module}`];
  if (CORE_MODULES.has(module)) return [module, `node:${module}`];
  return [module];
}

export function isCoreModule(module: string): boolean {
  return CORE_MODULES.has(module) || PREFIX_ONLY_MODULES.has(module);
}

