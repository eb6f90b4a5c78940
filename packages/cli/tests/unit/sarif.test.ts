import Ajv from 'ajv';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sarif } from '../../src/format/sarif';
import { stylish } from '../../src/format/stylish';
import type { LintOutcome } from '../../src/lint';

const root = path.resolve(__dirname, '..', '..', '..', '..', 'fixtures', 'cli', 'typed-app');

/** A finding through two helpers, as the rule's whole-program analysis reports it. */
const outcome: LintOutcome = {
  root,
  eslintVersion: '10.0.0',
  linted: 1,
  fromCache: 0,
  notes: [],
  results: [
    {
      filePath: path.join(root, 'src', 'caller.ts'),
      cached: false,
      typed: true,
      findings: [
        {
          filePath: path.join(root, 'src', 'caller.ts'),
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 42,
          ruleId: 'loopguard/no-blocking-io',
          severity: 'error',
          message: '`loadConfig()` blocks the event loop in an async function: it calls `fs.readFileSync` (helper.ts:5:10).',
          catalogId: 'fs.readFileSync',
          kind: 'fs',
          chain: [
            { name: 'loadConfig()', file: path.join(root, 'src', 'helper.ts'), line: 4, column: 17 },
            { name: 'fs.readFileSync', file: path.join(root, 'src', 'helper.ts'), line: 5, column: 10 },
          ],
        },
      ],
    },
  ],
};

interface ChainLog {
  runs: Array<{
    results: Array<{
      relatedLocations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
      codeFlows: Array<{ threadFlows: Array<{ locations: unknown[] }> }>;
    }>;
  }>;
}

describe('sarif formatter: call chains', () => {
  it('renders a chain as related locations and a code flow that the SARIF 2.1.0 schema accepts', () => {
    const log = JSON.parse(sarif(outcome, { cwd: root, color: false, cliVersion: '0.0.0' })) as ChainLog;
    const dir = path.dirname(require.resolve('@microsoft/jest-sarif/package.json'));
    const schema = JSON.parse(fs.readFileSync(path.join(dir, 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: true, unknownFormats: 'ignore' });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const result = log.runs[0]?.results[0];
    assert.deepEqual(result?.relatedLocations.map((l) => l.physicalLocation.artifactLocation.uri), ['src/helper.ts', 'src/helper.ts']);
    assert.equal(result?.codeFlows[0]?.threadFlows[0]?.locations.length, 3);
  });

  it('stylish prints the chain under the finding, relative to the working folder', () => {
    const text = stylish(outcome, { cwd: root, color: false, cliVersion: '0.0.0' });
    assert.match(text, /^ {17}via loadConfig\(\) \(src\/helper\.ts:4:17\) → fs\.readFileSync \(src\/helper\.ts:5:10\)$/m);
  });
});
