import * as assert from 'node:assert/strict';
import { copyFixture, removeFixture, runCli } from '../helpers';

describe('usage errors and --explain (end to end)', () => {
  let app: string;
  before(() => {
    app = copyFixture('typed-app');
  });
  after(() => removeFixture(app));

  it('an unknown --format exits 2 and names the option and the choices', async () => {
    const result = await runCli(['--format', 'xml'], app);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^loopguard: --format must be one of stylish, json, sarif, not "xml"\.$/m);
  });

  it('--rule-options that is not JSON exits 2 and shows an example', async () => {
    const result = await runCli(['--rule-options', '{ignore:'], app);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^loopguard: --rule-options is not valid JSON \(.+\)\. Example: --rule-options '\{"ignore":\["fs\.existsSync"\]\}'$/m);
  });

  it('--rule-options that the rule schema rejects exits 2 and names the option at fault', async () => {
    const result = await runCli(['--rule-options', '{"contexts":["nowhere"]}'], app);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^loopguard: --rule-options is not valid for loopguard\/no-blocking-io \("contexts"\):$/m);
    // The detail is the rule's (or ESLint's schema) message: it must show the value at fault.
    assert.match(result.stderr.split('\n')[1] ?? '', /nowhere/);
  });

  it('--rule-options with an unknown property exits 2', async () => {
    const result = await runCli(['--rule-options', '{"ignor":["fs.readFileSync"]}'], app);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--rule-options is not valid for loopguard\/no-blocking-io \("ignor"\):/);
    assert.match(result.stderr.split('\n')[1] ?? '', /ignor/);
  });

  it('an "ignore" entry that is no catalog id exits 2 with the rule\'s own explanation', async () => {
    const result = await runCli(['--rule-options', '{"ignore":["fs.readFileSink"]}'], app);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--rule-options is not valid for loopguard\/no-blocking-io \("ignore"\):/);
    assert.match(result.stderr, /option "ignore" has "fs\.readFileSink", which is neither a catalog id/);
  });

  it('--rule-options must be an object', async () => {
    const result = await runCli(['--rule-options', '["fs.readFileSync"]'], app);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--rule-options must be a JSON object/);
  });

  it('an unknown flag exits 2 and points at --help', async () => {
    const result = await runCli(['--fromat', 'json'], app);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown option '--fromat'.*Run `loopguard --help` for the options\./s);
  });

  it('a path that does not exist exits 2 and names it', async () => {
    const result = await runCli(['srcc'], app);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^loopguard: No such file or folder: srcc\./m);
  });

  it('bad --max-warnings and --concurrency values exit 2', async () => {
    const warnings = await runCli(['--max-warnings', 'many'], app);
    assert.equal(warnings.code, 2);
    assert.match(warnings.stderr, /--max-warnings needs a whole number of 0 or more, not "many"/);
    const threads = await runCli(['--concurrency', '0'], app);
    assert.equal(threads.code, 2);
    assert.match(threads.stderr, /--concurrency must be a positive number, "auto" or "off", not "0"/);
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await runCli(['--help'], app);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: loopguard \[options\] \[paths\.\.\.\]/);
    assert.match(result.stdout, /Exit codes: 0 no findings, 1 findings/);
  });

  it('--explain <id> says why it blocks, what to use instead and where to read more', async () => {
    const result = await runCli(['--explain', 'fs.readFileSync'], app);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^fs\.readFileSync {2}\(fs\.readFileSync, kind: fs\)$/m);
    assert.match(result.stdout, /^Why it blocks: it reads the whole file/m);
    assert.match(result.stdout, /^Instead: `await readFile\(\)` from `fs\/promises`\.$/m);
    assert.match(result.stdout, /^Docs: https:\/\/nodejs\.org\/api\/fs\.html/m);
    assert.match(result.stdout, /^Rule: https:\/\/.+\/no-blocking-io\.md$/m);
    assert.match(result.stdout, /^Measured\b/m);
  });

  it('--explain with a mistyped id exits 2 and suggests the right one', async () => {
    const result = await runCli(['--explain', 'fs.readFileSink'], app);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /"fs\.readFileSink" is not a catalog id\. Did you mean "fs\.readFileSync"/);
  });

  it('--explain without an id lists the catalog by kind', async () => {
    const result = await runCli(['--explain'], app);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^fs:$/m);
    assert.match(result.stdout, /better-sqlite3\.Statement\.all/);
    assert.match(result.stdout, /crypto\.pbkdf2Sync/);
  });
});
