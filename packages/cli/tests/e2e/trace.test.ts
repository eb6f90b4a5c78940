import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers';

describe('loopguard trace (end to end)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-cli-trace-'));
    fs.writeFileSync(
      path.join(dir, 'app.js'),
      "const { EventEmitter } = require('node:events');\nconst fs = require('node:fs');\n\nconst bus = new EventEmitter();\nbus.on('tick', () => {\n  fs.readFileSync(__filename, 'utf8');\n});\nbus.emit('tick');\nbus.emit('tick');\n",
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records a run into .loopguard/trace.json and passes the exit code through', async () => {
    const result = await runCli(['trace', '--', process.execPath, 'app.js'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^loopguard trace: \d+ blocking calls in 1 process\(es\); trace in \.loopguard\/trace\.json\. Next: `loopguard trace report`\.$/mu);
    assert.ok(fs.existsSync(path.join(dir, '.loopguard', 'trace.json')));
    const failing = await runCli(['trace', '--out', '.loopguard/exit.json', '--', process.execPath, '-e', 'process.exit(3)'], dir);
    assert.equal(failing.code, 3);
  });

  it('`trace report -f json` joins the trace with the findings: the finding ran twice', async () => {
    const result = await runCli(['trace', 'report', '-f', 'json', 'app.js'], dir);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { ran: Array<{ finding: { line: number; catalogId: string }; cost: { calls: number } }>; neverRan: unknown[] };
    assert.deepEqual(report.ran.map((m) => [m.finding.line, m.finding.catalogId, m.cost.calls]), [[6, 'fs.readFileSync', 2]]);
    assert.deepEqual(report.neverRan, []);
  });

  it('usage errors exit 2 and say what to do', async () => {
    const none = await runCli(['trace'], dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^loopguard: trace: give the command to run after `--`, e.g. `loopguard trace -- node dist\/server\.js`\.$/mu);
    const sample = await runCli(['trace', '--sample', '2', '--', 'node', 'app.js'], dir);
    assert.equal(sample.code, 2);
    assert.match(sample.stderr, /--sample must be a number above 0 and at most 1/u);
    const missing = await runCli(['trace', 'report', '--trace', 'nope.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^loopguard: trace report: .*nope\.json: no trace here\. Record one first/mu);
  });
});
