import type { Node } from 'web-tree-sitter';
import { OFF_RUNTIME_FUNCTIONS, OFF_RUNTIME_METHODS, type RustType } from '../apis';
import { resolvePath, type UseMap } from '../uses';
import { isAsyncFn, typeFromTypeNode } from './syntax';

/** Sync fns (and methods) of a file, by name; a name defined twice is ambiguous and left out. */
export function syncFunctionNames(root: Node): Set<string> {
  const syncFns = new Set<string>();
  const seenFns = new Set<string>();
  for (const fn of root.descendantsOfType('function_item')) {
    const name = fn.childForFieldName('name')?.text;
    if (!name) continue;
    if (seenFns.has(name)) syncFns.delete(name);
    else if (!isAsyncFn(fn)) syncFns.add(name);
    seenFns.add(name);
  }
  return syncFns;
}

/**
 * Fns of a file that hand a closure parameter to spawn_blocking (tokio's own `asyncify`, an app's
 * `run_blocking`): closures given to them run off the runtime too.
 */
export function blockingWrappers(root: Node, uses: UseMap): Set<string> {
  const wrappers = new Set<string>();
  for (const fn of root.descendantsOfType('function_item')) {
    const params = new Set(
      (fn.childForFieldName('parameters')?.namedChildren ?? [])
        .map((p) => p.childForFieldName('pattern')?.text.replace(/^mut\s+/, ''))
        .filter((n): n is string => !!n),
    );
    const name = fn.childForFieldName('name')?.text;
    if (!name || params.size === 0) continue;
    const hands = fn.childForFieldName('body')?.descendantsOfType('call_expression').some((c) => {
      const callee = c.childForFieldName('function');
      const method = callee?.type === 'field_expression' ? callee.childForFieldName('field')?.text : undefined;
      const off = method ? OFF_RUNTIME_METHODS.has(method) : OFF_RUNTIME_FUNCTIONS.has(resolvePath(callee ?? null, uses) ?? '');
      return off && (c.childForFieldName('arguments')?.namedChildren ?? []).some((a) => a.type === 'identifier' && params.has(a.text));
    });
    if (hands) wrappers.add(name);
  }
  return wrappers;
}

/** Struct fields by name (`self.listener`), when every struct of the file that has the name gives it one type (else null). */
export function fieldTypes(root: Node, uses: UseMap): Map<string, RustType | null> {
  const fields = new Map<string, RustType | null>();
  for (const field of root.descendantsOfType('field_declaration')) {
    const name = field.childForFieldName('name')?.text;
    const type = typeFromTypeNode(field.childForFieldName('type'), uses);
    if (!name) continue;
    const seen = fields.get(name);
    const key = (x: RustType | undefined | null): string => JSON.stringify(x ?? null);
    fields.set(name, seen === undefined ? (type ?? null) : key(seen) === key(type) ? seen : null);
  }
  return fields;
}
