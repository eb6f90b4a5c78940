#!/usr/bin/env node
// Bundles the extension client (src/extension.ts -> dist/extension.js) and the language server
// (-> dist/server.js, and its refactor thread -> dist/refactor-worker.js) as CommonJS entries for Node, with only `vscode` external: the server bundle holds
// ESLint, typescript-eslint, TypeScript and eslint-plugin-loopguard, so that the extension works in a
// workspace without node_modules.
// Usage: node scripts/bundle.mjs [--dev]   (--dev: source maps, no minification, for .vscode/launch.json)
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev') || process.env.LOOPGUARD_SOURCEMAP === '1';

// The server's source entry: esbuild compiles it with its imports, the built workspace packages included.
const SERVER_ENTRY = join(pkgDir, '..', 'language-server', 'src', 'main.ts');
const REFACTOR_WORKER_ENTRY = join(pkgDir, '..', 'language-server', 'src', 'refactor-worker.ts');
if (!existsSync(SERVER_ENTRY)) {
  console.error(`bundle: the language server entry ${relative(pkgDir, SERVER_ENTRY)} is missing.`);
  process.exit(1);
}

/**
 * ESLint loads `jiti` only for TypeScript config files (eslint.config.ts), through a dynamic import that esbuild
 * cannot leave unresolved. The server never has a node_modules to find it in, so it gets a stand-in that says so.
 */
const jitiStub = {
  name: 'jiti-stub',
  setup(build) {
    build.onResolve({ filter: /^jiti(\/package\.json)?$/ }, (args) => ({ path: args.path, namespace: 'jiti-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'jiti-stub' }, (args) => ({
      contents: args.path.endsWith('package.json')
        ? // ESLint checks jiti's version (>= 2.2) before calling it: pass that check so that our message shows.
          'module.exports = { version: "99.0.0-loopguard-stub" };'
        : 'exports.createJiti = () => { throw new Error("loopguard bundles ESLint without jiti, so it cannot load a TypeScript ESLint config (eslint.config.ts/.mts/.cts): use eslint.config.js or .mjs."); };',
      loader: 'js',
    }));
  },
};

/**
 * ts-morph (the refactors) ships its own copy of TypeScript 6.0 in @ts-morph/common/dist/typescript.js: 7 MB
 * more in the server bundle, and a second compiler in memory. Point it at the TypeScript the rest of the
 * server uses (the same major and minor, checked here).
 */
const oneTypeScript = {
  name: 'one-typescript',
  setup(build) {
    const typescript = createRequire(SERVER_ENTRY).resolve('typescript');
    const ours = createRequire(SERVER_ENTRY)('typescript/package.json').version;
    build.onResolve({ filter: /^\.\/typescript(\.js)?$/ }, (args) => {
      if (!/[\\/]@ts-morph[\\/]common[\\/]dist$/.test(args.resolveDir)) return undefined;
      const theirs = readFileSync(join(args.resolveDir, 'typescript.js'), 'utf8').match(/var versionMajorMinor = "(\d+\.\d+)"/)?.[1];
      if (theirs !== ours.split('.').slice(0, 2).join('.')) {
        return { errors: [{ text: `@ts-morph/common bundles TypeScript ${theirs}, the server uses ${ours}: align the versions (or drop the one-typescript plugin in scripts/bundle.mjs).` }] };
      }
      return { path: typescript };
    });
  },
};

const common = {
  plugins: [jitiStub, oneTypeScript],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // oxc-parser (the server's quick pass) loads a native binding: it is copied beside the bundle (below).
  external: ['vscode', 'oxc-parser'],
  sourcemap: dev ? 'linked' : false,
  minify: !dev,
  keepNames: true,
  metafile: true,
  logLevel: 'silent',
  legalComments: 'none',
};

const results = await Promise.all([
  esbuild.build({ ...common, entryPoints: { extension: join(pkgDir, 'src', 'extension.ts') }, outdir: join(pkgDir, 'dist') }),
  esbuild.build({ ...common, entryPoints: { server: SERVER_ENTRY }, outdir: join(pkgDir, 'dist') }),
  // The server runs the worker refactor (ts-morph) on a thread of its own, from this file beside dist/server.js.
  esbuild.build({ ...common, entryPoints: { 'refactor-worker': REFACTOR_WORKER_ENTRY }, outdir: join(pkgDir, 'dist') }),
]).catch((error) => {
  console.error(`bundle: esbuild failed:\n${error.message}`);
  process.exit(1);
});

mkdirSync(join(pkgDir, 'dist'), { recursive: true });
let warnings = 0;
for (const [name, result] of [['extension', results[0]], ['server', results[1]], ['refactor-worker', results[2]]]) {
  writeFileSync(join(pkgDir, 'dist', `${name}.meta.json`), JSON.stringify(result.metafile));
  const out = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'));
  const bytes = out ? out[1].bytes : 0;
  console.log(`bundle: dist/${name}.js ${(bytes / 1024 / 1024).toFixed(2)} MB from ${Object.keys(result.metafile.inputs).length} modules${dev ? ' (dev)' : ''}`);
  // Requires that esbuild could not follow load code from disk at run time, which a workspace without
  // node_modules does not have: list them so that each is known and harmless.
  for (const w of result.warnings) {
    warnings++;
    const where = w.location ? `${w.location.file}:${w.location.line}` : '';
    console.log(`bundle: warning in ${name}: ${w.text} ${where}`);
  }
}
// TypeScript finds its default libraries (lib.es2023.d.ts, ...) beside the file that runs it: in the bundle,
// beside dist/server.js. Without them a typed lint knows no global types and the rule finds nothing.
const tsLib = dirname(createRequire(SERVER_ENTRY).resolve('typescript'));
let libs = 0;
for (const name of readdirSync(tsLib)) {
  if (!/^lib\..*\.d\.ts$/.test(name)) continue;
  copyFileSync(join(tsLib, name), join(pkgDir, 'dist', name));
  libs++;
}
console.log(`bundle: copied ${libs} TypeScript lib files into dist/`);
// .rs files: @loopguard/rust loads web-tree-sitter's runtime and the Rust grammar as .wasm files, which no bundle
// can inline. It names them (rustWasmFiles) and looks for both beside the running script: beside dist/server.js.
const { rustWasmFiles } = createRequire(SERVER_ENTRY)('@loopguard/rust');
for (const file of Object.values(await rustWasmFiles())) {
  copyFileSync(file, join(pkgDir, 'dist', basename(file)));
  console.log(`bundle: copied ${basename(file)} into dist/`);
}
// The quick pass's parser: oxc-parser's JavaScript and the native binding of each platform installed here (the
// build machine's), in dist/node_modules where `require('oxc-parser')` from dist/server.js finds them. On a
// platform without its binding the server has no quick pass and lints every version with the full pass.
const oxcDir = dirname(createRequire(SERVER_ENTRY).resolve('oxc-parser/package.json'));
const copyTree = (from, to, keep) => {
  let n = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) n += copyTree(source, join(to, entry.name), keep);
    else if (keep(entry.name)) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, join(to, entry.name));
      n++;
    }
  }
  return n;
};
const oxcOut = join(pkgDir, 'dist', 'node_modules');
rmSync(oxcOut, { recursive: true, force: true });
copyTree(oxcDir, join(oxcOut, 'oxc-parser'), (name) => name === 'package.json' || name === 'LICENSE' || (/\.(?:js|cjs|mjs)$/.test(name) && !name.includes('wasm')));
const bindingsDir = join(dirname(oxcDir), '@oxc-parser');
const bindings = existsSync(bindingsDir) ? readdirSync(bindingsDir).filter((n) => n.startsWith('binding-')) : [];
for (const name of bindings) copyTree(join(bindingsDir, name), join(oxcOut, '@oxc-parser', name), (file) => file === 'package.json' || file.endsWith('.node'));
console.log(`bundle: copied oxc-parser and its binding(s) ${bindings.join(', ') || '(none: no quick pass)'} into dist/node_modules/`);
if (warnings) console.log(`bundle: ${warnings} warning(s): see above`);
