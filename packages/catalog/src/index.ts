import { classes, entries } from './entries';
import type { BlockingKind, CatalogClass, CatalogEntry } from './types';

export { classes, entries };
export * from './types';
export { renderApiTable, renderKindSummary } from './render';

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

const byId = new Map<string, CatalogEntry>(entries.map((e) => [e.id, e]));
const byModulePath = new Map<string, CatalogEntry>();
for (const entry of entries) {
  for (const module of entry.modules) byModulePath.set(`${module}\0${entry.path}`, entry);
  if (entry.global) byModulePath.set(`globalThis.${entry.global}\0${entry.path}`, entry);
}

export function getEntry(id: string): CatalogEntry | undefined {
  return byId.get(id);
}

/** Looks an API up by module (either spelling) and export path (`readFileSync`, `Database#prepare`). */
export function findEntry(module: string, path: string): CatalogEntry | undefined {
  return byModulePath.get(`${normalizeModule(module)}\0${path}`);
}

export function findGlobalEntry(global: string, path: string): CatalogEntry | undefined {
  return byModulePath.get(`globalThis.${global}\0${path}`);
}

/** Every module name that the catalog has entries for (`fs`, `better-sqlite3`, ...). */
export function catalogModules(): string[] {
  const set = new Set<string>();
  for (const e of entries) for (const m of e.modules) set.add(m);
  return [...set];
}

export function findClass(module: string, name: string): CatalogClass | undefined {
  const normalized = normalizeModule(module);
  return classes.find((c) => c.name === name && c.modules.includes(normalized));
}

export function entriesOfKind(kind: BlockingKind): CatalogEntry[] {
  return entries.filter((e) => e.kind === kind);
}

/** How a user sees an entry: `fs.readFileSync`, `Database#prepare (better-sqlite3)`. */
export function displayName(entry: CatalogEntry): string {
  if (entry.global) return `${entry.global}.${entry.path}`;
  const module = entry.modules[0] ?? '';
  if (entry.path === 'default') return module;
  if (entry.path.endsWith('#new')) return `new ${entry.path.slice(0, -'#new'.length)}() (${module})`;
  if (entry.path.includes('#')) return `${entry.path.replace('#', '.prototype.')} (${module})`;
  return `${module}.${entry.path}`;
}
