// Runs the whole suite against ESLint 9 when LOOPGUARD_ESLINT=9 (ESLint 10 otherwise), in this process and,
// through NODE_OPTIONS (see tests/helpers.ts), in every `loopguard` process the tests spawn.
require('./eslint-switch.cjs');
const { ESLint } = require('eslint');
const wanted = process.env.LOOPGUARD_ESLINT ?? '10';
const major = Number(ESLint.version.split('.')[0]);
if (String(major) !== wanted) throw new Error(`asked for ESLint ${wanted} but loaded ${ESLint.version}`);
// Printed once so that CI logs show which ESLint each run used.
console.log(`[loopguard cli tests] ESLint ${ESLint.version}`);
