import { catalogModules, displayName, entries, getEntry, normalizeModule, type CatalogEntry } from '@loopguard/catalog';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { AdditionalApi } from '../analysis/bindings';
import { DEFAULT_CLI_GLOBS, isCliFile } from '../analysis/cli-files';
import { CONTEXT_KINDS, findContext, type ContextKind, type ExecContext } from '../analysis/context';
import { analysisFor, calleeText } from '../analysis/shared';
import { entryData, messageData, recordFinding, startFile, type FindingData } from '../findings';
import { isWorkerThreadModule, workerEntries } from '../analysis/worker-files';
import { buildSuggestions, SUGGESTION_MESSAGES, type SuggestionMessageId } from '../suggestions/builder';
import { twinSuggestion } from '../suggestions/twin';
import { createRule } from '../util/create-rule';
import { findOptionError, type OptionSchema } from '../util/validate-options';
import { loadTypeScript, typedServices } from '../util/services';

export type Options = [
  {
    contexts?: ContextKind[];
    ignore?: string[];
    additionalApis?: AdditionalApi[];
    followHelpers?: boolean;
    startup?: string[];
    cliFiles?: string[];
    reportCliFiles?: boolean;
  },
];

export type MessageIds = 'blocking' | 'blockingVia' | SuggestionMessageId | 'suggestAsyncTwin';

const KNOWN_MODULES = new Set(catalogModules());

/** The options' JSON schema: validated in `create()` and rendered into the rule's docs. */
export const optionsSchema: OptionSchema = {
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
      followHelpers: {
        type: 'boolean',
        description: "Report calls to the project's own functions that block (through any depth of calls; across files with type information). Default: true.",
      },
      startup: {
        type: 'array',
        description: 'Functions that only run at start-up, by name or glob (`init*`, `Server.start`): their blocking calls are not reported.',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
      },
      cliFiles: {
        type: 'array',
        description: "Globs, relative to the file's package folder, of command-line code. Files with a shebang and the package's `bin` files are always CLI code. A glob matches at any depth (`cli/**` matches `src/cli/x.js`). Default: [\"bin/**\", \"scripts/**\", \"cli/**\", \"cli.*\"].",
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
      },
      reportCliFiles: {
        type: 'boolean',
        description: 'Report blocking calls in command-line code too. Default: false.',
      },
    },
  };

const validated = new WeakSet<object>();

/** Throws an error that names the option at fault (and the rule) for any invalid option. */
function assertValidOptions(raw: unknown): void {
  if (raw !== null && typeof raw === 'object' && validated.has(raw)) return;
  const error = raw === undefined ? undefined : findOptionError(raw, optionsSchema, '');
  if (error) throw new Error(`loopguard/no-blocking-io: ${error.replace('option ""', 'the options')}`);
  if (raw !== null && typeof raw === 'object') validated.add(raw);
}


const rule = createRule<Options, MessageIds>({
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
      blockingVia: '`{{callee}}` blocks the event loop in {{context}}: it calls `{{api}}` ({{location}}){{via}}. {{advice}}',
      ...SUGGESTION_MESSAGES,
      suggestAsyncTwin: 'Replace with `await {{replacement}}(...)`, the async twin of `{{callee}}`.',
    },
    // Validated in create() by the same schema, so that every error names the option at fault;
    // ESLint's own schema messages name only the value ("Value "x" should be array").
    // typescript-eslint's types predate ESLint's `schema: false` (no validation by ESLint).
    schema: false as unknown as [],
  },
  defaultOptions: [
    {
      contexts: [...CONTEXT_KINDS],
      ignore: [],
      additionalApis: [],
      followHelpers: true,
      startup: [],
      cliFiles: [...DEFAULT_CLI_GLOBS],
      reportCliFiles: false,
    },
  ],
  create(context, [options]) {
    if (context.options.length > 1) {
      throw new Error(`loopguard/no-blocking-io: takes one options object; it was given ${context.options.length}. Merge them into the first.`);
    }
    assertValidOptions(context.options[0]);
    startFile(context.filename);
    const contexts = new Set(options.contexts ?? CONTEXT_KINDS);
    const ignore = validateIgnore(options.ignore ?? []);
    const sourceCode = context.sourceCode;
    const services = typedServices(context);
    const tsApi = services ? loadTypeScript() : undefined;
    // One lookup of the program's analysis a file, for the CLI check here and the findings at Program:exit.
    let programAnalysis: ReturnType<typeof analysisFor> | undefined;
    const analysisOfFile = (): ReturnType<typeof analysisFor> =>
      (programAnalysis ??= analysisFor({ ...options, cwd: context.cwd }, services && tsApi ? services.program : undefined, tsApi));
    if (!(options.reportCliFiles ?? false)) {
      const fileName = context.physicalFilename ?? context.filename;
      const globs = options.cliFiles ?? DEFAULT_CLI_GLOBS;
      // With a program, a shebang file that another file loads is library code (see isCliCode).
      const cli =
        services && tsApi
          ? analysisOfFile().isCliCode(fileName, sourceCode.text, globs)
          : isCliFile(fileName, sourceCode.text, globs, context.cwd);
      if (cli) return {};
    }
    // A worker thread's own event loop serves nobody else: blocking there is the point of the worker.
    if (isWorkerThreadModule(sourceCode.text)) return {};
    if (services && workerEntries(services.program).has(context.physicalFilename ?? context.filename)) return {};

    // An ignored module silences the calls bound to it, not every module sharing the entry: fs, graceful-fs and
    // fs-extra share `fs.readFileSync`, and ignoring graceful-fs must not silence Node's own fs.
    const isIgnored = (entry: CatalogEntry, specifier?: string): boolean =>
      ignore.has(entry.id) ||
      (specifier !== undefined ? ignore.has(normalizeModule(specifier)) : entry.modules.some((m) => ignore.has(m))) ||
      (entry.global !== undefined && ignore.has(entry.global));

    // The message is rendered from the finding's data; the data itself reaches front ends through the
    // plugin's `findings` processor (see ../findings.ts).
    const report = (
      node: TSESTree.Node,
      messageId: 'blocking' | 'blockingVia',
      data: FindingData,
      suggest: TSESLint.ReportSuggestionArray<MessageIds>,
    ): void => {
      recordFinding(context.filename, node.loc.start.line, node.loc.start.column + 1, messageId, data);
      context.report({ node, messageId, data: messageData(data, context.physicalFilename ?? context.filename), suggest });
    };

    return {
      'Program:exit'() {
        const analysis = analysisOfFile();
        const unit = analysis.addUnit({
          fileName: context.physicalFilename ?? context.filename,
          sourceCode,
          ...(services && tsApi ? { esToTs: services.esTreeNodeToTSNodeMap, tsToEs: services.tsNodeToESTreeNodeMap } : {}),
        });
        // Start-up code (async `start()` called at module level, `main()`, ...) may block: nothing else runs yet.
        const onLoop = (node: TSESTree.Node): ExecContext | undefined => {
          const exec = findContext(node, sourceCode);
          if (!exec || !contexts.has(exec.kind)) return undefined;
          // A listener that settles a promise start-up code awaits runs while start-up waits for it (a request handler
          // serves requests, whatever it settles).
          const startupKind =
            exec.kind === 'async-function' || exec.kind === 'promise-callback' || ((exec.kind === 'event-listener' || exec.kind === 'timer') && analysis.settlesAwaitedPromise(exec.fn));
          if (startupKind && analysis.isStartupPosition(node, unit)) return undefined;
          return exec;
        };

        for (const finding of analysis.catalogCalls(unit)) {
          if (isIgnored(finding.entry, finding.specifier)) continue;
          const exec = onLoop(finding.node);
          if (!exec) continue;
          const suggestions = buildSuggestions({
            sourceCode,
            call: finding.node,
            entry: finding.entry,
            specifier: finding.specifier,
            callee: finding.callee,
            context: exec,
          });
          const data: FindingData = {
            ...entryData(finding.entry),
            contextKind: exec.kind,
            contextDescription: exec.description,
            chain: [],
            rewrite: suggestions.length > 0,
          };
          report(finding.node, 'blocking', data, suggestions.map((s) => ({ messageId: s.messageId, data: s.data, fix: s.fix })));
        }

        if (options.followHelpers === false) return;
        for (const call of analysis.otherCalls(unit)) {
          // The start-up check comes last: it looks for every caller of the enclosing function in the program
          // (through the type checker, converting the callers' files), and most calls reach no blocking helper.
          const inContext = findContext(call, sourceCode);
          if (!inContext || !contexts.has(inContext.kind)) continue;
          const target = analysis.resolveCallee(call, unit);
          if (!target) continue;
          const summary = analysis.summarize(target.fn, target.unit);
          if (!summary || isIgnored(summary.entry)) continue;
          const exec = onLoop(call);
          if (!exec) continue;
          const twin = twinSuggestion(context, call, exec, analysis, services, tsApi);
          const data: FindingData = {
            ...entryData(summary.entry),
            contextKind: exec.kind,
            contextDescription: exec.description,
            chain: summary.steps,
            callee: calleeText(call, sourceCode),
            innermost: summary.innermost,
            ...(twin ? { asyncTwin: twin.data.replacement } : {}),
            rewrite: twin !== undefined,
          };
          report(call, 'blockingVia', data, twin ? [twin] : []);
        }
      },
    };
  },
});

/** The rule, carrying its options schema for the docs generator (ESLint does not validate it: see `schema`). */
export default Object.assign(rule, { optionsSchema });

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

export { KNOWN_MODULES };
export type RuleContext = TSESLint.RuleContext<MessageIds, Options>;
