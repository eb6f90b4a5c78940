const path = require('path');
process.chdir('/work/main/packages/benchmarks');
const { eslintOptions } = require('/work/main/packages/benchmarks/dist/configs.js');
const { ESLint } = require(require.resolve('eslint', {paths:['/work/main/packages/benchmarks']}));
const which = process.argv[2];
const cwd = path.resolve('.cache/corpora/rxjs-7.8.2');
(async () => {
  const eslint = new ESLint(eslintOptions(which, { cwd, jsSourceType: 'module' }));
  const t = process.cpuUsage();
  const res = await eslint.lintFiles(['src/**/*.ts']);
  const c = process.cpuUsage(t);
  console.log(which, res.length, 'files', Math.round((c.user + c.system) / 1000), 'ms cpu', res.reduce((n, r) => n + r.messages.length, 0), 'messages');
})();
