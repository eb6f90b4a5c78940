import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export interface WorkspacePackage {
  readonly dir: string;
  readonly folder: string;
  readonly json: Record<string, any>;
}

/** Every package of the workspace that is published (not `private`). */
export function publishablePackages(): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const folder of fs.readdirSync(path.join(ROOT, 'packages')).sort()) {
    const file = path.join(ROOT, 'packages', folder, 'package.json');
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;
    if (!json.private) out.push({ dir: path.dirname(file), folder, json });
  }
  return out;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; never throws on a non-zero exit (the test decides what the exit code means). */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Throws with the command's output when it did not exit 0. */
export async function mustRun(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/**
 * The code of a README snippet between `<!-- snippet:<name>:start -->` and its end marker, exactly as written
 * (the fenced block's content), so that the tests run what users copy.
 */
export function readmeSnippet(name: string, file = path.join(ROOT, 'README.md')): string {
  const text = fs.readFileSync(file, 'utf8');
  const start = `<!-- snippet:${name}:start -->`;
  const end = `<!-- snippet:${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} ... ${end} section`);
  const block = /```[a-z]*\n([\s\S]*?)```/u.exec(text.slice(a + start.length, b));
  if (!block?.[1]) throw new Error(`${file}: the ${name} snippet has no fenced code block`);
  return block[1];
}

/** An environment for npm and the installed tools without pnpm's `npm_*` variables leaking from `pnpm test`. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/iu.test(key) && key !== 'NODE_OPTIONS' && key !== 'INIT_CWD' && key !== 'PNPM_SCRIPT_SRC_DIR') env[key] = value;
  }
  // The workspace's node_modules/.bin (put on PATH by `pnpm test`) must not answer for the installed tools.
  env.PATH = (env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes(`${path.sep}node_modules${path.sep}`)).join(path.delimiter);
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}
