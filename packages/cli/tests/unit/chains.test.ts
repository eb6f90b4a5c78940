import * as assert from 'node:assert/strict';
import { parseChainText } from '../../src/chains';

describe('parseChainText', () => {
  it('reads a report through helpers into helper steps first and the blocking API last', () => {
    const message =
      '`featureFlags()` blocks the event loop in an async function: it calls `fs.readFileSync` (config.ts:35:10) via `parseFlags()` (config.ts:27:10) → `readText()` (lib/text.ts:31:21). Make `readText` async (`await readFile()` from `fs/promises`), or move the work to a worker thread.';
    assert.deepEqual(parseChainText(message, '/app/src/server.ts'), [
      { name: 'parseFlags()', file: '/app/src/config.ts', line: 27, column: 10 },
      { name: 'readText()', file: '/app/src/lib/text.ts', line: 31, column: 21 },
      { name: 'fs.readFileSync', file: '/app/src/config.ts', line: 35, column: 10 },
    ]);
  });

  it('reads a one-step report (the helper itself calls the API)', () => {
    const message = '`this.hashPassword()` blocks the event loop in an async function: it calls `crypto.pbkdf2Sync` (../users.ts:41:12). Make `hashPassword` async.';
    assert.deepEqual(parseChainText(message, '/app/src/routes/login.ts'), [{ name: 'crypto.pbkdf2Sync', file: '/app/src/users.ts', line: 41, column: 12 }]);
  });

  it('finds no chain in a direct report', () => {
    const message = '`fs.readFileSync` blocks the event loop in an async function: it reads the whole file on the main thread. Instead: `await readFile()` from `fs/promises`.';
    assert.equal(parseChainText(message, '/app/src/a.ts'), undefined);
  });
});
