/**
 * Ends this child process when its runner is gone (its parent changed: the runner was killed with SIGKILL,
 * where no cleanup can run) or when it has lived longer than LOOPGUARD_MAX_LIFETIME_MS. Together with the
 * runner's process-group kill, no server or client outlives a run.
 */
export function startWatchdog(): void {
  // Tests switch it off to check that the runner's own cleanup works without it.
  if (process.env.LOOPGUARD_WATCHDOG === 'off') return;
  const parent = process.ppid;
  const maxLifetime = Number(process.env.LOOPGUARD_MAX_LIFETIME_MS ?? 120_000);
  const started = Date.now();
  const timer = setInterval(() => {
    if (process.ppid !== parent || Date.now() - started > maxLifetime) process.kill(-process.pid, 'SIGKILL');
  }, 500);
  timer.unref();
}
