// Copies the Rust grammar's .wasm into dist/, so that the published package needs only web-tree-sitter at run
// time: tree-sitter-rust is a devDependency because installing it runs a native build script (node-gyp) that
// loopguard never uses.
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
copyFileSync(require.resolve('tree-sitter-rust/tree-sitter-rust.wasm'), new URL('../dist/tree-sitter-rust.wasm', import.meta.url));
