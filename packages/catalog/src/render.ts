import { entries } from './entries';
import { moduleSpecifiers } from './modules';
import { BLOCKING_KINDS, type CatalogEntry } from './types';

function apiCell(entry: CatalogEntry): string {
  if (entry.global) return `\`${entry.global}.${entry.path}\``;
  if (entry.path === 'default') return '(default export)';
  if (entry.path.endsWith('#new')) return `\`new ${entry.path.slice(0, -'#new'.length)}()\``;
  return `\`${entry.path}\``;
}

function modulesCell(entry: CatalogEntry): string {
  return entry.global ? '(global)' : entry.modules.map((m) => `\`${moduleSpecifiers(m)[0] ?? m}\``).join(', ');
}

/** The full API table for the rule docs: one row per catalog entry. */
export function renderApiTable(): string {
  const lines = [
    '| id | module | API | kind | instead | suggestion |',
    '|---|---|---|---|---|---|',
  ];
  for (const e of entries) {
    const fix = e.rewrite ? 'yes' : 'no';
    lines.push(`| [\`${e.id}\`](${e.docs}) | ${modulesCell(e)} | ${apiCell(e)} | ${e.kind} | ${e.instead.replace(/\|/g, '\\|')} | ${fix} |`);
  }
  return lines.join('\n');
}

/** One row per kind for the README: how many APIs, from which modules, how many have a suggestion. */
export function renderKindSummary(): string {
  const lines = ['| kind | APIs | with suggestion | modules and globals |', '|---|---|---|---|'];
  for (const kind of BLOCKING_KINDS) {
    const of = entries.filter((e) => e.kind === kind);
    const where = new Set<string>();
    for (const e of of) {
      if (e.global) where.add(`\`${e.global}\``);
      for (const m of e.modules) where.add(`\`${moduleSpecifiers(m)[0] ?? m}\``);
    }
    lines.push(`| ${kind} | ${of.length} | ${of.filter((e) => e.rewrite).length} | ${[...where].join(', ')} |`);
  }
  return lines.join('\n');
}
