import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Node,
  Project,
  QuoteKind,
  SyntaxKind,
  ts,
  type CallExpression,
  type FunctionDeclaration,
  type Identifier,
  type NewExpression,
  type SourceFile,
  type Type,
} from 'ts-morph';

export interface MoveToWorkerInput {
  /** Absolute file name of the document. */
  readonly filePath: string;
  /** Its current (possibly unsaved) text. */
  readonly text: string;
  /** Offsets of the reported call in `text` (ESLint's node range). */
  readonly start: number;
  readonly end: number;
  /**
   * For a call of a project helper that blocks, the first step of the call chain the analysis computed (where
   * the called helper makes its next call; `findingOf(message).chain[0]` of `eslint-plugin-loopguard/findings`):
   * the helper is the function declaration around it. Without it, the helper is found by the call's symbol.
   */
  readonly helperStep?: { readonly file: string; readonly line: number; readonly column: number };
}

export interface FileChange {
  readonly filePath: string;
  /** `create`: the file does not exist and must not be overwritten; `edit`: replace `oldText` by `newText`. */
  readonly kind: 'create' | 'edit';
  readonly oldText: string;
  readonly newText: string;
}

export interface MoveToWorkerResult {
  readonly changes: readonly FileChange[];
  /** Things the user must do or know: a missing `piscina` dependency, module state a worker re-creates. */
  readonly warnings: readonly string[];
  readonly workerFile: string;
  readonly taskName: string;
  /** `call`: the blocking call moved; `helper`: the sync helper it goes through was copied into the worker. */
  readonly mode: 'call' | 'helper';
}

/** A refactor that cannot be done safely; the message says why and what to do instead. */
export class MoveToWorkerError extends Error {
  override readonly name = 'MoveToWorkerError';
}

/** Marks files this refactor created: it adds tasks to them, and never touches any other existing file. */
export const GENERATED_MARKER = '// Created by loopguard';
export const POOL_BASENAME = 'loopguard-pool';
const WORKER_HEADER = `${GENERATED_MARKER}: blocking work moved off the event loop. Each export is a task that the shared pool in ./${POOL_BASENAME} runs\n// on a worker thread.`;

/** Objects a worker thread receives intact through the structured clone algorithm. */
const CLONEABLE_CLASSES = new Set([
  'Buffer', 'Uint8Array', 'Uint16Array', 'Uint32Array', 'Int8Array', 'Int16Array', 'Int32Array', 'Float32Array',
  'Float64Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer', 'DataView', 'Date', 'RegExp', 'Map', 'Set',
  'Array', 'ReadonlyArray', 'Error',
]);

const projects = new Map<string, Project>();

/**
 * Moves a blocking call (or the sync helper it is made through) into a worker module next to the file, run
 * by the package's one shared piscina pool; the call becomes an awaited pool call that passes the values
 * the moved code needs. Returns the new texts; writes nothing.
 */
export function moveToWorker(input: MoveToWorkerInput): MoveToWorkerResult {
  const project = projectFor(input.filePath);
  // Files change on disk between refactors (saves, checkouts, earlier refactors): read them again.
  for (const file of project.getSourceFiles()) {
    if (file.getFilePath() !== input.filePath && !file.isInNodeModules() && !file.isDeclarationFile()) {
      if (!fs.existsSync(file.getFilePath())) project.removeSourceFile(file);
      else file.refreshFromFileSystemSync();
    }
  }
  const existing = project.getSourceFile(input.filePath);
  const previousText = existing?.getFullText();
  const sourceFile = existing ?? project.createSourceFile(input.filePath, input.text, { overwrite: true });
  project.manipulationSettings.set({ quoteKind: /^import[^\n]*"/m.test(input.text) ? QuoteKind.Double : QuoteKind.Single });
  if (existing) sourceFile.replaceWithText(input.text);
  const created: SourceFile[] = [];
  try {
    return new MoveToWorker(project, sourceFile, input, created).run();
  } finally {
    // The project is kept for the next refactor (loading one costs seconds): leave it as the disk has it.
    for (const file of created) project.removeSourceFile(file);
    if (previousText !== undefined) sourceFile.replaceWithText(previousText);
    else project.removeSourceFile(sourceFile);
  }
}

/**
 * Pays the refactor's start-up cost ahead of the first request: loads the project of `filePath`, the file
 * and what it imports, and type-checks the file, so that the program, the checker's global types and the
 * lib/@types declarations are in memory. A first "move to a worker" without this takes 5-30 s.
 */
export function warmUp(filePath: string): void {
  const project = projectFor(filePath);
  const sourceFile = project.getSourceFile(filePath) ?? project.addSourceFileAtPathIfExists(filePath);
  if (!sourceFile) return;
  project.resolveSourceFileDependencies();
  // The checker is built lazily: asking for the types of the file's calls builds it and resolves their modules.
  sourceFile.forEachDescendant((node) => {
    if (Node.isCallExpression(node)) node.getReturnType();
  });
  // One refactor of a file that exists only in memory: compiles the refactor's own code paths and ts-morph's
  // manipulation code, and builds the program once with a worker module in it. It returns texts, writes nothing.
  const probe = path.join(path.dirname(filePath), `__loopguard_warm_up_${process.pid}__.ts`);
  if (fs.existsSync(probe)) return;
  const text = "import { gzipSync } from 'node:zlib';\n\nexport async function pack(body: Buffer): Promise<Buffer> {\n  return gzipSync(body);\n}\n";
  const start = text.indexOf('gzipSync(body)');
  try {
    moveToWorker({ filePath: probe, text, start, end: start + 'gzipSync(body)'.length });
  } catch (error) {
    if (!(error instanceof MoveToWorkerError)) throw error;
  }
}

function projectFor(filePath: string): Project {
  const tsconfig = ts.findConfigFile(path.dirname(filePath), (f) => fs.existsSync(f));
  const key = tsconfig ?? `<none>:${path.dirname(filePath)}`;
  let project = projects.get(key);
  if (!project) {
    project = tsconfig
      ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true })
      : new Project({ compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, strict: true, allowJs: true } });
    projects.set(key, project);
  }
  return project;
}

type Dependency =
  | { kind: 'import'; statement: Node; binding: string; typeOnly: boolean }
  | { kind: 'statement'; statement: Node }
  | { kind: 'value'; name: string; node: Identifier };

class MoveToWorker {
  private readonly warnings: string[] = [];
  private readonly esm: boolean;
  private readonly dir: string;

  constructor(
    private readonly project: Project,
    private readonly file: SourceFile,
    private readonly input: MoveToWorkerInput,
    private readonly created: SourceFile[],
  ) {
    this.esm = isEsm(input.filePath, project);
    this.dir = path.dirname(input.filePath);
  }

  run(): MoveToWorkerResult {
    const call = this.findCall();
    const enclosing = call.getFirstAncestor(isFunctionLike);
    if (!enclosing) {
      throw new MoveToWorkerError('Move to a worker thread needs the call inside a function (code at the top level of a module runs once, at start-up).');
    }
    const helper = this.helperOf(call);
    const base = path.basename(this.input.filePath).replace(/\.[cm]?[jt]sx?$/, '');
    const ext = workerExtension(this.input.filePath);
    const { workerPath, existingWorker } = this.pickWorkerFile(base, ext);
    const workerText = existingWorker?.getFullText();
    // pickWorkerFile checked the disk: nothing is overwritten (the project may remember a deleted file).
    const worker = existingWorker ?? this.project.createSourceFile(workerPath, '', { overwrite: true });
    if (!existingWorker) this.created.push(worker);

    const taskName = uniqueName(worker, helper ? `${helper.getName() ?? 'helper'}Task` : `${functionName(enclosing)}${capitalize(calleeName(call))}`);
    const externalHelper = helper !== undefined && helper.getSourceFile() !== this.file;
    const moved: Node = helper && !externalHelper ? helper : call;
    const deps = externalHelper ? [] : this.dependencies(moved, helper ? undefined : enclosing);
    if (helper && externalHelper) {
      const helperFile = helper.getSourceFile().getFilePath();
      addNamedImport(worker, relativeSpecifier(path.dirname(workerPath), helperFile, this.importExtension()), [helper.getName() ?? ''], false);
      this.warnings.push(
        `The worker thread imports \`${helper.getName()}\` from ${path.relative(this.dir, helperFile)}: that module's top-level code runs once in each worker.`,
      );
    }
    let payloadEntries: Array<{ name: string; value: string; type: string }>;
    let body: string;
    if (helper) {
      payloadEntries = helper.getParameters().map((p, i) => {
        if (!Node.isIdentifier(p.getNameNode()) || p.isRestParameter()) {
          throw new MoveToWorkerError(`\`${helper.getName()}\` has a destructured or rest parameter (\`${p.getText()}\`): move it to a worker by hand.`);
        }
        const arg = call.getArguments()[i];
        return { name: p.getName(), value: arg ? arg.getText() : 'undefined', type: p.getTypeNode()?.getText() ?? typeText(p.getType(), p) };
      });
      body = `return ${helper.getName()}(${payloadEntries.map((e) => e.name).join(', ')});`;
    } else {
      payloadEntries = deps
        .filter((d): d is Extract<Dependency, { kind: 'value' }> => d.kind === 'value')
        .map((d) => ({ name: d.name, value: d.name, type: declaredTypeText(d.node) }));
      body = `return ${call.getText()};`;
    }
    for (const entry of payloadEntries) this.checkCloneable(entry.name, call, helper, entry);

    // The worker module: imports and module-level declarations the moved code uses, then the task.
    const typeDeps = this.typeDependencies(payloadEntries.map((e) => e.type), moved);
    this.fillWorker(worker, [...deps, ...typeDeps], helper, taskName, payloadEntries, body);

    // The pool module, shared by every task of the package.
    const poolPath = this.poolPath();
    const poolChange = this.poolChange(poolPath);

    // The call site.
    const workerBase = path.basename(workerPath).replace(/\.[cm]?ts$/, '');
    const returnType = call.getType();
    const payload = payloadEntries.length === 0 ? '{}' : `{ ${payloadEntries.map((e) => (e.name === e.value ? e.name : `${e.name}: ${e.value}`)).join(', ')} }`;
    const fileRef = this.esm ? 'import.meta.url' : '__filename';
    let replacement = `(await loopguardPool.run(${payload}, { filename: workerFile(${fileRef}, '${workerBase}'), name: '${taskName}' }) as ReturnType<typeof ${taskName}>)`;
    // Buffers come back from a worker as plain Uint8Arrays (structured clone).
    if (isBuffer(returnType)) replacement = `Buffer.from(${replacement})`;
    const needsAsync = this.makeAsync(enclosing);
    call.replaceWithText(replacement);
    needsAsync();
    addNamedImport(this.file, relativeSpecifier(this.dir, poolPath, this.importExtension()), ['loopguardPool', 'workerFile'], false, 'pool as loopguardPool');
    addNamedImport(this.file, relativeSpecifier(this.dir, workerPath, this.importExtension()), [taskName], true);

    const changes: FileChange[] = [{ filePath: this.input.filePath, kind: 'edit', oldText: this.input.text, newText: this.file.getFullText() }];
    changes.push(
      existingWorker
        ? { filePath: workerPath, kind: 'edit', oldText: workerText ?? '', newText: tidy(worker.getFullText()) }
        : { filePath: workerPath, kind: 'create', oldText: '', newText: tidy(`${WORKER_HEADER}\n${worker.getFullText()}`) },
    );
    if (poolChange) changes.push(poolChange);
    this.checkPiscinaDependency();
    return { changes, warnings: this.warnings, workerFile: workerPath, taskName, mode: helper ? 'helper' : 'call' };
  }

  private findCall(): CallExpression | NewExpression {
    const { start, end } = this.input;
    let node: Node | undefined = this.file.getDescendantAtPos(start);
    while (node) {
      if ((Node.isCallExpression(node) || Node.isNewExpression(node)) && node.getStart() === start && node.getEnd() === end) return node;
      if (node.getStart() < start || node.getEnd() > end) break;
      node = node.getParent();
    }
    throw new MoveToWorkerError(`No call at offsets ${start}-${end} of ${this.input.filePath}: the document changed; lint it again and retry.`);
  }

  /**
   * A sync function of the project that the reported call goes through: the whole helper moves. A helper
   * of this file is copied into the worker; an exported helper of another module is imported by it.
   */
  private helperOf(call: CallExpression | NewExpression): FunctionDeclaration | undefined {
    if (!Node.isCallExpression(call)) return undefined;
    const decl = this.input.helperStep ? this.declarationAround(this.input.helperStep) : this.declarationCalled(call);
    if (!decl || !Node.isFunctionDeclaration(decl) || decl.isAsync() || !decl.getBody() || !decl.getName()) return undefined;
    const file = decl.getSourceFile();
    if (file.isDeclarationFile() || file.isInNodeModules()) return undefined;
    if (file !== this.file && !decl.isExported()) return undefined;
    return decl;
  }

  /** The function (or method) the call's callee names, through imports. */
  private declarationCalled(call: CallExpression): Node | undefined {
    const symbol = call.getExpression().getSymbol();
    const target = symbol?.isAlias() ? symbol.getAliasedSymbol() : symbol;
    return target?.getDeclarations()[0];
  }

  /** The function around a step of the analysis' chain: the helper that makes that step's call. */
  private declarationAround(step: { file: string; line: number; column: number }): Node | undefined {
    const file = step.file === this.input.filePath ? this.file : (this.project.getSourceFile(step.file) ?? this.project.addSourceFileAtPathIfExists(step.file));
    if (!file) return undefined;
    let position: number;
    try {
      position = file.compilerNode.getPositionOfLineAndCharacter(step.line - 1, step.column - 1);
    } catch {
      return undefined; // the file changed since it was linted
    }
    return file.getDescendantAtPos(position)?.getFirstAncestor(isFunctionLike);
  }

  /**
   * What the moved code refers to, outside itself: values of the enclosing functions (passed to the worker),
   * imports and module-level declarations (copied into the worker, recursively).
   */
  private dependencies(moved: Node, enclosing: Node | undefined): Dependency[] {
    const result: Dependency[] = [];
    const seenStatements = new Set<Node>();
    const seenValues = new Set<string>();
    const visit = (root: Node, allowValues: boolean): void => {
      if (root.getDescendantsOfKind(SyntaxKind.ThisKeyword).length > 0 || Node.isThisExpression(root)) {
        throw new MoveToWorkerError(
          `The call uses \`this\` (\`${firstLine(root)}\`): an object with methods cannot be sent to a worker thread. Move the data it needs into local variables first, or use "Convert to async" where offered.`,
        );
      }
      for (const id of root.getDescendantsOfKind(SyntaxKind.Identifier)) {
        if (isPropertyName(id)) continue;
        const parent = id.getParent();
        const symbol = Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : id.getSymbol();
        const decl = symbol?.getDeclarations()[0];
        if (!decl) continue;
        if (decl.getSourceFile() !== this.file) continue; // globals and lib declarations
        if (root.containsRange(decl.getPos(), decl.getEnd())) continue;
        const statement = topLevelStatement(decl);
        if (!statement) {
          if (!allowValues || !enclosing) {
            throw new MoveToWorkerError(`\`${id.getText()}\` is not a module-level declaration: move its helper by hand.`);
          }
          if (!seenValues.has(id.getText())) {
            seenValues.add(id.getText());
            result.push({ kind: 'value', name: id.getText(), node: id });
          }
          continue;
        }
        if (Node.isImportDeclaration(statement) || Node.isImportEqualsDeclaration(statement)) {
          if (!seenStatements.has(decl)) {
            seenStatements.add(decl);
            result.push({ kind: 'import', statement: decl, binding: id.getText(), typeOnly: false });
          }
          continue;
        }
        if (seenStatements.has(statement)) continue;
        seenStatements.add(statement);
        if (Node.isVariableStatement(statement)) {
          if (statement.getDeclarationKind() !== 'const') {
            throw new MoveToWorkerError(
              `\`${id.getText()}\` is module state (\`${statement.getDeclarationKind()}\`): a worker thread has its own copy of the module and would not see changes to it. Pass it as a value or use "Convert to async".`,
            );
          }
          if (statement.isExported() || isStateful(statement)) {
            this.warnings.push(`The worker creates its own \`${id.getText()}\` (\`${firstLine(statement)}\`): each worker thread runs that declaration once.`);
          }
        }
        result.push({ kind: 'statement', statement });
        visit(statement, false);
      }
    };
    visit(moved, true);
    return result;
  }

  /** Types named in the payload's annotations: imported (type-only) or copied like the values. */
  private typeDependencies(typeTexts: readonly string[], moved: Node): Dependency[] {
    const names = new Set(typeTexts.flatMap((t) => t.match(/[A-Za-z_$][\w$]*/g) ?? []));
    const result: Dependency[] = [];
    for (const name of names) {
      const local = this.file.getInterface(name) ?? this.file.getTypeAlias(name) ?? this.file.getEnum(name) ?? this.file.getClass(name);
      if (local) {
        if (moved.containsRange(local.getPos(), local.getEnd())) continue;
        if (local.isExported()) {
          result.push({ kind: 'import', statement: local, binding: name, typeOnly: true });
        } else {
          result.push({ kind: 'statement', statement: local });
        }
        continue;
      }
      const imported = this.file.getImportDeclarations().find((d) => d.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name) || d.getDefaultImport()?.getText() === name);
      if (imported) {
        const spec = imported.getNamedImports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
        result.push({ kind: 'import', statement: spec ?? imported.getDefaultImport() ?? imported, binding: name, typeOnly: true });
      }
    }
    return result;
  }

  private fillWorker(
    worker: SourceFile,
    deps: readonly Dependency[],
    helper: FunctionDeclaration | undefined,
    taskName: string,
    payload: ReadonlyArray<{ name: string; type: string }>,
    body: string,
  ): void {
    for (const dep of deps) {
      if (dep.kind !== 'import') continue;
      this.copyImport(worker, dep);
    }
    const statements: string[] = [];
    const sorted = deps
      .filter((d): d is Extract<Dependency, { kind: 'statement' }> => d.kind === 'statement')
      .sort((a, b) => a.statement.getPos() - b.statement.getPos());
    for (const dep of sorted) {
      const name = declaredName(dep.statement);
      if (name && hasTopLevelName(worker, name)) continue;
      statements.push(stripExport(dep.statement.getText()));
    }
    if (helper && helper.getSourceFile() === this.file && !hasTopLevelName(worker, helper.getName() ?? '')) statements.push(stripExport(helper.getText()));
    const param = payload.length === 0 ? '' : `{ ${payload.map((p) => p.name).join(', ')} }: { ${payload.map((p) => `${p.name}: ${p.type}`).join('; ')} }`;
    statements.push(`export function ${taskName}(${param}) {\n  ${body}\n}`);
    worker.addStatements(statements.join('\n\n'));
  }

  private copyImport(worker: SourceFile, dep: Extract<Dependency, { kind: 'import' }>): void {
    const decl = dep.statement;
    const importDecl = decl.getFirstAncestorByKind(SyntaxKind.ImportDeclaration) ?? (Node.isImportDeclaration(decl) ? decl : undefined);
    if (Node.isImportEqualsDeclaration(decl)) {
      if (!worker.getText().includes(decl.getText())) worker.insertStatements(lastImportIndex(worker), decl.getText());
      return;
    }
    if (!importDecl) {
      // A type declared in the moved-from file and exported there.
      addNamedImport(worker, relativeSpecifier(this.dir, this.input.filePath, this.importExtension()), [dep.binding], true);
      return;
    }
    const specifier = importDecl.getModuleSpecifierValue();
    const typeOnly = dep.typeOnly || importDecl.isTypeOnly();
    if (Node.isImportSpecifier(decl)) {
      const alias = decl.getAliasNode()?.getText();
      addNamedImport(worker, specifier, [alias ?? decl.getName()], typeOnly, alias ? `${decl.getName()} as ${alias}` : undefined);
    } else if (Node.isNamespaceImport(decl)) {
      if (!worker.getImportDeclaration((d) => d.getNamespaceImport()?.getText() === dep.binding)) {
        worker.insertImportDeclaration(lastImportIndex(worker), { moduleSpecifier: specifier, namespaceImport: dep.binding, isTypeOnly: typeOnly });
      }
    } else {
      if (!worker.getImportDeclaration((d) => d.getDefaultImport()?.getText() === dep.binding)) {
        worker.insertImportDeclaration(lastImportIndex(worker), { moduleSpecifier: specifier, defaultImport: dep.binding, isTypeOnly: typeOnly });
      }
    }
  }

  private checkCloneable(name: string, call: Node, helper: FunctionDeclaration | undefined, entry: { type: string }): void {
    const node = helper ? helper.getParameter(name) : call.getDescendantsOfKind(SyntaxKind.Identifier).find((i) => i.getText() === name);
    if (!node) return;
    const problem = notCloneable(node.getType(), 0);
    if (problem) {
      throw new MoveToWorkerError(
        `\`${name}\` (${entry.type}) cannot be sent to a worker thread: ${problem}. Pass plain data instead, or use "Convert to async" where offered.`,
      );
    }
  }

  /** Adds `async` to the enclosing function when it has none; returns the edit to make after the call's. */
  private makeAsync(fn: Node): () => void {
    if (!(Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn) || Node.isMethodDeclaration(fn))) {
      throw new MoveToWorkerError(`The call is in a ${fn.getKindName()}, which cannot be async: move it into a method first.`);
    }
    if (fn.isAsync()) return () => undefined;
    if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) {
      throw new MoveToWorkerError(
        `\`${fn.getName() ?? 'this function'}\` is not async: made async, its callers would receive a Promise. Move the call of \`${fn.getName()}\` to a worker thread instead (from the async code that calls it).`,
      );
    }
    return () => {
      fn.setIsAsync(true);
      const returnType = fn.getReturnTypeNode();
      if (returnType && !/^Promise</.test(returnType.getText())) fn.setReturnType(`Promise<${returnType.getText()}>`);
    };
  }

  private pickWorkerFile(base: string, ext: string): { workerPath: string; existingWorker: SourceFile | undefined } {
    for (let i = 1; i < 100; i++) {
      const workerPath = path.join(this.dir, `${base}.worker${i === 1 ? '' : i}${ext}`);
      if (!fs.existsSync(workerPath)) return { workerPath, existingWorker: undefined };
      const text = fs.readFileSync(workerPath, 'utf8');
      // Never overwrite a file; only add tasks to a worker module that loopguard created.
      if (text.startsWith(GENERATED_MARKER)) {
        const existing = this.project.getSourceFile(workerPath) ?? this.project.addSourceFileAtPath(workerPath);
        existing.replaceWithText(text);
        return { workerPath, existingWorker: existing };
      }
    }
    throw new MoveToWorkerError(`Too many worker modules next to ${this.input.filePath}: remove unused ones.`);
  }

  /** The shared pool lives where the package's sources start (the tsconfig's `include` folder holding the file). */
  private poolPath(): string {
    const ext = workerExtension(this.input.filePath).replace(/^\.m/, '.').replace(/^\.c/, '.');
    const tsconfig = ts.findConfigFile(this.dir, (f) => fs.existsSync(f));
    let dir = this.dir;
    if (tsconfig) {
      const root = path.dirname(tsconfig);
      const includes: string[] = readJson(tsconfig)?.include ?? [];
      for (const inc of includes) {
        const folder = path.resolve(root, inc.replace(/\/?\*.*$/, ''));
        if (folder && (this.dir === folder || this.dir.startsWith(folder + path.sep))) {
          dir = folder;
          break;
        }
      }
      for (let d = this.dir; d.startsWith(root); d = path.dirname(d)) {
        const found = ['.ts', '.mts', '.cts', '.js'].map((e) => path.join(d, POOL_BASENAME + e)).find((f) => fs.existsSync(f));
        if (found) return found;
        if (d === root) break;
      }
    }
    return path.join(dir, `${POOL_BASENAME}${this.esm && ext === '.ts' ? '.ts' : ext}`);
  }

  private poolChange(poolPath: string): FileChange | undefined {
    if (fs.existsSync(poolPath)) return undefined;
    const fileToPath = this.esm
      ? `const file = callerFile.startsWith('file:') ? fileURLToPath(callerFile) : callerFile;`
      : `const file = callerFile;`;
    const text = [
      `${GENERATED_MARKER}: the one worker pool of this package. Every task that loopguard moved off the event loop`,
      `// runs here, so that worker threads start once and are shared.`,
      `import * as path from 'node:path';`,
      ...(this.esm ? [`import { fileURLToPath } from 'node:url';`] : []),
      `import { Piscina } from 'piscina';`,
      ``,
      `export const pool = new Piscina();`,
      ``,
      `/** The worker module \`baseName\` next to \`callerFile\`, with the caller's extension: .js once built, .ts under a TypeScript loader. */`,
      `export function workerFile(callerFile: string, baseName: string): string {`,
      `  ${fileToPath}`,
      `  return path.join(path.dirname(file), baseName + path.extname(file));`,
      `}`,
      ``,
    ].join('\n');
    return { filePath: poolPath, kind: 'create', oldText: '', newText: text };
  }

  private checkPiscinaDependency(): void {
    for (let d = this.dir; ; d = path.dirname(d)) {
      const manifest = path.join(d, 'package.json');
      if (fs.existsSync(manifest)) {
        const pkg = readJson(manifest) ?? {};
        if (!pkg.dependencies?.piscina) {
          this.warnings.push(`\`piscina\` is not in the dependencies of ${manifest}: add it (\`npm install piscina\`) so that the worker pool can run.`);
        }
        return;
      }
      if (path.dirname(d) === d) {
        this.warnings.push(`No package.json above ${this.input.filePath}: add \`piscina\` to the project's dependencies so that the worker pool can run.`);
        return;
      }
    }
  }

  private importExtension(): string {
    const relative = this.file.getImportDeclarations().map((d) => d.getModuleSpecifierValue()).filter((s) => s.startsWith('.'));
    if (relative.some((s) => /\.[cm]?js$/.test(s))) return '.js';
    if (relative.length > 0) return '';
    return this.esm ? '.js' : '';
  }
}

function isFunctionLike(node: Node): boolean {
  return (
    Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node) || Node.isArrowFunction(node) || Node.isMethodDeclaration(node) ||
    Node.isConstructorDeclaration(node) || Node.isGetAccessorDeclaration(node) || Node.isSetAccessorDeclaration(node)
  );
}

function functionName(fn: Node): string {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) return fn.getName() ?? 'task';
  const parent = fn.getParent();
  if (parent && Node.isVariableDeclaration(parent)) return parent.getName();
  if (parent && Node.isPropertyAssignment(parent)) return parent.getName();
  return 'task';
}

function calleeName(call: CallExpression | NewExpression): string {
  const expr = call.getExpression();
  if (Node.isPropertyAccessExpression(expr)) return expr.getName();
  if (Node.isIdentifier(expr)) return expr.getText();
  return 'call';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function uniqueName(worker: SourceFile, wanted: string): string {
  const clean = wanted.replace(/[^\w$]/g, '') || 'task';
  let name = clean;
  for (let i = 2; hasTopLevelName(worker, name); i++) name = `${clean}${i}`;
  return name;
}

function hasTopLevelName(file: SourceFile, name: string): boolean {
  return file.getStatements().some((s) => declaredName(s) === name || (Node.isImportDeclaration(s) && s.getText().includes(name)));
}

function declaredName(statement: Node): string | undefined {
  if (Node.isVariableStatement(statement)) return statement.getDeclarations()[0]?.getName();
  if (Node.isFunctionDeclaration(statement) || Node.isClassDeclaration(statement) || Node.isInterfaceDeclaration(statement) || Node.isTypeAliasDeclaration(statement) || Node.isEnumDeclaration(statement)) {
    return statement.getName();
  }
  return undefined;
}

function topLevelStatement(decl: Node): Node | undefined {
  let node: Node | undefined = decl;
  while (node && node.getParent() && !Node.isSourceFile(node.getParent())) {
    if (isFunctionLike(node) && node !== decl) return undefined;
    if (Node.isBlock(node) || Node.isParameterDeclaration(node)) return undefined;
    node = node.getParent();
  }
  return node && Node.isSourceFile(node.getParent()) ? node : undefined;
}

function isPropertyName(id: Identifier): boolean {
  const parent = id.getParent();
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return true;
  if (Node.isPropertyAssignment(parent) && parent.getNameNode() === id) return true;
  if (Node.isPropertySignature(parent) || Node.isMethodSignature(parent)) return parent.getNameNode() === id;
  if (Node.isQualifiedName(parent) && parent.getRight() === id) return true;
  return false;
}

function isStateful(statement: Node): boolean {
  return statement.getDescendantsOfKind(SyntaxKind.NewExpression).length > 0 || statement.getDescendantsOfKind(SyntaxKind.CallExpression).length > 0;
}

/** One blank line after the imports and between declarations, as a person would write the module. */
function tidy(text: string): string {
  return text.replace(/^((?:import .*\n)+)(?!\n)/m, '$1\n').replace(/\n{3,}/g, '\n\n');
}

function stripExport(text: string): string {
  return text.replace(/^export\s+(default\s+)?/, '');
}

function firstLine(node: Node): string {
  const text = node.getText().split('\n')[0] ?? '';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function lastImportIndex(file: SourceFile): number {
  const statements = file.getStatements();
  let index = 0;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (s && (Node.isImportDeclaration(s) || Node.isImportEqualsDeclaration(s))) index = i + 1;
  }
  return index;
}

function addNamedImport(file: SourceFile, specifier: string, names: readonly string[], typeOnly: boolean, firstAs?: string): void {
  const existing = file.getImportDeclaration((d) => d.getModuleSpecifierValue() === specifier && d.isTypeOnly() === typeOnly && !d.getNamespaceImport());
  const elements = names.map((n, i) => (i === 0 && firstAs ? firstAs : n));
  if (existing) {
    const have = new Set(existing.getNamedImports().map((n) => n.getAliasNode()?.getText() ?? n.getName()));
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (name && !have.has(name)) existing.addNamedImport(elements[i] ?? name);
    }
    return;
  }
  file.insertImportDeclaration(lastImportIndex(file), { moduleSpecifier: specifier, namedImports: elements, isTypeOnly: typeOnly });
}

function relativeSpecifier(fromDir: string, target: string, ext: string): string {
  let rel = path.relative(fromDir, target).split(path.sep).join('/').replace(/\.([cm]?)tsx?$/, '');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const targetExt = path.extname(target);
  const runtimeExt = ext === '' ? '' : targetExt === '.mts' ? '.mjs' : targetExt === '.cts' ? '.cjs' : '.js';
  return rel + runtimeExt;
}

function workerExtension(filePath: string): string {
  const ext = path.extname(filePath);
  return ext === '.tsx' ? '.ts' : ext === '.jsx' ? '.js' : ext;
}

function isEsm(filePath: string, project: Project): boolean {
  const ext = path.extname(filePath);
  if (ext === '.mts' || ext === '.mjs') return true;
  if (ext === '.cts' || ext === '.cjs') return false;
  const options = project.getCompilerOptions();
  const module = options.module;
  if (module === ts.ModuleKind.CommonJS || module === undefined) return false;
  if (module === ts.ModuleKind.Node16 || module === ts.ModuleKind.NodeNext || module === ts.ModuleKind.Node18 || module === ts.ModuleKind.Node20) {
    for (let d = path.dirname(filePath); ; d = path.dirname(d)) {
      const manifest = path.join(d, 'package.json');
      if (fs.existsSync(manifest)) return readJson(manifest)?.type === 'module';
      if (path.dirname(d) === d) return false;
    }
  }
  return true;
}

function readJson(file: string): any {
  try {
    // tsconfig files may have comments and trailing commas.
    return ts.parseConfigFileTextToJson(file, fs.readFileSync(file, 'utf8')).config;
  } catch {
    return undefined;
  }
}

function declaredTypeText(id: Identifier): string {
  const parent = id.getParent();
  const symbol = Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : id.getSymbol();
  const decl = symbol?.getDeclarations()[0];
  if (decl && (Node.isParameterDeclaration(decl) || Node.isVariableDeclaration(decl))) {
    const typeNode = decl.getTypeNode();
    if (typeNode) return typeNode.getText();
  }
  return typeText(id.getType(), id);
}

function typeText(type: Type, at: Node): string {
  return type.getText(at, ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope | ts.TypeFormatFlags.NoTruncation);
}

function isBuffer(type: Type): boolean {
  const name = type.getSymbol()?.getName();
  return name === 'Buffer' || /^Buffer(<.*>)?$/.test(type.getText());
}

/** Why a value of this type would not survive the structured clone into a worker, or undefined. */
function notCloneable(type: Type, depth: number): string | undefined {
  if (depth > 4) return undefined;
  if (type.isAny() || type.isUnknown()) return undefined;
  const flags = type.getFlags();
  if (flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.EnumLike)) {
    return undefined;
  }
  if (type.isUnion() || type.isIntersection()) {
    const parts = type.isUnion() ? type.getUnionTypes() : (type as Type).getIntersectionTypes();
    for (const part of parts) {
      const problem = notCloneable(part, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (type.getCallSignatures().length > 0) return 'it is a function';
  if (type.isArray() || type.isTuple()) {
    const elements = type.isArray() ? [type.getArrayElementTypeOrThrow()] : type.getTupleElements();
    for (const element of elements) {
      const problem = notCloneable(element, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const symbol = type.getSymbol() ?? type.getAliasSymbol();
  const name = symbol?.getName();
  if (name && CLONEABLE_CLASSES.has(name)) return undefined;
  const decl = symbol?.getDeclarations()[0];
  if (decl && Node.isClassDeclaration(decl)) return `it is an instance of the class \`${name}\`, which loses its methods`;
  if (decl && (decl.getSourceFile().isInNodeModules() || decl.getSourceFile().isDeclarationFile()) && name !== '__type' && name !== '__object') {
    return `it is a \`${name}\` object (a handle of a library, not plain data)`;
  }
  for (const property of type.getProperties()) {
    const propDecl = property.getDeclarations()[0];
    if (!propDecl) continue;
    if (Node.isMethodSignature(propDecl) || Node.isMethodDeclaration(propDecl)) return `its property \`${property.getName()}\` is a method`;
    const problem = notCloneable(property.getTypeAtLocation(propDecl), depth + 1);
    if (problem) return `its property \`${property.getName()}\`: ${problem}`;
  }
  return undefined;
}
