/** Written into the run's tmpDir by the server's SIGTERM handler (its samples); the runner reads it. */
export const STATS_FILE = 'loopguard-stats.json';
