import { buildRustFixtures, RUST_FIXTURES_DIR } from '../../src';

export const FIXTURES = RUST_FIXTURES_DIR;

let built: Promise<string> | undefined;

/** Builds the fixtures' Cargo workspace once per mocha run; every suite reuses the binaries. */
export function fixtureBinaries(): Promise<string> {
  built ??= buildRustFixtures(FIXTURES);
  return built;
}
