import { classes, entries } from './entries';
import type { BlockingKind, CatalogClass, CatalogEntry } from './types';

export { classes, entries };
export * from './types';
export { renderApiTable, renderKindSummary } from './render';
export { isCoreModule, moduleSpecifiers, normalizeModule } from './modules';
export { PROJECT_BRANCH, PROJECT_REPOSITORY, packageMetadata, projectFileUrl, ruleDocsUrl } from './project';
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

/** Every module name that the catalog has entries for (`fs`, `better-sqlite3`, ...). */
export function catalogModules(): string[] {
  const set = new Set<string>();
  for (const e of entries) for (const m of e.modules) set.add(m);
  return [...set];
}

/** A class of a catalog module (`Database` of better-sqlite3): its blocking members and what they return. */
export function findClass(module: string, name: string): CatalogClass | undefined {
  const normalized = normalizeModule(module);
  return classes.find((c) => c.name === name && c.modules.includes(normalized));
}

/**
 * Kinds whose work is CPU time or a database call that a worker thread can take over as a whole: moving it
 * off the event loop is the fix when no async API is a drop-in replacement.
 */
const WORKER_KINDS: ReadonlySet<BlockingKind> = new Set<BlockingKind>(['sqlite', 'crypto', 'zlib']);

/** Whether the blocking work of an entry's kind suits a worker thread. */
export function suitsWorker(kind: BlockingKind | undefined): boolean {
  return kind !== undefined && WORKER_KINDS.has(kind);
}

/** The async twin's name by Node's convention (`readFileSync` -> `readFile`), or undefined for a name without `Sync`. */
export function asyncTwinName(syncName: string): string | undefined {
  return /.Sync$/.test(syncName) ? syncName.slice(0, -'Sync'.length) : undefined;
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
