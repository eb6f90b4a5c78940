/**
 * loopguard on oxlint (https://oxc.rs): oxlint's `jsPlugins` runs ESLint-compatible JavaScript plugins in its
 * own Rust host, without type information. This module builds the one oxlint configuration that loopguard
 * supports (docs/oxlint.md shows it as a recipe) and runs oxlint with it; the CI comparison test and the
 * benchmark both use it, so that what is compared and measured is the documented recipe.
 *
 * oxlint is not a dependency of the CLI: it is looked up where the caller is installed.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULE_ID } from './eslint-options';

/** The `.oxlintrc.json` of the recipe: only loopguard's rule, Node's globals, oxlint's own rules off. */
export interface OxlintConfig {
  readonly $schema?: string;
  readonly plugins: readonly string[];
  readonly categories: Record<string, 'off'>;
  readonly env: Record<string, boolean>;
  readonly jsPlugins: readonly string[];
  readonly rules: Record<string, unknown>;
}

export function oxlintConfig(options: { readonly ruleOptions?: Record<string, unknown>; readonly severity?: 'error' | 'warn'; readonly plugin?: string } = {}): OxlintConfig {
  const severity = options.severity ?? 'error';
  return {
    // oxlint's built-in plugins and categories are on by default: off, so that only loopguard reports.
    plugins: [],
    categories: { correctness: 'off' },
    env: { node: true, es2024: true },
    jsPlugins: [options.plugin ?? 'eslint-plugin-loopguard'],
    rules: { [RULE_ID]: options.ruleOptions ? [severity, options.ruleOptions] : severity },
  };
}

/** One finding as oxlint prints it, in ESLint's terms (1-based line and column, `plugin/rule` id). */
export interface OxlintFinding {
  /** Absolute path. */
  readonly filePath: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

interface OxlintJson {
  readonly diagnostics: ReadonlyArray<{
    readonly message: string;
    readonly code?: string;
    readonly severity: string;
    readonly filename: string;
    readonly labels?: ReadonlyArray<{ readonly span: { readonly line: number; readonly column: number } }>;
  }>;
}

/** The path of oxlint's bin as installed for `from` (a folder), or undefined when it is not installed. */
export function findOxlint(from: string): string | undefined {
  try {
    const pkg = require.resolve('oxlint/package.json', { paths: [from] });
    return path.join(path.dirname(pkg), 'bin', 'oxlint');
  } catch {
    return undefined;
  }
}

export interface OxlintRun {
  readonly findings: OxlintFinding[];
  readonly stderr: string;
}

/**
 * Runs oxlint on `files` (absolute) with the recipe's configuration, written to a temporary file (the plugin
 * as an absolute path, so that it resolves wherever the files are), and returns its findings sorted.
 */
export async function runOxlint(request: { readonly bin: string; readonly cwd: string; readonly files: readonly string[]; readonly config: OxlintConfig }): Promise<OxlintRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-oxlint-'));
  const configFile = path.join(dir, '.oxlintrc.json');
  try {
    fs.writeFileSync(configFile, JSON.stringify(request.config, null, 2));
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      // --disable-nested-config: a project's own .oxlintrc.json must not add rules to the comparison.
      const child = spawn(process.execPath, [request.bin, '-c', configFile, '--disable-nested-config', '--format', 'json', ...request.files], {
        cwd: request.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    let parsed: OxlintJson;
    try {
      parsed = JSON.parse(stdout) as OxlintJson;
    } catch {
      throw new Error(`oxlint (${request.bin}) exited with ${code} without a JSON report:\n${stdout}\n${stderr}`);
    }
    const findings = parsed.diagnostics.map((d): OxlintFinding => {
      const label = d.labels?.[0]?.span;
      return {
        filePath: path.resolve(request.cwd, d.filename),
        line: label?.line ?? 0,
        column: label?.column ?? 0,
        // oxlint names a rule `plugin(rule)`; ESLint `plugin/rule`.
        ruleId: (d.code ?? '').replace(/^([^(]+)\((.+)\)$/u, '$1/$2'),
        message: d.message,
        severity: d.severity === 'error' ? 'error' : 'warning',
      };
    });
    findings.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : a.line - b.line || a.column - b.column));
    return { findings, stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
