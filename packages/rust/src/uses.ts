import type { Node } from 'web-tree-sitter';
import { FUNCTIONS, METHODS, OFF_RUNTIME_FUNCTIONS } from './apis';

/** Local name -> fully qualified path, from the file's `use` declarations. */
export interface UseMap {
  names: Map<string, string>;
  /** Each `use` item whose local name is in `names`, to rewrite an import in a fix. */
  items: Map<string, { declaration: Node; path: Node; simple: boolean }>;
}

const CRATE_ROOTS = new Set(['std', 'core', 'alloc', 'tokio', 'reqwest']);

/** Every path the analysis knows, so that `use std::net::*;` can bring the names it needs into scope. */
const KNOWN_PATHS = [
  ...Object.keys(FUNCTIONS), ...Object.keys(METHODS), ...OFF_RUNTIME_FUNCTIONS,
  'std::thread::Builder::new', 'std::thread::scope', 'std::sync::Arc::new', 'std::rc::Rc::new', 'std::io::BufReader::new',
  'tokio::net::TcpListener::bind', 'tokio::net::TcpStream::connect',
];

export function collectUses(root: Node): UseMap {
  const map: UseMap = { names: new Map(), items: new Map() };
  for (const decl of root.descendantsOfType('use_declaration')) {
    const arg = decl.childForFieldName('argument');
    if (arg) addUseTree(arg, [], map, decl, true);
  }
  return map;
}

function segments(node: Node | null): string[] | undefined {
  if (!node) return [];
  switch (node.type) {
    case 'identifier':
    case 'type_identifier':
    case 'self':
    case 'crate':
    case 'super':
      return [node.text];
    case 'scoped_identifier':
    case 'scoped_type_identifier': {
      const head = node.childForFieldName('path');
      const name = node.childForFieldName('name');
      const base = head ? segments(head) : [''];
      return base && name ? [...base, name.text] : undefined;
    }
    case 'generic_type':
      return segments(node.childForFieldName('type'));
    case 'generic_function':
      return segments(node.childForFieldName('function'));
    default:
      return undefined;
  }
}

function addUseTree(node: Node, prefix: string[], map: UseMap, declaration: Node, top: boolean): void {
  const set = (local: string, full: string[], pathNode: Node, simple: boolean): void => {
    map.names.set(local, full.filter((s) => s !== '').join('::'));
    map.items.set(local, { declaration, path: pathNode, simple });
  };
  switch (node.type) {
    case 'identifier':
    case 'scoped_identifier': {
      const segs = segments(node);
      if (!segs) return;
      const full = [...prefix, ...segs];
      const last = full.at(-1);
      // `use std::net::{self}` names the module itself.
      if (last === 'self') {
        const named = full.slice(0, -1);
        if (named.length) set(named.at(-1)!, named, node, false);
        return;
      }
      if (last) set(last, full, node, top);
      return;
    }
    case 'use_as_clause': {
      const path = node.childForFieldName('path');
      const alias = node.childForFieldName('alias');
      const segs = segments(path);
      if (!segs || !alias || !path) return;
      set(alias.text, [...prefix, ...segs], path, top);
      return;
    }
    case 'scoped_use_list': {
      const segs = node.childForFieldName('path') ? segments(node.childForFieldName('path')) : [];
      const list = node.childForFieldName('list');
      if (!segs || !list) return;
      for (const c of list.namedChildren) addUseTree(c, [...prefix, ...segs], map, declaration, false);
      return;
    }
    case 'use_list':
      for (const c of node.namedChildren) addUseTree(c, prefix, map, declaration, false);
      return;
    case 'self': {
      if (prefix.length) set(prefix.at(-1)!, prefix, node, false);
      return;
    }
    case 'use_wildcard': {
      const inner = node.namedChildren[0];
      const segs = inner ? segments(inner) : [];
      if (!segs) return;
      const base = normalize([...prefix, ...segs].join('::'));
      for (const known of KNOWN_PATHS) {
        if (!known.startsWith(`${base}::`)) continue;
        const next = known.slice(base.length + 2).split('::')[0];
        if (next && !map.names.has(next)) map.names.set(next, `${base}::${next}`);
      }
      return;
    }
    default:
  }
}

function normalize(path: string): string {
  return path.replace(/^::/, '').replace(/^(core|alloc)::/, 'std::');
}

/**
 * The fully qualified path of a path expression or type, through the file's imports: `L::bind` with
 * `use std::net::TcpListener as L;` is `std::net::TcpListener::bind`. Paths that do not start at a crate root or
 * an import are returned as written (`Arc::new` without an import, a local `helper`); `undefined` for non-paths.
 */
export function resolvePath(node: Node | null, uses: UseMap): string | undefined {
  const segs = segments(node);
  if (!segs || segs.length === 0) return undefined;
  const [first, ...rest] = segs;
  if (first === '') return normalize(rest.join('::'));
  if (first === undefined) return undefined;
  const imported = uses.names.get(first);
  if (imported && !CRATE_ROOTS.has(first)) return normalize([imported, ...rest].join('::'));
  return normalize(segs.join('::'));
}
