import type { ChainStep } from '../findings';
import { count, displayPath, isParseError, type Finding } from '../findings';
import type { Formatter } from './types';

const codes = { red: [31, 39], yellow: [33, 39], dim: [2, 22], underline: [4, 24], bold: [1, 22], green: [32, 39] } as const;
type Style = keyof typeof codes;

export function paint(enabled: boolean): (style: Style, text: string) => string {
  return (style, text) => (enabled ? `\x1b[${codes[style][0]}m${text}\x1b[${codes[style][1]}m` : text);
}

/** ESLint's familiar layout, with each finding's call chain on the lines below it. */
export const stylish: Formatter = (outcome, context) => {
  const c = paint(context.color);
  const lines: string[] = [];
  const unparsed: string[] = [];
  for (const result of outcome.results) {
    const findings = result.findings.filter((f) => !isParseError(f));
    for (const failure of result.findings.filter(isParseError)) {
      unparsed.push(`  ${displayPath(result.filePath, context.cwd)}:${failure.line}:${failure.column}  ${failure.message}`);
    }
    if (findings.length === 0) continue;
    lines.push('', c('underline', displayPath(result.filePath, context.cwd)));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    for (const finding of findings) {
      const where = `${finding.line}:${finding.column}`.padEnd(width);
      const level = finding.severity === 'error' ? c('red', 'error  ') : c('yellow', 'warning');
      lines.push(`  ${c('dim', where)}  ${level}  ${finding.message}  ${c('dim', finding.ruleId ?? '')}`);
      const chain = renderChain(finding, context.cwd);
      if (chain) lines.push(`  ${' '.repeat(width)}           ${c('dim', chain)}`);
    }
  }
  const { errors, warnings, parseErrors } = count(outcome.results);
  const total = errors + warnings;
  if (total > 0) {
    lines.push(
      '',
      c(errors > 0 ? 'red' : 'yellow', c('bold', `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`)),
    );
  }
  if (parseErrors > 0) {
    // Not findings: these files were not checked at all, which the reader must know.
    lines.push('', c('yellow', `${parseErrors} file${parseErrors === 1 ? '' : 's'} could not be parsed and ${parseErrors === 1 ? 'was' : 'were'} not checked:`), ...unparsed);
  }
  for (const note of outcome.notes) lines.push(c('dim', `note: ${note}`));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

/** "via handler (src/a.ts:3:5) → load (src/b.ts:9:2) → fs.readFileSync", or undefined for a direct call. */
export function renderChain(finding: Finding, cwd: string): string | undefined {
  if (!finding.chain || finding.chain.length === 0) return undefined;
  return `via ${finding.chain.map((s) => renderStep(s, cwd)).join(' → ')}`;
}

function renderStep(step: ChainStep, cwd: string): string {
  const where = step.file ? `${displayPath(step.file, cwd)}${step.line ? `:${step.line}${step.column ? `:${step.column}` : ''}` : ''}` : '';
  if (step.name && where) return `${step.name} (${where})`;
  return step.name ?? where;
}
