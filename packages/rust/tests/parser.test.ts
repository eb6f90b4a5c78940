import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { rustWasmFiles } from '../src';

describe('rustWasmFiles', () => {
  it('names the two .wasm files that initRustParser() loads by default, under the base names a bundle copies', async () => {
    const files = await rustWasmFiles();
    // packages/vscode/scripts/bundle.mjs copies them by base name beside dist/server.js: web-tree-sitter looks for
    // `web-tree-sitter.wasm` beside the running script, initRustParser() for `tree-sitter-rust.wasm`.
    assert.deepEqual([path.basename(files.runtime), path.basename(files.grammar)], ['web-tree-sitter.wasm', 'tree-sitter-rust.wasm']);
    for (const file of [files.runtime, files.grammar]) {
      assert.ok(path.isAbsolute(file), `${file} is not absolute`);
      assert.ok(existsSync(file), `${file} does not exist`);
    }
  });
});
