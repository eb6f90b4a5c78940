import { join } from 'node:path';
import { buildRustFixtures, measureRustTicker, type MeasureRustTickerOptions, type TickerMeasurement } from './measure';

/** Where the Cargo fixtures live in this repository (the package is not published without them). */
export const RUST_FIXTURES_DIR = join(__dirname, '..', '..', '..', 'fixtures', 'rust');

export interface RustPattern {
  /** Stable id, as `loopguard impact` names patterns. */
  id: string;
  description: string;
  /** Binary names in fixtures/rust (src/bin), blocking and fixed. */
  blocking: string;
  fixed: string;
  /** What the measurement is expected to show, and why: stated up front so that a "refuted" is not a surprise. */
  claim: string;
}

export const RUST_PATTERNS: readonly RustPattern[] = [
  {
    id: 'rust/ticker-current-thread',
    description: 'std::net::TcpListener::accept in a current-thread tokio runtime while a background task ticks every 10 ms',
    blocking: 'ticker_blocking',
    fixed: 'ticker_fixed',
    claim: 'stalls: the accept loop never awaits, so the only runtime thread never polls the ticker',
  },
  {
    id: 'rust/ticker-article-multi-thread',
    description: 'the article\'s demonstration as written: #[tokio::main] (multi-thread runtime), std accept in main',
    blocking: 'ticker_mt_blocking',
    fixed: 'ticker_mt_fixed',
    claim:
      'does not stall the ticker: block_on runs main on its own thread and the spawned ticker runs on a worker, ' +
      'so the article\'s "this BLOCKS the entire runtime" does not hold for its own code on a multi-thread runtime',
  },
  {
    id: 'rust/ticker-worker',
    description: 'std accept in a spawned server task on a multi-thread runtime with one worker, while a background task ticks',
    blocking: 'ticker_worker_blocking',
    fixed: 'ticker_worker_fixed',
    claim: 'stalls: the blocked task holds the only worker, and spawned tasks run on workers only',
  },
];

/**
 * Builds the fixtures (offline, once; cargo reuses its target folder) and measures one Rust pattern with the
 * fixture server's verdict. `options` may shorten the runs (tests) or report progress.
 */
export async function measureRustPattern(
  id: string,
  options: Partial<Omit<MeasureRustTickerOptions, 'pattern' | 'blockingBinary' | 'fixedBinary'>> & { fixturesDir?: string } = {},
): Promise<TickerMeasurement> {
  const pattern = RUST_PATTERNS.find((p) => p.id === id);
  if (!pattern) throw new Error(`loopguard: unknown Rust pattern "${id}"; known: ${RUST_PATTERNS.map((p) => p.id).join(', ')}`);
  const { fixturesDir, ...rest } = options;
  const bin = await buildRustFixtures(fixturesDir ?? RUST_FIXTURES_DIR);
  return measureRustTicker({ ...rest, pattern: pattern.id, blockingBinary: join(bin, pattern.blocking), fixedBinary: join(bin, pattern.fixed) });
}
