import { BLOCKING_KINDS, displayName, entries, getEntry, type CatalogEntry } from '@loopguard/catalog';
import { UsageError } from './errors';
import { ruleMeta } from './plugin';
import { describeStall, latestImpact, type Impact } from './impact';


/** `loopguard --explain <id>`: why the API blocks, what to use instead, where to read more, what it cost when measured. */
export function explain(id: string, impact: Impact | undefined = latestImpact()): string {
  const entry = getEntry(id) ?? entries.find((e) => displayName(e) === id);
  if (!entry) {
    const near = suggestions(id);
    throw new UsageError(
      `--explain: "${id}" is not a catalog id.${near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''} ` +
        'Run `loopguard --explain` without an id for the list.',
    );
  }
  const lines = [
    `${entry.id}  (${displayName(entry)}, kind: ${entry.kind})`,
    '',
    `Why it blocks: it ${entry.why}. While it runs, the event loop serves no other request, timer or callback in the process.`,
    `Instead: ${entry.instead}.`,
  ];
  if (entry.rewrite) lines.push(`Fix: the rule's suggestion (a quick fix in the editor) rewrites the call to ${rewriteText(entry)}.`);
  const ruleDocs = ruleMeta().docs?.url;
  lines.push(`Docs: ${entry.docs}`, ...(ruleDocs ? [`Rule: ${ruleDocs}`] : []), '');
  const measured = impact?.stallFor(entry.id, entry.kind);
  if (measured) {
    lines.push(
      measured.exact
        ? `Measured (impact report of ${impact?.date}):`
        : `Measured for another API of the same kind, ${entry.kind} (impact report of ${impact?.date}):`,
      `  ${describeStall(measured.stall)}`,
    );
  } else if (impact) {
    lines.push(`Measured: the latest impact report (${impact.date}) has no pattern of kind ${entry.kind}.`);
  } else {
    lines.push('Measured: no impact report yet (`loopguard impact` measures the fixture patterns).');
  }
  return `${lines.join('\n')}\n`;
}

function rewriteText(entry: CatalogEntry): string {
  const r = entry.rewrite;
  switch (r?.type) {
    case 'fs-promises':
      return `\`await ${r.name}(...)\` from \`fs/promises\``;
    case 'exists-access':
      return '`await access(path).then(() => true, () => false)`';
    case 'promisify':
      return `\`await promisify(${r.name})(...)\``;
    case 'sibling':
    case 'global-sibling':
      return `\`await ${r.name}(...)\``;
    case 'module-call':
      return 'call the module itself and await it';
    default:
      return 'async twin';
  }
}

/** `loopguard --explain` alone: every id, grouped by kind. */
export function listCatalog(): string {
  const lines = ['Catalog ids for `loopguard --explain <id>`:'];
  for (const kind of BLOCKING_KINDS) {
    const ids = entries.filter((e) => e.kind === kind).map((e) => e.id);
    if (ids.length === 0) continue;
    lines.push('', `${kind}:`, ...wrap(ids, 100).map((l) => `  ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

function wrap(words: readonly string[], width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 2 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line}, ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

/** Catalog ids close to a mistyped one: same last segment, or within a small edit distance. */
function suggestions(id: string): string[] {
  const lower = id.toLowerCase();
  const last = lower.split('.').pop() ?? lower;
  const scored = entries
    .map((e) => ({ id: e.id, d: e.id.toLowerCase().endsWith(`.${last}`) ? 0 : distance(lower, e.id.toLowerCase()) }))
    .filter((s) => s.d <= Math.max(2, Math.floor(id.length / 4)))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  return scored.slice(0, 3).map((s) => s.id);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}
