import { count, displayPath } from '../findings';
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
      linted: outcome.linted,
      fromCache: outcome.fromCache,
    },
    files: outcome.results.map((r) => ({
      file: displayPath(r.filePath, context.cwd),
      typed: r.typed,
      cached: r.cached,
      findings: r.findings.length,
    })),
    findings: outcome.results.flatMap((r) =>
      r.findings.map((f) => ({
        ...f,
        filePath: undefined,
        file: displayPath(f.filePath, context.cwd),
        ...(f.chain ? { chain: f.chain.map((s) => ({ ...s, ...(s.file ? { file: displayPath(s.file, context.cwd) } : {}) })) } : {}),
      })),
    ),
    notes: outcome.notes,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
};
