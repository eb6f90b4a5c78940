import { join } from 'node:path';
import { buildRustFixtures } from '../../src';

export const FIXTURES = join(__dirname, '..', '..', '..', '..', 'fixtures', 'rust');

let built: Promise<string> | undefined;

/** Builds the fixtures' Cargo workspace once per mocha run; every suite reuses the binaries. */
export function fixtureBinaries(): Promise<string> {
  built ??= buildRustFixtures(FIXTURES);
  return built;
}
