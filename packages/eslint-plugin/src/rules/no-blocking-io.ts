import { catalogModules, displayName, entries, getEntry, normalizeModule, type CatalogEntry } from '@loopguard/catalog';
import { type TSESLint, type TSESTree, AST_NODE_TYPES as T } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { dropChainedPrepares, findBindingCalls, type AdditionalApi, type BindingFinding } from '../analysis/bindings';
import { CONTEXT_KINDS, findContext, type ContextKind } from '../analysis/context';
import { matchByDeclaration } from '../analysis/declarations';
import { buildSuggestions, SUGGESTION_MESSAGES, type SuggestionMessageId } from '../suggestions/builder';
import { createRule } from '../util/create-rule';
import { loadTypeScript, typedServices } from '../util/services';

export type Options = [
  {
    contexts?: ContextKind[];
    ignore?: string[];
    additionalApis?: AdditionalApi[];
  },
];

export type MessageIds = 'blocking' | SuggestionMessageId;

const KNOWN_MODULES = new Set(catalogModules());

export default createRule<Options, MessageIds>({
  name: 'no-blocking-io',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow blocking (synchronous) I/O and CPU-heavy calls in code that runs on the event loop after start-up',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      blocking: '`{{api}}` blocks the event loop in {{context}}: it {{why}}. Instead: {{instead}}.',
      ...SUGGESTION_MESSAGES,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          contexts: {
            type: 'array',
            description: 'Which kinds of code count as running on the event loop. Default: all of them.',
            items: { type: 'string', enum: [...CONTEXT_KINDS] },
            uniqueItems: true,
          },
          ignore: {
            type: 'array',
            description: 'Catalog ids (`fs.existsSync`) or module names (`better-sqlite3`) that are never reported.',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
          },
          additionalApis: {
            type: 'array',
            description: 'Blocking functions the catalog does not know, by module and export name (`default` for the module itself).',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['module', 'name'],
              properties: {
                module: { type: 'string', minLength: 1, description: 'Module specifier, for example `my-db` or `./lib/sync-io`.' },
                name: { type: 'string', minLength: 1, description: 'Export path: `readConfigSync`, `default`, or `client.querySync`.' },
              },
            },
          },
        },
      },
    ],
  },
  defaultOptions: [{ contexts: [...CONTEXT_KINDS], ignore: [], additionalApis: [] }],
  create(context, [options]) {
    const contexts = new Set(options.contexts ?? CONTEXT_KINDS);
    const ignore = validateIgnore(options.ignore ?? []);
    const additional = options.additionalApis ?? [];
    const sourceCode = context.sourceCode;
    const services = typedServices(context);
    const tsApi = services ? loadTypeScript() : undefined;

    // Calls that only type information can resolve: look-alike names, and callees bound by import.
    const typedCandidates: Array<TSESTree.CallExpression | TSESTree.NewExpression> = [];
    const collect = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      if (services && tsApi && isTypedCandidate(node, sourceCode)) typedCandidates.push(node);
    };

    const isIgnored = (entry: CatalogEntry): boolean =>
      ignore.has(entry.id) || entry.modules.some((m) => ignore.has(m)) || (entry.global !== undefined && ignore.has(entry.global));

    return {
      CallExpression: collect,
      NewExpression: collect,
      'Program:exit'() {
        const findings: BindingFinding[] = findBindingCalls(sourceCode, additional);
        if (services && tsApi) {
          const known = new Set<TSESTree.Node>(findings.map((f) => f.node));
          for (const node of typedCandidates) {
            if (known.has(node)) continue;
            const match = matchByDeclaration(tsApi as typeof ts, services, node);
            if (match) findings.push({ node, entry: match.entry, specifier: match.origin.module, callee: typedCallee(node) });
          }
        }
        for (const finding of dropChainedPrepares(findings)) {
          if (isIgnored(finding.entry)) continue;
          const exec = findContext(finding.node, sourceCode);
          if (!exec || !contexts.has(exec.kind)) continue;
          const suggestions = buildSuggestions({
            sourceCode,
            call: finding.node,
            entry: finding.entry,
            specifier: finding.specifier,
            callee: finding.callee,
            context: exec,
          });
          context.report({
            node: finding.node,
            messageId: 'blocking',
            data: {
              api: displayName(finding.entry),
              context: exec.description,
              why: finding.entry.why,
              instead: finding.entry.instead,
            },
            suggest: suggestions.map((s) => ({ messageId: s.messageId, data: s.data, fix: s.fix })),
          });
        }
      },
    };
  },
});

/** Checks `ignore` beyond its JSON shape: every value must name a catalog id, a module or a global. */
function validateIgnore(values: readonly string[]): Set<string> {
  const globals = new Set(entries.map((e) => e.global).filter((g): g is string => Boolean(g)));
  const normalized = new Set<string>();
  for (const value of values) {
    const module = normalizeModule(value);
    if (getEntry(value)) normalized.add(value);
    else if (KNOWN_MODULES.has(module)) normalized.add(module);
    else if (globals.has(value)) normalized.add(value);
    else {
      throw new Error(
        `loopguard/no-blocking-io: option "ignore" has "${value}", which is neither a catalog id (such as "fs.existsSync") ` +
          `nor a module of the catalog (such as "better-sqlite3"). Run \`loopguard --explain\` for the list, or remove it.`,
      );
    }
  }
  return normalized;
}

const CANDIDATE_NAMES = new Set(
  entries.map((e) => {
    const last = e.path.split(/[.#]/).pop() ?? e.path;
    return last === 'new' ? (e.path.split('#')[0] ?? '') : last;
  }),
);

/**
 * Worth asking the type checker about: member calls whose name the catalog knows (`this.db.prepare`),
 * and direct calls of imported bindings (a re-export of `fs.readFileSync` under another name).
 */
function isTypedCandidate(node: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let callee: TSESTree.Node = node.callee;
  while (callee.type === T.TSNonNullExpression || callee.type === T.TSAsExpression) callee = callee.expression;
  if (callee.type === T.MemberExpression) {
    if (callee.computed && callee.property.type !== T.Literal) return false;
    const name = callee.property.type === T.Identifier ? callee.property.name : callee.property.type === T.Literal ? String(callee.property.value) : undefined;
    return name !== undefined && CANDIDATE_NAMES.has(name);
  }
  if (callee.type === T.Identifier) {
    if (CANDIDATE_NAMES.has(callee.name)) return true;
    const scope = sourceCode.getScope(callee);
    let s: TSESLint.Scope.Scope | null = scope;
    while (s) {
      const variable = s.set.get(callee.name);
      if (variable) return variable.defs.some((d) => d.type === 'ImportBinding' || (d.type === 'Variable' && d.node.init?.type === T.CallExpression));
      s = s.upper;
    }
  }
  return false;
}

function typedCallee(node: TSESTree.CallExpression | TSESTree.NewExpression): BindingFinding['callee'] {
  let callee: TSESTree.Node = node.callee;
  while (callee.type === T.TSNonNullExpression || callee.type === T.TSAsExpression) callee = callee.expression;
  // Through types we know what the callee is but not that its object is the module itself:
  // only instance-style rewrites are safe.
  return callee.type === T.MemberExpression ? { type: 'instance' } : { type: 'direct' };
}

export { KNOWN_MODULES };
export type RuleContext = TSESLint.RuleContext<MessageIds, Options>;
