import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly pgrp: number;
  readonly state: string;
  /** Clock ticks after boot when it started: with the pid, it names one process even if the pid is reused. */
  readonly start: number;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields after the command: state is the 3rd of /proc/<pid>/stat, starttime the 22nd.
      out.push({ pid: Number(name), state: fields[0] as string, ppid: Number(fields[1]), pgrp: Number(fields[2]), start: Number(fields[19]) });
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}

/** The processes of `tree` still running: same pid and same start time (not a new process under a reused pid). */
const alive = (tree: readonly Proc[]): Proc[] => {
  const live = new Map(processes().map((p) => [p.pid, p]));
  return tree.filter((old) => {
    const p = live.get(old.pid);
    return p !== undefined && p.start === old.start && p.state !== 'Z';
  });
};

/** A live process as `pid state ppid pgrp: command line`, with what it was in the run's tree. */
function describeProcess(pid: number): string {
  const now = processes().find((p) => p.pid === pid);
  let cmdline = '?';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    // Gone while we looked.
  }
  return `${pid} ${now?.state ?? '?'} ppid ${now?.ppid ?? '?'} pgrp ${now?.pgrp ?? '?'}: ${cmdline.slice(0, 200)}`;
}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('cleanup on interruption', function () {
  this.timeout(90_000);

  async function interrupt(signal: 'SIGINT' | 'SIGKILL', env: NodeJS.ProcessEnv): Promise<void> {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-sigint-'));
    const bin = path.join(__dirname, '..', 'bin', 'loopguard-impact.js');
    // child-exec-sync: the blocking server itself runs shells (execSync), grandchildren in its process group.
    const cli = spawn(process.execPath, [bin, 'child-exec-sync', '--warmup', '2000', '--duration', '20000', '--reps', '1', '--no-sweep', '--noise-threshold', '100000', '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    cli.stdout.on('data', (d) => (output += d));
    cli.stderr.on('data', (d) => (output += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => cli.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      // Wait for the measured pattern's server and client (the baseline comes first and goes), and a shell
      // that the blocking server started.
      const tree = await until('the server, the client and a grandchild', 60_000, () => {
        const all = processes();
        const children = all.filter((p) => p.ppid === cli.pid && p.state !== 'Z');
        // The groups that the run's servers and clients lead. A child in the runner's own group (the esbuild service
        // that tsx starts) shares it with this test and everything that started it (mocha, pnpm, the CI script):
        // that group is not the run's, and its other members must not be counted as survivors. The child itself is.
        const groups = new Set(children.filter((c) => c.pgrp === c.pid).map((c) => c.pgrp));
        const members = all.filter((p) => (groups.has(p.pgrp) || children.includes(p)) && p.state !== 'Z');
        const grandchildren = members.filter((p) => !children.some((c) => c.pid === p.pid));
        return output.includes('baseline') && children.length >= 2 && grandchildren.length >= 1 ? members : undefined;
      });
      assert.ok(tree.every((p) => p.pgrp !== cli.pid), 'children must lead their own process groups');
      cli.kill(signal);
      const status = await exited;
      assert.equal(status.signal, signal, `exit ${status.code} ${status.signal}: ${output}`);
      // The watchdogs look every 500 ms, and a server blocked in execSync looks only between requests.
      await until('every process of the run to end', 20_000, () => (alive(tree).length === 0 ? true : undefined)).catch(() => undefined);
      // On failure, say what each survivor is (CI printed a bare pid once and the cause could not be told).
      assert.deepEqual(alive(tree).map((p) => describeProcess(p.pid)), []);
    } finally {
      if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
      fs.rmSync(out, { recursive: true, force: true });
    }
  }

  it('Ctrl-C (SIGINT) to loopguard-impact kills its servers, clients and their children (the runner\'s own cleanup)', async () => {
    await interrupt('SIGINT', { LOOPGUARD_WATCHDOG: 'off' });
  });

  it('when the runner is killed outright (SIGKILL, no cleanup can run), the children end themselves', async () => {
    await interrupt('SIGKILL', {});
  });
});
