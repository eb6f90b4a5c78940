import { classes, entries } from './entries';
import type { BlockingKind, CatalogClass, CatalogEntry } from './types';

export { classes, entries };
export * from './types';
export { renderApiTable, renderKindSummary } from './render';
export { isCoreModule, moduleSpecifiers, normalizeModule } from './modules';
import { normalizeModule } from './modules';

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
