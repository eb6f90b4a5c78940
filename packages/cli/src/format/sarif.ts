import { getEntry, PROJECT_REPOSITORY } from '@loopguard/catalog';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_ID } from '../eslint-options';
import type { Finding } from '../findings';
import { ruleMeta } from '../plugin';
import type { Formatter } from './types';

const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, one rule, paths relative to `%SRCROOT%` (the folder
 * loopguard ran in, which in CI is the repository root), call chains as code flows, and fingerprints that
 * survive code moving up or down the file. Files that could not be parsed are tool notifications, not results.
 */
export const sarif: Formatter = (outcome, context) => {
  const meta = ruleMeta();
  const helpUri = meta.docs?.url;
  const location = (file: string, line?: number, column?: number, endLine?: number, endColumn?: number): Record<string, unknown> => {
    const rel = path.relative(context.cwd, file);
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    const artifactLocation = inside ? { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT } : { uri: pathToFileURL(file).href };
    const region: Record<string, number> = {};
    if (line) region.startLine = line;
    if (line && column) region.startColumn = column;
    if (endLine) region.endLine = endLine;
    if (endLine && endColumn) region.endColumn = endColumn;
    return { physicalLocation: { artifactLocation, ...(line ? { region } : {}) } };
  };

  const results: unknown[] = [];
  const notifications: unknown[] = [];
  for (const file of outcome.results) {
    const seen = new Map<string, number>();
    for (const finding of file.findings) {
      if (finding.fatal || !finding.ruleId) {
        notifications.push({
          level: 'error',
          message: { text: `${path.relative(context.cwd, finding.filePath) || finding.filePath}: ${finding.message}` },
          locations: [location(finding.filePath, finding.line, finding.column)],
          descriptor: { id: 'loopguard/parse-error' },
        });
        continue;
      }
      const entry = finding.catalogId ? getEntry(finding.catalogId) : undefined;
      const result: Record<string, unknown> = {
        ruleId: finding.ruleId,
        ruleIndex: 0,
        level: finding.severity === 'error' ? 'error' : 'warning',
        message: { text: finding.message },
        locations: [location(finding.filePath, finding.line, finding.column, finding.endLine, finding.endColumn)],
        partialFingerprints: { 'loopguardFinding/v1': fingerprint(finding, context.cwd, seen) },
        properties: {
          ...(entry ? { catalogId: entry.id, kind: entry.kind, instead: entry.instead, apiDocs: entry.docs } : {}),
        },
      };
      if (finding.chain && finding.chain.length > 0) {
        result.relatedLocations = finding.chain
          .filter((s) => s.file)
          .map((s, i) => ({ id: i + 1, ...location(s.file as string, s.line, s.column), message: { text: s.name ?? 'call' } }));
        result.codeFlows = [
          {
            message: { text: 'How the blocking call is reached' },
            threadFlows: [
              {
                locations: [
                  { location: { ...location(finding.filePath, finding.line, finding.column), message: { text: 'reported call' } }, nestingLevel: 0 },
                  ...finding.chain.map((s, i) => ({
                    location: { ...(s.file ? location(s.file, s.line, s.column) : {}), message: { text: s.name ?? 'call' } },
                    nestingLevel: i + 1,
                  })),
                ],
              },
            ],
          },
        ];
      }
      results.push(result);
    }
  }

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'loopguard',
            version: context.cliVersion,
            semanticVersion: context.cliVersion,
            informationUri: PROJECT_REPOSITORY,
            rules: [
              {
                id: RULE_ID,
                name: 'NoBlockingIo',
                shortDescription: { text: 'Blocking (synchronous) I/O in code that runs on the event loop' },
                fullDescription: { text: meta.docs?.description ?? 'Disallow blocking (synchronous) I/O in async code.' },
                ...(helpUri ? { helpUri } : {}),
                help: {
                  text: 'A synchronous call in a request handler, callback or async function stops every other request until it returns. Use the async API the message names; `loopguard --explain <id>` shows why and what to use instead.',
                },
                defaultConfiguration: { level: 'error' },
                properties: { tags: ['performance', 'reliability', 'event-loop'], precision: 'high', 'problem.severity': 'error' },
              },
            ],
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(context.cwd.endsWith(path.sep) ? context.cwd : context.cwd + path.sep).href } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

const lineCache = new Map<string, string[]>();

/** File, catalog id and the reported line's text (not its number), plus an occurrence count for repeats. */
function fingerprint(finding: Finding, cwd: string, seen: Map<string, number>): string {
  let lines = lineCache.get(finding.filePath);
  if (!lines) {
    try {
      lines = fs.readFileSync(finding.filePath, 'utf8').split(/\r?\n/u);
    } catch {
      lines = [];
    }
    lineCache.set(finding.filePath, lines);
  }
  const text = (lines[finding.line - 1] ?? '').replace(/\s+/gu, ' ').trim();
  const base = [path.relative(cwd, finding.filePath).split(path.sep).join('/'), finding.ruleId, finding.catalogId ?? '', text].join('\0');
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  return createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32);
}
