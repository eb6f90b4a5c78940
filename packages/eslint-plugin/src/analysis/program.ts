import * as path from 'node:path';
import { displayName } from '@loopguard/catalog';
import { type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { assignedMember, calleeLabel, functionName, isCommonJsExport, isModuleExports, qualifiedName } from './ast';
import type { AdditionalApi, BindingFinding } from './bindings';
import { indexUnit, isLazyInit, pickDirect, type UnitIndex } from './call-index';
import { step, type BlockingSummary } from './chain';
import { cliFileReason } from './cli-files';
import { enclosingFunction, findRole, referenceRole, type FunctionNode, type FunctionRole } from './context';
import { convertedUnit } from './convert';
import { globToRegExp } from './globs';
import { consumesSynchronously, referencesInFile, resolveInFile } from './in-file';
import { ProgramNameIndex } from './program-index';
import { TypedResolver, type Target } from './typed-resolution';
import type { CallSite, Reference, Unit } from './unit';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

export interface AnalysisOptions {
  readonly additionalApis: readonly AdditionalApi[];
  /** Function names or globs (`init*`, `Server.start`) that are start-up code. */
  readonly startup: readonly string[];
  /** Globs of command-line code (the rule's `cliFiles`); empty when CLI code is reported. */
  readonly cliFiles?: readonly string[];
  /** ESLint's working folder, for `cliFiles` of files outside any package. */
  readonly cwd?: string;
}

/**
 * Names that are start-up code when nothing in the program calls them (an entry point called by a
 * framework or a `bin`). With known callers, their call sites decide like for any other function.
 */
export const ENTRY_NAMES: ReadonlySet<string> = new Set([
  'main', 'start', 'startup', 'bootstrap', 'init', 'initialize', 'setup', 'configure', 'listen', 'boot',
  'startServer', 'createApp', 'createServer',
]);

const MAX_DEPTH = 24;

/**
 * Whole-program analysis: which project functions block (memoised summaries, cycles terminate) and which
 * functions only run at start-up. With a TypeScript program it follows calls across files; without one,
 * within the file.
 */
export class ProgramAnalysis {
  private readonly units = new Map<string, Unit>();
  private readonly summaries = new Map<FunctionNode, BlockingSummary | null>();
  private readonly startupMemo = new Map<FunctionNode, boolean>();
  /** Functions assumed to be start-up code while their re-initialisation paths are judged. */
  private readonly assumed = new Set<FunctionNode>();
  private readonly provisional = new Map<FunctionNode, boolean>();
  private readonly cliUnits = new WeakMap<Unit, boolean>();
  private readonly startupPatterns: RegExp[];
  private readonly names: ProgramNameIndex | undefined;
  private readonly resolver: TypedResolver | undefined;

  constructor(
    private readonly options: AnalysisOptions,
    private readonly program?: ts.Program,
    private readonly tsApi?: typeof ts,
  ) {
    this.startupPatterns = options.startup.map((s) => globToRegExp(s, false));
    if (program && tsApi) {
      this.names = new ProgramNameIndex(program, tsApi);
      this.resolver = new TypedResolver(program, tsApi, this.names, (fileName) => this.unitForFile(fileName));
    }
  }

  get typed(): boolean {
    return Boolean(this.program && this.tsApi);
  }

  /** Registers the file being linted, with the SourceCode and node maps ESLint already has. */
  addUnit(unit: Unit): Unit {
    const existing = this.units.get(unit.fileName);
    // ESLint's SourceCode for the linted text wins over a converted copy of the program's file.
    if (existing && existing.sourceCode === unit.sourceCode) return existing;
    this.units.set(unit.fileName, unit);
    return unit;
  }

  /**
   * Summary of a function: why calling it blocks, or null. Async functions never block their caller here. A
   * sync generator's summary is that of running its body to the end: `resolveCallee` only gives it for calls
   * that consume the generator synchronously.
   */
  summarize(fn: FunctionNode, unit: Unit, depth = 0): BlockingSummary | null {
    if (fn.async) return null;
    const memo = this.summaries.get(fn);
    if (memo !== undefined) return memo;
    if (depth > MAX_DEPTH) return null;
    this.summaries.set(fn, null); // cycle guard: recursion does not block by itself
    const index = this.indexOf(unit);
    let result: BlockingSummary | null = null;
    const direct = pickDirect(index.catalogCalls.get(fn));
    if (direct) {
      result = {
        entry: direct.entry,
        steps: [step(displayName(direct.entry), unit.fileName, direct.node)],
        // `module.exports = function` is named after its module, as `const render = require('./render')` names it.
        innermost: functionName(fn) ?? (isModuleExportsValue(fn) ? moduleStem(unit.fileName) : 'this function'),
      };
    } else {
      for (const call of index.otherCalls.get(fn) ?? []) {
        const target = this.resolveCallee(call, unit, depth + 1);
        if (!target) continue;
        const inner = this.summarize(target.fn, target.unit, depth + 1);
        if (!inner) continue;
        result = { entry: inner.entry, steps: [step(calleeLabel(call), unit.fileName, call), ...inner.steps], innermost: inner.innermost };
        break;
      }
    }
    this.summaries.set(fn, result);
    return result;
  }

  /** Calls (and getter reads) that are not catalog APIs: candidates for helpers that block. */
  otherCalls(unit: Unit): CallSite[] {
    return [...this.indexOf(unit).otherCalls.values()].flat();
  }

  catalogCalls(unit: Unit): BindingFinding[] {
    return [...this.indexOf(unit).catalogCalls.values()].flat();
  }

  /**
   * Whether a function only runs at start-up: every call site is at module level, in a start-up IIFE, or in
   * another start-up function. Without known call sites, entry names (`main`, `start`, ...) and the
   * `startup` option decide. A function also used as a value (a callback, a route handler) is not start-up.
   */
  isStartupFunction(fn: FunctionNode, unit: Unit, depth = 0): boolean {
    if (this.assumed.has(fn)) return true;
    // Judgements made under an assumption hold only for it: they are kept apart and dropped with it.
    const memoMap = this.assumed.size > 0 ? this.provisional : this.startupMemo;
    const memo = this.startupMemo.get(fn) ?? memoMap.get(fn);
    if (memo !== undefined) return memo;
    if (depth > MAX_DEPTH) return false;
    memoMap.set(fn, false); // cycle guard: a cycle between functions is not start-up by itself
    const result = this.judgeStartup(fn, unit, depth);
    memoMap.set(fn, result);
    return result;
  }

  /**
   * Whether a run-time reference of a start-up function lies on a re-initialisation path: it is reached only
   * from callbacks that start-up code registers or hands over (a signal listener, an app's restart callback),
   * through any plain functions in between, and never from a request handler or a timer.
   */
  private isReinitReference(ref: Reference, depth: number, seen: Set<FunctionNode>): boolean {
    if (depth > MAX_DEPTH) return false;
    const { node, unit } = ref;
    let at: TSESTree.Node = node;
    if (at.parent?.type === T.MemberExpression && at.parent.property === at) at = at.parent;
    const parent = at.parent;
    const called = (parent?.type === T.CallExpression || parent?.type === T.NewExpression) && parent.callee === at;
    if (!called) {
      // Handed over as a value (`new App(restart)`): whoever receives it calls it later. Not as a handler or a
      // timer, and handed over by start-up code.
      if (!isIdentifierOrMember(at)) return false;
      const role = referenceRole(at, unit.sourceCode);
      if (role.type === 'context' && role.kind !== 'event-listener') return false;
      return this.isStartupPosition(at, unit, depth + 1);
    }
    const owner = governingFunction(parent, unit, (_fn, role) => role.kind === 'promise-callback');
    if (owner === 'module' || owner === 'iife') return true;
    const { fn, role } = owner;
    if (role.type === 'context') {
      // A listener (SIGHUP, an app's 'restart' event) that start-up code registered; requests and timers are
      // the running server's own work.
      return role.kind === 'event-listener' && this.isStartupPosition(fn, unit, depth + 1);
    }
    // A plain function (`restart()`): every one of its own references must be start-up or re-initialisation.
    if (this.isStartupFunction(fn, unit, depth + 1)) return true;
    if (seen.has(fn)) return false;
    seen.add(fn);
    const refs = this.references(fn, unit)?.filter((r) => !isTestFile(r.unit.fileName) && !isCommonJsExport(r.node) && !isWithin(r.node, fn));
    if (!refs || refs.length === 0) return false;
    return refs.every((r) => this.isStartupPosition(r.node, r.unit, depth + 1, true) || this.isReinitReference(r, depth + 1, seen));
  }

  private judgeStartup(fn: FunctionNode, unit: Unit, depth: number): boolean {
    const name = functionName(fn);
    const qualified = qualifiedName(fn);
    let result: boolean;
    if ((name && this.startupPatterns.some((p) => p.test(name))) || (qualified && this.startupPatterns.some((p) => p.test(qualified)))) {
      result = true;
    } else {
      const role = findRole(fn, unit.sourceCode);
      if (role.type === 'context' || role.type === 'inline') {
        // A handler or callback runs when its event comes; an inline callback runs with its caller.
        result = role.type === 'inline' ? this.isStartupPosition(fn, unit, depth + 1) : false;
      } else if (this.startsServer(fn, unit)) {
        // A function that starts a server in its own run (`await app.listen(port)`) is that server's start-up,
        // whoever calls it: what it runs, it runs before the server serves, and a restart that calls it again
        // re-initialises (see isReinitReference).
        result = true;
      } else {
        // Tests call handlers at their module level, and `module.exports = { start }` only exports: neither
        // says when the function runs in the program.
        // A recursive call says nothing about when the function runs: the calls from outside decide.
        const refs = this.references(fn, unit)?.filter((r) => !isTestFile(r.unit.fileName) && !isCommonJsExport(r.node) && !isWithin(r.node, fn));
        // No known call site: an entry point that a framework or a `bin` calls once, by its usual name.
        if (refs === undefined || refs.length === 0) result = name !== undefined && ENTRY_NAMES.has(name);
        // A command-line program owns its process: a function that only CLI code calls is start-up code.
        else if (this.options.cliFiles && this.options.cliFiles.length > 0 && refs.every((r) => this.isCliUnit(r.unit))) result = true;
        else {
          // A call that fills a cache once (`if (!ready) ready = this.setup()`) runs once, like start-up.
          const runtime = refs.filter((r) => !isLazyInitReference(r.node) && !this.isStartupPosition(r.node, r.unit, depth + 1, true));
          if (runtime.length === 0) result = true;
          else if (runtime.length === refs.length) result = false;
          else {
            // Re-initialisation (`restart()` stops the app and runs `start()` again) re-runs start-up code: it does
            // not turn `start()` into per-request code. Judged by reachability: start-up calls it, and every other
            // call is reached only from callbacks that start-up code registered (a signal, a settings change),
            // never from a request handler or a timer. While that is judged, `fn` is assumed to be start-up code
            // (`start()` itself hands `restart` to the app it creates).
            this.assumed.add(fn);
            try {
              result = runtime.every((r) => this.isReinitReference(r, depth + 1, new Set()));
            } finally {
              this.assumed.delete(fn);
              if (this.assumed.size === 0) this.provisional.clear();
            }
          }
        }
      }
    }
    return result;
  }

  private isCliUnit(unit: Unit): boolean {
    let known = this.cliUnits.get(unit);
    if (known === undefined) {
      known = path.isAbsolute(unit.fileName) && this.isCliCode(unit.fileName, unit.sourceCode.text, this.options.cliFiles ?? []);
      this.cliUnits.set(unit, known);
    }
    return known;
  }

  /**
   * Whether a file is command-line code (see isCliFile). With a program, a file that only its shebang marks is
   * library code when another file of the program loads it: `require('./core')` runs it inside that file's process.
   */
  isCliCode(fileName: string, text: string, globs: readonly string[]): boolean {
    const reason = cliFileReason(fileName, text, globs, this.options.cwd);
    if (reason !== 'shebang' || !this.resolver) return reason !== undefined;
    return !this.resolver.loadedFiles().has(fileName);
  }

  /** Whether code at `node` runs only at start-up. `asReference`: `node` names a function that must be called there. */
  isStartupPosition(node: TSESTree.Node, unit: Unit, depth = 0, asReference = false): boolean {
    let at: TSESTree.Node = node;
    if (asReference) {
      let ref: TSESTree.Node = node;
      if (ref.parent?.type === T.MemberExpression && ref.parent.property === ref) ref = ref.parent;
      const parent = ref.parent;
      const called = (parent?.type === T.CallExpression || parent?.type === T.NewExpression) && parent.callee === ref;
      if (!called) return false;
      at = parent;
    }
    // `.then()` of start-up code runs once, right after it; so does a listener that settles a promise that
    // start-up code is waiting for (`await new Promise((resolve) => socket.on('error', () => { ...; resolve() }))`).
    const owner = governingFunction(at, unit, (fn, role) => role.kind === 'promise-callback' || ((role.kind === 'event-listener' || role.kind === 'timer') && settlesEnclosingPromise(fn)));
    if (owner === 'module' || owner === 'iife') return true;
    if (owner.role.type === 'context') return false;
    return this.isStartupFunction(owner.fn, unit, depth + 1);
  }

  /** Whether a listener or timer callback settles the promise of the `new Promise` executor it is written in. */
  settlesAwaitedPromise(fn: FunctionNode): boolean {
    return settlesEnclosingPromise(fn);
  }

  /** Whether a function starts a server in its own run: `server.listen(port)`, `app.listen(...)`. */
  private startsServer(fn: FunctionNode, unit: Unit): boolean {
    return (this.indexOf(unit).otherCalls.get(fn) ?? []).some(
      (call) => call.type === T.CallExpression && call.callee.type === T.MemberExpression && !call.callee.computed && call.callee.property.type === T.Identifier && call.callee.property.name === 'listen',
    );
  }

  /**
   * The project function a call (or getter read) runs, if it can be found. Where the call dispatches
   * through an interface to several implementations, the first that blocks. A sync generator runs only
   * when it is consumed: a call that merely creates one runs nothing.
   */
  resolveCallee(call: CallSite, unit: Unit, depth = 0): Target | undefined {
    let target: Target | undefined;
    if (this.names && this.resolver && unit.esToTs) {
      if (!this.names.mayCallProject(call, unit)) return undefined;
      const candidates = this.resolver.candidates(call, unit);
      target = candidates.length > 1 ? (candidates.find((c) => this.summarize(c.fn, c.unit, depth + 1)) ?? candidates[0]) : candidates[0];
    } else if (call.type !== T.MemberExpression) {
      const fn = resolveInFile(call, unit.sourceCode);
      target = fn ? { fn, unit } : undefined;
    }
    if (target?.fn.generator && !consumesSynchronously(call)) return undefined;
    return target;
  }

  /** Another file of the program as ESTree with scopes (converted once per TypeScript source file). */
  unitForFile(fileName: string): Unit | undefined {
    const existing = this.units.get(fileName);
    if (existing) return existing;
    if (!this.program) return undefined;
    const sourceFile = this.program.getSourceFile(fileName);
    if (!sourceFile) return undefined;
    try {
      const unit = convertedUnit(sourceFile, this.program);
      this.units.set(fileName, unit);
      return unit;
    } catch {
      return undefined;
    }
  }

  private indexOf(unit: Unit): UnitIndex {
    const typed =
      this.program && this.tsApi && this.names
        ? { tsApi: this.tsApi, program: this.program, getterNames: () => (this.names as ProgramNameIndex).getterNames() }
        : undefined;
    return indexUnit(unit, this.options.additionalApis, typed);
  }

  /** Call sites and other reads of a function; undefined when they cannot be known. */
  private references(fn: FunctionNode, unit: Unit): Reference[] | undefined {
    if (this.resolver && unit.esToTs) return this.resolver.references(fn, unit);
    return referencesInFile(fn, unit);
  }
}

type ContextRole = Extract<FunctionRole, { type: 'context' }>;

/** A reference that is the callee of a lazy initialisation: `ready ??= setup()`, `if (!p) p = this.setup()`. */
function isLazyInitReference(node: TSESTree.Node): boolean {
  const callee = node.parent?.type === T.MemberExpression && node.parent.property === node ? node.parent : node;
  const call = callee.parent;
  return call?.type === T.CallExpression && call.callee === callee && isLazyInit(call);
}

function isModuleExportsValue(fn: FunctionNode): boolean {
  const assigned = assignedMember(fn);
  return assigned !== undefined && isModuleExports(assigned);
}

/** `lib/render.js` gives `render`; `lib/render/index.js` gives `render`. */
function moduleStem(fileName: string): string {
  const stem = path.basename(fileName).replace(/\.[cm]?[jt]sx?$/u, '');
  return stem === 'index' ? path.basename(path.dirname(fileName)) : stem;
}

/**
 * The function whose own run decides when code at `node` runs. Callbacks run in place of their caller (`map`,
 * the `new Promise` executor) are looked through, and so are the context callbacks that `runsInPlace` accepts.
 * `'module'`: no function is left, the code runs when the module loads; `'iife'`: a top-level IIFE, run then too.
 */
function governingFunction(
  node: TSESTree.Node,
  unit: Unit,
  runsInPlace: (fn: FunctionNode, role: ContextRole) => boolean,
): { fn: FunctionNode; role: Exclude<FunctionRole, { type: 'inline' } | { type: 'iife' }> } | 'module' | 'iife' {
  let fn = enclosingFunction(node);
  while (fn) {
    const role = findRole(fn, unit.sourceCode);
    if (role.type === 'iife') return 'iife';
    if (role.type === 'inline' || (role.type === 'context' && runsInPlace(fn, role))) {
      fn = enclosingFunction(fn);
      continue;
    }
    return { fn, role };
  }
  return 'module';
}

/**
 * Whether a callback calls the `resolve` or `reject` of the `new Promise` executor it is written in: it runs
 * while whoever awaits that promise waits, as part of that code's run.
 */
function settlesEnclosingPromise(fn: FunctionNode): boolean {
  let executor: FunctionNode | undefined = enclosingFunction(fn);
  while (executor) {
    const parent = executor.parent;
    if (parent?.type === T.NewExpression && parent.arguments[0] === executor && parent.callee.type === T.Identifier && parent.callee.name === 'Promise') break;
    executor = enclosingFunction(executor);
  }
  if (!executor) return false;
  const settle = new Set(executor.params.slice(0, 2).flatMap((p) => (p.type === T.Identifier ? [p.name] : [])));
  if (settle.size === 0) return false;
  let found = false;
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0 && !found) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === T.CallExpression && node.callee.type === T.Identifier && settle.has(node.callee.name)) found = true;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      const items: unknown[] = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
      }
    }
  }
  return found;
}

function isIdentifierOrMember(node: TSESTree.Node): node is TSESTree.Identifier | TSESTree.MemberExpression {
  return node.type === T.Identifier || node.type === T.MemberExpression;
}

function isWithin(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let up: TSESTree.Node | undefined = node.parent; up; up = up.parent) if (up === fn) return true;
  return false;
}

/** A file of tests: `*.test.*`, `*.spec.*`, or under `__tests__/`, `test/`, `tests/`, `spec/`. */
export function isTestFile(fileName: string): boolean {
  return /\.(?:test|spec)\.[cm]?[jt]sx?$/u.test(fileName) || /(?:^|[\\/])(?:__tests__|tests?|spec)[\\/]/u.test(fileName);
}
