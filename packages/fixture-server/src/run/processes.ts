import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Child processes of the runner, each the leader of its own process group so that killing the group also
 * ends what it started (a shell of execSync, sync-fetch's helper, a worker pool). Every child is registered
 * here until it exits, and `killAll` runs on exit, SIGINT and SIGTERM: an interrupted run leaves nothing behind.
 */
const live = new Set<ChildProcess>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let hooked = false;

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // Re-raise when nobody else listens, so that the default action ends us with the right status.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  hook();
  const child = spawn(command, args, { ...options, detached: true });
  live.add(child);
  const forget = (): void => {
    live.delete(child);
    if (live.size === 0) unhook();
  };
  child.once('exit', forget);
  child.once('error', forget);
  return child;
}

/** Kills the child's whole process group at once, without waiting. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

export function killAll(): void {
  for (const child of live) killGroup(child);
  live.clear();
  unhook();
}

export function liveChildren(): number[] {
  return [...live].map((c) => c.pid).filter((pid): pid is number => pid !== undefined);
}

/** Resolves with the first stdout line that starts with `marker`, parsed as JSON; rejects on exit or timeout. */
export function waitForLine<T>(child: ChildProcess, marker: string, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith(`${marker} `)) {
          cleanup();
          try {
            resolve(JSON.parse(line.slice(marker.length + 1)) as T);
          } catch (error) {
            reject(error as Error);
          }
          return;
        }
      }
    };
    const onErr = (chunk: Buffer): void => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      const failed = /LOOPGUARD_FAILED ([\s\S]*)/.exec(stderr)?.[1] ?? stderr.trim();
      reject(new Error(`${what} exited (${signal ?? `code ${code}`}) before it was ready${failed ? `: ${failed}` : ''}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} did not answer within ${timeoutMs} ms${stderr ? `: ${stderr.trim()}` : ''}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
  });
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}
