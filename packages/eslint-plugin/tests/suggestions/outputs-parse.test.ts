// Every suggestion output in the rule's tables must parse: JavaScript files with ESLint's own parser (espree, which
// rejects TypeScript syntax that a TypeScript parser would let through), TypeScript files with typescript-eslint's.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { commonjs, tables } from '../rules/no-blocking-io.test';

interface Output {
  readonly where: string;
  readonly filename: string;
  readonly sourceType: 'module' | 'commonjs';
  readonly jsx: boolean;
  readonly text: string;
}

function suggestionOutputs(): Output[] {
  const outputs: Output[] = [];
  for (const [table, { invalid }] of Object.entries(tables)) {
    for (const testCase of invalid) {
      const filename = testCase.filename ?? 'file.ts';
      const sourceType = testCase.languageOptions === commonjs ? 'commonjs' : 'module';
      for (const [e, error] of testCase.errors.entries()) {
        if (!Array.isArray(error.suggestions)) continue;
        for (const [s, suggestion] of error.suggestions.entries()) {
          if (suggestion.output === undefined) continue;
          outputs.push({
            where: `${table} / ${testCase.name ?? testCase.code} / error ${e} / suggestion ${s}`,
            filename,
            sourceType,
            jsx: filename.endsWith('x'),
            text: suggestion.output,
          });
        }
      }
    }
  }
  return outputs;
}

const linter = new Linter({ configType: 'flat' });

function parseErrors(output: Output): string | undefined {
  const isJs = /\.[cm]?js$/.test(output.filename);
  const config: Linter.Config = {
    files: ['**/*.*'],
    languageOptions: isJs
      ? { ecmaVersion: 'latest', sourceType: output.sourceType }
      : {
          parser: tsParser as unknown as Linter.Parser,
          sourceType: output.sourceType,
          parserOptions: { ecmaFeatures: { jsx: output.jsx } },
        },
  };
  const fatal = linter.verify(output.text, [config], path.join(__dirname, output.filename)).find((m) => m.fatal);
  return fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : undefined;
}

describe('no-blocking-io suggestion outputs', () => {
  const outputs = suggestionOutputs();

  it('are many: the tables assert the output of every suggestion', () => {
    // A floor rather than an exact count, so that adding cases does not break this test.
    assert.ok(outputs.length >= 150, `only ${outputs.length} suggestion outputs found in the tables`);
    assert.ok(outputs.some((o) => o.filename.endsWith('.js')), 'no JavaScript outputs');
    assert.ok(outputs.some((o) => o.jsx), 'no TSX outputs');
  });

  it('all parse', () => {
    const failures = outputs
      .map((o) => ({ o, error: parseErrors(o) }))
      .filter((r) => r.error !== undefined)
      .map((r) => `${r.o.where}: ${r.error}\n${r.o.text}`);
    assert.deepEqual(failures, []);
  });

  it('a broken output would be caught', () => {
    // Guards the check itself: TypeScript syntax in a .js file and a dangling `await` must fail.
    assert.ok(parseErrors({ where: 'probe', filename: 'file.js', sourceType: 'module', jsx: false, text: 'const x: number = 1;' }));
    assert.ok(parseErrors({ where: 'probe', filename: 'file.ts', sourceType: 'module', jsx: false, text: 'return (await fs.promises.readFile(p);' }));
  });
});
