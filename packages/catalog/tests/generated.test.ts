import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderKindSummary } from '../src';

describe('generated documentation', () => {
  it('keeps the README catalog summary in step with the catalog', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const section = readme.split('<!-- catalog-summary:start -->')[1]?.split('<!-- catalog-summary:end -->')[0];
    assert.ok(section, 'README.md lost its catalog-summary markers');
    assert.equal(section.trim(), renderKindSummary(), 'stale: run `node scripts/generate-readme.mjs`');
  });
});
