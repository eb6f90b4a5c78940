import { entries, normalizeModule, type CatalogEntry } from '@loopguard/catalog';
import { executionAsyncId } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { LIMITS } from './recorder';
import { classInfo, coreSpecifier, targetsByModule, type Target } from './targets';

/** Where a wrapped call reports to. */
export interface Sink {
  record(entry: string, ms: number, stack: readonly NodeJS.CallSite[]): void;
}

/** Every function this module created, so that nothing is wrapped twice (fs-extra re-exports fs's functions). */
const wrapped = new WeakSet<object>();
/** Same original, same wrapper: `require('better-sqlite3')` twice gives the same constructor. */
const wrapperOf = new WeakMap<object, object>();
const patchedPrototypes = new WeakSet<object>();

let sink: Sink | undefined;
let sample = 1;
/**
 * Calls inside a wrapped call (fs-extra calling fs) are part of the outer call, not calls of their own. "Inside"
 * means in the outer call's own synchronous run, which has the outer call's async id: a callback that a
 * re-entrant event loop runs during the outer call (deasync.sleep runs uv_run in place) has another one, and
 * its calls are calls of their own.
 */
let depth = 0;
let outerAsyncId = -1;

/**
 * The call sites as V8's structured frames, not the formatted `stack` string: formatting every frame (with
 * its function and type names) is most of the cost of a recorded call, and a site is known by file:line:column.
 * `below` is the wrapper's trap: V8 leaves it and the frames above it (this module's own) out, so that the
 * limit is spent on the program's frames; a site keeps `LIMITS.framesPerSite` of them, plus room for the Node
 * internals between them that the recorder drops.
 */
const STACK_LIMIT = LIMITS.framesPerSite + 4;
function captureStack(below: (...args: never[]) => unknown): NodeJS.CallSite[] {
  const holder: { stack?: NodeJS.CallSite[] } = {};
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_error, sites) => sites;
  Error.stackTraceLimit = STACK_LIMIT;
  try {
    Error.captureStackTrace(holder, below);
    return Array.isArray(holder.stack) ? holder.stack : [];
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

/**
 * A Proxy, not a function that calls the original: the wrapper keeps `name`, `length`, every own property
 * (`realpathSync.native`, `util.promisify.custom`), `this`, `new.target` and `prototype` without copying any of
 * them, and `Function.prototype.toString` still works on it.
 */
function wrap<T extends object>(original: T, entry: CatalogEntry, onResult?: (result: unknown) => void): T {
  if (wrapped.has(original)) return original;
  const existing = wrapperOf.get(original);
  if (existing) return existing as T;
  const id = entry.id;
  const measure = (trap: (...args: never[]) => unknown, call: () => unknown): unknown => {
    if (!sink) return call();
    const asyncId = executionAsyncId();
    if ((depth > 0 && asyncId === outerAsyncId) || (sample < 1 && Math.random() >= sample)) return call();
    const outer = outerAsyncId;
    depth++;
    outerAsyncId = asyncId;
    const start = performance.now();
    let result: unknown;
    try {
      result = call();
    } finally {
      const ms = performance.now() - start;
      depth--;
      outerAsyncId = outer;
      sink.record(id, ms, captureStack(trap));
    }
    if (onResult) onResult(result);
    return result;
  };
  function apply(target: T, thisArg: unknown, args: unknown[]): unknown {
    return measure(apply, () => Reflect.apply(target as (...a: unknown[]) => unknown, thisArg, args));
  }
  function construct(target: T, args: unknown[], newTarget: new (...a: unknown[]) => object): object {
    return measure(construct, () => Reflect.construct(target as new (...a: unknown[]) => object, args, newTarget)) as object;
  }
  const proxy = new Proxy(original, { apply, construct });
  wrapped.add(proxy);
  wrapperOf.set(original, proxy);
  return proxy;
}

function isFunction(value: unknown): value is (...args: unknown[]) => unknown {
  return typeof value === 'function';
}

/** Replaces `holder[name]` with its wrapper, keeping the property's attributes. Returns whether it could. */
function patchProperty(holder: object, name: string, entry: CatalogEntry, onResult?: (result: unknown) => void): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(holder, name);
  if (!descriptor || !('value' in descriptor) || !isFunction(descriptor.value)) return false;
  const proxy = wrap(descriptor.value, entry, onResult);
  if (proxy === descriptor.value) return true;
  try {
    Object.defineProperty(holder, name, { ...descriptor, value: proxy });
    return true;
  } catch {
    return false;
  }
}

/** The catalog entries of a class that has no constructor of its own to reach (a `Statement` from `prepare`). */
function methodTargets(module: string, className: string): Target[] {
  return (byModule.get(module) ?? []).filter((t) => t.type === 'method' && t.className === className);
}

function patchPrototype(module: string, className: string, proto: unknown): void {
  if (typeof proto !== 'object' || proto === null || patchedPrototypes.has(proto)) return;
  patchedPrototypes.add(proto);
  const returns = classInfo(module, className)?.returns ?? {};
  for (const target of methodTargets(module, className)) {
    if (target.type !== 'method') continue;
    const returned = returns[target.method];
    // A `prepare` returns a `Statement` whose class is not exported: patch its prototype on first sight.
    const onResult = returned ? (result: unknown) => patchPrototype(module, returned, typeof result === 'object' && result !== null ? Object.getPrototypeOf(result) : undefined) : undefined;
    patchProperty(proto, target.method, target.entry, onResult);
  }
}

const byModule = targetsByModule(entries);

/**
 * Wraps the catalog APIs of one loaded module in place and returns what `require` should return: the module
 * itself, or its wrapper when the module's export is itself the blocking function or constructor.
 */
export function instrumentModule(module: string, exports: unknown): unknown {
  const targets = byModule.get(module);
  if (!targets || (typeof exports !== 'object' && typeof exports !== 'function') || exports === null) return exports;
  let result: unknown = exports;
  const classesDone = new Set<string>();
  for (const target of targets) {
    switch (target.type) {
      case 'export':
        patchProperty(exports, target.name, target.entry);
        break;
      case 'module':
      case 'constructor': {
        if (target.type === 'constructor' && target.name !== 'default') {
          const ctor = (exports as Record<string, unknown>)[target.name];
          if (isFunction(ctor)) patchPrototype(module, target.entry.path.split('#')[0]!, ctor.prototype);
          patchProperty(exports, target.name, target.entry);
        } else if (isFunction(exports)) {
          if (target.type === 'constructor') patchPrototype(module, target.entry.path.split('#')[0]!, exports.prototype);
          result = wrap(exports, target.entry);
        }
        break;
      }
      case 'method': {
        if (classesDone.has(target.className)) break;
        classesDone.add(target.className);
        const info = classInfo(module, target.className);
        if (!info || info.constructorPath === '') break;
        const ctor = info.constructorPath === 'default' ? exports : (exports as Record<string, unknown>)[info.constructorPath];
        if (isFunction(ctor)) patchPrototype(module, target.className, ctor.prototype);
        break;
      }
      default:
        break;
    }
  }
  return result;
}

/** Wraps `Atomics.wait` and the other catalog globals that exist in this runtime. */
function instrumentGlobals(): void {
  for (const target of byModule.get('globalThis') ?? []) {
    if (target.type !== 'global') continue;
    const holder = (globalThis as Record<string, unknown>)[target.global];
    if (typeof holder === 'object' && holder !== null) patchProperty(holder, target.name, target.entry);
  }
}

/** Core modules first (before any user code holds a reference), then every later `require` of a package. */
export function install(to: Sink, options: { sample: number }): void {
  sink = to;
  sample = options.sample;
  instrumentGlobals();
  const Module = require('node:module') as typeof import('node:module') & {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown;
  };
  for (const module of byModule.keys()) {
    const specifier = coreSpecifier(module);
    if (!specifier) continue;
    let exports: unknown;
    try {
      exports = require(specifier);
    } catch {
      continue; // `node:sqlite` before Node 22.5.
    }
    instrumentModule(module, exports);
  }
  // ESM named imports of builtins (`import { readFileSync } from 'node:fs'`) are bindings to a separate
  // namespace: copy the wrapped functions into it.
  Module.syncBuiltinESMExports();
  const load = Module._load;
  Module._load = function loadInstrumented(this: unknown, request: string, parent: unknown, isMain: boolean) {
    const exports = Reflect.apply(load, this, arguments);
    if (typeof request !== 'string' || request.startsWith('.') || request.startsWith('/')) return exports;
    const module = normalizeModule(request);
    return byModule.has(module) && !coreSpecifier(module) ? instrumentModule(module, exports) : exports;
  };
}
