import { isCoreModule, normalizeModule } from '@loopguard/catalog';
import { ASTUtils, type TSESLint, type TSESTree, AST_NODE_TYPES } from '@typescript-eslint/utils';

// One read of the re-exported enum: each `AST_NODE_TYPES.X` through the package's getter costs a call on a hot path.
const T = AST_NODE_TYPES;

/** A pending insertion of import text; several can share one position and are merged. */
export interface Insertion {
  readonly at: number;
  readonly text: string;
  /** Insert before the statement at `at` (true) or after the statement ending at `at` (false). */
  readonly before: boolean;
}

export type ModuleStyle = 'esm' | 'cjs';

export function moduleStyle(sourceCode: Readonly<TSESLint.SourceCode>): ModuleStyle {
  const body = sourceCode.ast.body;
  if (body.some((s) => s.type === T.ImportDeclaration || s.type === T.ExportNamedDeclaration || s.type === T.ExportDefaultDeclaration || s.type === T.ExportAllDeclaration)) {
    return 'esm';
  }
  // With `sourceType: 'commonjs'` ESLint declares `require` as a global, so its references are not in `through`.
  const globalScope = sourceCode.scopeManager?.globalScope;
  const usesRequire =
    (globalScope?.through.some((r) => r.identifier.name === 'require') ?? false) ||
    (globalScope?.set.get('require')?.references.length ?? 0) > 0;
  if (usesRequire) return 'cjs';
  return sourceCode.ast.sourceType === 'module' ? 'esm' : 'cjs';
}

/**
 * Modules whose default import is the module object itself, so `x.name` reaches a named export: Node's core
 * modules and CommonJS packages that attach every function to `module.exports`. An ESM package's default export
 * is one function (execa 5's `execa`, globby 11's `globby`): `execa.execa` does not exist.
 */
const DEFAULT_IS_NAMESPACE = new Set(['fs-extra', 'graceful-fs', 'bcrypt', 'bcryptjs', 'glob', 'fast-glob']);

function defaultIsNamespace(specifier: string): boolean {
  const module = normalizeModule(specifier);
  // `fs/promises` is a core module too.
  return isCoreModule(module.split('/')[0] ?? module) || DEFAULT_IS_NAMESPACE.has(module);
}

function requireSpecifier(init: TSESTree.Node | null | undefined): string | undefined {
  if (init?.type !== T.CallExpression || init.callee.type !== T.Identifier || init.callee.name !== 'require') return undefined;
  return ASTUtils.getStringIfConstant(init.arguments[0] as TSESTree.Node) ?? undefined;
}

/**
 * Plans the imports a suggestion needs. Reuses a binding the file already has, extends an existing import
 * from the same module, or adds a new one after the last import; picks a free local name on a clash.
 */
export class ImportPlanner {
  private readonly insertions: Insertion[] = [];
  private readonly edits: TSESLint.RuleFix[] = [];
  private readonly taken = new Set<string>();
  private readonly style: ModuleStyle;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly fixer: TSESLint.RuleFixer,
    private readonly at: TSESTree.Node,
  ) {
    this.style = moduleStyle(sourceCode);
  }

  /** Returns an expression that refers to `name` exported by one of `specifiers` (the first is preferred). */
  named(specifiers: readonly string[], name: string): string {
    const body = this.sourceCode.ast.body;
    // Reuse an existing ESM import.
    for (const statement of body) {
      if (statement.type !== T.ImportDeclaration || !specifiers.includes(String(statement.source.value))) continue;
      if (statement.importKind === 'type') continue;
      for (const spec of statement.specifiers) {
        if (spec.type === T.ImportSpecifier && spec.importKind !== 'type') {
          const imported = spec.imported.type === T.Identifier ? spec.imported.name : spec.imported.value;
          if (imported === name && this.resolvesHere(spec.local.name, spec.local)) return spec.local.name;
        }
        const namespaceLike =
          spec.type === T.ImportNamespaceSpecifier || (spec.type === T.ImportDefaultSpecifier && defaultIsNamespace(String(statement.source.value)));
        if (namespaceLike && this.resolvesHere(spec.local.name, spec.local)) return `${spec.local.name}.${name}`;
      }
    }
    const viaPromises = this.promisesBinding(specifiers);
    if (viaPromises) return `${viaPromises}.${name}`;
    // Reuse an existing CommonJS require.
    for (const statement of body) {
      if (statement.type !== T.VariableDeclaration) continue;
      for (const d of statement.declarations) {
        const spec = requireSpecifier(d.init);
        if (!spec || !specifiers.includes(spec)) continue;
        if (d.id.type === T.Identifier && defaultIsNamespace(spec) && this.resolvesHere(d.id.name, d.id)) return `${d.id.name}.${name}`;
        if (d.id.type === T.ObjectPattern) {
          for (const p of d.id.properties) {
            if (p.type === T.Property && ASTUtils.getPropertyName(p) === name && p.value.type === T.Identifier && this.resolvesHere(p.value.name, p.value)) {
              return p.value.name;
            }
          }
        }
      }
    }
    const local = this.freeName(name);
    const specifier = specifiers[0] as string;
    const binding = local === name ? name : this.style === 'esm' ? `${name} as ${local}` : `${name}: ${local}`;
    // Extend an existing `import { a } from 'x'`.
    if (this.style === 'esm') {
      for (const statement of body) {
        if (statement.type !== T.ImportDeclaration || statement.importKind === 'type' || !specifiers.includes(String(statement.source.value))) continue;
        const named = statement.specifiers.filter((s): s is TSESTree.ImportSpecifier => s.type === T.ImportSpecifier);
        const last = named[named.length - 1];
        if (last && !statement.specifiers.some((s) => s.type === T.ImportNamespaceSpecifier)) {
          this.edits.push(this.fixer.insertTextAfter(last, `, ${binding}`));
          return local;
        }
      }
    } else {
      // Extend an existing `const { a } = require('x')`.
      for (const statement of body) {
        if (statement.type !== T.VariableDeclaration) continue;
        for (const d of statement.declarations) {
          const spec = requireSpecifier(d.init);
          if (!spec || !specifiers.includes(spec) || d.id.type !== T.ObjectPattern) continue;
          const last = d.id.properties[d.id.properties.length - 1];
          if (last && last.type === T.Property) {
            this.edits.push(this.fixer.insertTextAfter(last, `, ${binding}`));
            return local;
          }
        }
      }
    }
    const quote = this.quote();
    const text =
      this.style === 'esm'
        ? `import { ${binding} } from ${quote}${specifier}${quote};`
        : `const { ${binding} } = require(${quote}${specifier}${quote});`;
    this.insertStatement(text);
    return local;
  }

  /**
   * For `fs/promises`: a binding of the `promises` export of `fs` that the file already has
   * (`import { promises as fsp } from 'fs'`, `const { promises } = require('node:fs')`).
   */
  private promisesBinding(specifiers: readonly string[]): string | undefined {
    const parents = specifiers.filter((s) => /^(node:)?fs\/promises$/.test(s)).map((s) => s.slice(0, -'/promises'.length));
    if (parents.length === 0) return undefined;
    for (const statement of this.sourceCode.ast.body) {
      if (statement.type === T.ImportDeclaration && statement.importKind !== 'type' && parents.includes(String(statement.source.value))) {
        for (const spec of statement.specifiers) {
          if (spec.type !== T.ImportSpecifier || spec.importKind === 'type') continue;
          const imported = spec.imported.type === T.Identifier ? spec.imported.name : spec.imported.value;
          if (imported === 'promises' && this.resolvesHere(spec.local.name, spec.local)) return spec.local.name;
        }
      }
      if (statement.type !== T.VariableDeclaration) continue;
      for (const d of statement.declarations) {
        const spec = requireSpecifier(d.init);
        if (!spec || !parents.includes(spec) || d.id.type !== T.ObjectPattern) continue;
        for (const p of d.id.properties) {
          if (p.type === T.Property && ASTUtils.getPropertyName(p) === 'promises' && p.value.type === T.Identifier && this.resolvesHere(p.value.name, p.value)) {
            return p.value.name;
          }
        }
      }
    }
    return undefined;
  }

  /** Fixes for the planned imports, merged per position. */
  fixes(): TSESLint.RuleFix[] {
    const after = new Map<number, string[]>();
    const before = new Map<number, string[]>();
    for (const i of this.insertions) {
      const map = i.before ? before : after;
      map.set(i.at, [...(map.get(i.at) ?? []), i.text]);
    }
    const merged: TSESLint.RuleFix[] = [];
    for (const [at, texts] of after) merged.push(this.fixer.insertTextAfterRange([at, at], `\n${texts.join('\n')}`));
    for (const [at, texts] of before) merged.push(this.fixer.insertTextBeforeRange([at, at], `${texts.join('\n')}\n`));
    return [...this.edits, ...merged];
  }

  private insertStatement(text: string): void {
    const body = this.sourceCode.ast.body;
    let anchor: TSESTree.Node | undefined;
    if (this.style === 'esm') {
      for (const s of body) if (s.type === T.ImportDeclaration) anchor = s;
    } else {
      for (const s of body) {
        if (s.type === T.VariableDeclaration && s.declarations.every((d) => requireSpecifier(d.init))) anchor = s;
        else if (anchor) break;
      }
    }
    if (!anchor) {
      // After directives ('use strict').
      for (const s of body) {
        if (s.type === T.ExpressionStatement && s.directive) anchor = s;
        else break;
      }
    }
    if (anchor) this.insertions.push({ at: anchor.range[1], text, before: false });
    else this.insertions.push({ at: body[0]?.range[0] ?? 0, text, before: true });
  }

  private quote(): string {
    for (const s of this.sourceCode.ast.body) {
      if (s.type === T.ImportDeclaration) return s.source.raw.startsWith('"') ? '"' : "'";
    }
    const raw = this.sourceCode.text.match(/require\((['"])/);
    return raw?.[1] ?? "'";
  }

  /** True when `name` at the suggestion's position refers to the binding declared at `declared`. */
  private resolvesHere(name: string, declared: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(this.at) as never, name);
    return Boolean(variable?.identifiers.includes(declared));
  }

  /** `name`, or `nameAsync`, `nameAsync2`, ... when `name` is bound or used anywhere in the file. */
  freeName(name: string): string {
    const used = (candidate: string): boolean => {
      if (this.taken.has(candidate)) return true;
      const scope = this.sourceCode.getScope(this.at);
      if (ASTUtils.findVariable(scope as never, candidate)) return true;
      const globalScope = this.sourceCode.scopeManager?.globalScope;
      if (globalScope?.through.some((r) => r.identifier.name === candidate)) return true;
      // A binding in any nested scope would be shadowed by or shadow the new import.
      return this.sourceCode.scopeManager?.scopes.some((s) => s.set.has(candidate)) ?? false;
    };
    let candidate = name;
    let n = 1;
    while (used(candidate)) {
      candidate = n === 1 ? `${name}Async` : `${name}Async${n}`;
      n += 1;
    }
    this.taken.add(candidate);
    return candidate;
  }
}
