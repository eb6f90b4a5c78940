import Ajv from 'ajv';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, removeFixture, runCli, write, type CliResult } from '../helpers';

/**
 * The official SARIF 2.1.0 schema (OASIS, final "rtm.5" revision, JSON Schema draft-04) as shipped in the
 * npm package @microsoft/jest-sarif; ajv 6 is the last ajv that validates draft-04 without a plugin.
 */
function sarifValidator(): Ajv.ValidateFunction {
  const dir = path.dirname(require.resolve('@microsoft/jest-sarif/package.json'));
  const schema = JSON.parse(fs.readFileSync(path.join(dir, 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: true, unknownFormats: 'ignore' });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
  return ajv.compile(schema);
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; helpUri?: string }> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ message: { text: string } }> }>;
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } } }>;
      partialFingerprints: Record<string, string>;
      properties: { catalogId?: string; kind?: string };
      codeFlows?: unknown[];
    }>;
  }>;
}

describe('--format sarif (end to end)', () => {
  let app: string;
  let validate: Ajv.ValidateFunction;
  let result: CliResult;
  let log: SarifLog;
  before(async () => {
    app = copyFixture('typed-app');
    write(app, 'src/broken.ts', 'export const = ;\n');
    validate = sarifValidator();
    result = await runCli(['--format', 'sarif'], app);
    log = JSON.parse(result.stdout) as SarifLog;
  });
  after(() => removeFixture(app));

  it('the validator rejects a log that breaks the schema (so that the next test can fail)', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
  });

  it('writes a log that validates against the SARIF 2.1.0 schema', () => {
    assert.equal(result.code, 1, result.stderr);
    const valid = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  });

  it('has what GitHub code scanning needs: rule metadata, relative URIs, regions, fingerprints', () => {
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.ok(run);
    assert.equal(run.tool.driver.name, 'loopguard');
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['loopguard/no-blocking-io']);
    assert.match(run.tool.driver.rules[0]?.helpUri ?? '', /no-blocking-io\.md$/);
    assert.equal(run.originalUriBaseIds['%SRCROOT%']?.uri.startsWith('file:///'), true);
    const handler = run.results.find((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === 'src/handler.ts');
    assert.ok(handler, JSON.stringify(run.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)));
    assert.equal(handler.ruleId, 'loopguard/no-blocking-io');
    assert.equal(handler.level, 'error');
    assert.equal(handler.locations[0]?.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.deepEqual(
      { line: handler.locations[0]?.physicalLocation.region.startLine, column: handler.locations[0]?.physicalLocation.region.startColumn },
      { line: 4, column: 10 },
    );
    assert.equal(handler.properties.catalogId, 'fs.readFileSync');
    assert.match(handler.partialFingerprints['loopguardFinding/v1'] ?? '', /^[0-9a-f]{32}$/);
    const prints = run.results.map((r) => r.partialFingerprints['loopguardFinding/v1']);
    assert.equal(new Set(prints).size, prints.length, 'fingerprints are unique');
  });

  it('reports a file that does not parse as a tool notification, not as a result', () => {
    const run = log.runs[0];
    assert.ok(run);
    assert.ok(run.results.every((r) => !r.locations[0]?.physicalLocation.artifactLocation.uri.endsWith('broken.ts')));
    assert.ok(run.invocations[0]?.toolExecutionNotifications.some((n) => n.message.text.startsWith('src/broken.ts: Parsing error')));
  });
});
