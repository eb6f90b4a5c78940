// Runs the whole suite against ESLint 9 when LOOPGUARD_ESLINT=9 (ESLint 10 otherwise).
// pnpm installs one `eslint` per peer set, so the switch redirects every `require('eslint...')` —
// ours and @typescript-eslint/rule-tester's — to the `eslint9` alias package.
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
const { ESLint } = require('eslint');
const major = Number(ESLint.version.split('.')[0]);
if (String(major) !== wanted) throw new Error(`asked for ESLint ${wanted} but loaded ${ESLint.version}`);
// Printed once so that CI logs show which ESLint each run used.
console.log(`[loopguard tests] ESLint ${ESLint.version}`);
