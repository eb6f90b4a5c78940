import { count, displayPath, isParseError } from '../findings';
import type { Formatter } from './types';

/**
 * A stable JSON document for scripts: findings with catalog ids and chains, plus what the run did
 * (`linted` / `cached` per file), which is what `--cache` users and the tests look at.
 */
export const json: Formatter = (outcome, context) => {
  const counts = count(outcome.results);
  const document = {
    tool: 'loopguard',
    version: context.cliVersion,
    eslint: outcome.eslintVersion,
    summary: {
      files: outcome.results.length,
      errors: counts.errors,
      warnings: counts.warnings,
      parseErrors: counts.parseErrors,
      linted: outcome.linted,
      fromCache: outcome.fromCache,
    },
    files: outcome.results.map((r) => ({
      file: displayPath(r.filePath, context.cwd),
      typed: r.typed,
      cached: r.cached,
      findings: r.findings.filter((f) => !isParseError(f)).length,
      ...(r.findings.some(isParseError) ? { parsed: false } : {}),
    })),
    findings: outcome.results.flatMap((r) =>
      r.findings.filter((f) => !isParseError(f)).map((f) => ({
        ...f,
        filePath: undefined,
        file: displayPath(f.filePath, context.cwd),
        ...(f.chain ? { chain: f.chain.map((s) => ({ ...s, ...(s.file ? { file: displayPath(s.file, context.cwd) } : {}) })) } : {}),
      })),
    ),
    // Files that could not be parsed: not checked, and not findings.
    parseErrors: outcome.results.flatMap((r) =>
      r.findings.filter(isParseError).map((f) => ({ file: displayPath(f.filePath, context.cwd), line: f.line, column: f.column, message: f.message })),
    ),
    notes: outcome.notes,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
};
