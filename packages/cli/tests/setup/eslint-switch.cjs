// Redirects every `require('eslint...')` to the `eslint9` alias package when LOOPGUARD_ESLINT=9.
// pnpm installs one `eslint` per peer set, so a resolver hook is the one switch that reaches the CLI, the
// plugin and @typescript-eslint/parser alike. The end-to-end tests preload this file into the spawned
// `loopguard` processes with NODE_OPTIONS, so it must stay silent: it writes nothing to stdout.
const Module = require('node:module');
const path = require('node:path');

const wanted = process.env.LOOPGUARD_ESLINT ?? '10';
if (wanted === '9') {
  const base = path.dirname(require.resolve('eslint9/package.json', { paths: [__dirname] }));
  const original = Module._resolveFilename;
  Module._resolveFilename = function resolve(request, parent, ...rest) {
    if (request === 'eslint' || request.startsWith('eslint/')) {
      const sub = request === 'eslint' ? '' : request.slice('eslint'.length);
      return original.call(this, `eslint9${sub}`, { ...parent, paths: [base, ...(parent?.paths ?? [])], filename: path.join(base, 'x.js') }, ...rest);
    }
    return original.call(this, request, parent, ...rest);
  };
} else if (wanted !== '10') {
  throw new Error(`LOOPGUARD_ESLINT must be 9 or 10, not "${wanted}"`);
}
