// A suggestion that parses can still be wrong: `promisify(exec)` resolves to `{ stdout, stderr }`, not a Buffer, and
// `fs.promises.open` to a FileHandle, not a descriptor. This test writes the outputs of a set of TypeScript cases into
// a temporary project and type-checks them with the real compiler (strict mode, Node's own typings).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { tables } from '../rules/no-blocking-io.test';

/**
 * Cases whose suggestions must type-check, by table and name. Only cases whose imports resolve here: Node's core
 * modules and better-sqlite3 (the typings this package installs), not express, fs-extra or the fixtures' `./io.js`.
 */
const CHECKED: Readonly<Record<string, readonly string[]>> = {
  kinds: [
    'fs path function: readFileSync',
    'fs path function: writeFileSync',
    'fs path function: readdirSync',
    'fs path function: mkdirSync',
    'fs path function: rmSync',
    'fs path function: cpSync',
    'fs path function: lstatSync, result used',
    'fs path function: mkdtempSync',
    'fs.existsSync',
    'child_process.execSync',
    'child_process.execFileSync',
    'crypto.pbkdf2Sync',
    'crypto.scryptSync',
    'crypto.hkdfSync',
    'crypto.generateKeyPairSync',
    'crypto.generateKeySync',
    'crypto.generatePrimeSync',
    'crypto.checkPrimeSync',
    'crypto.randomFillSync',
    'zlib.gzipSync',
    'zlib.gunzipSync',
    'zlib.deflateRawSync',
    'zlib.inflateSync',
    'zlib.brotliCompressSync',
    'zlib.brotliDecompressSync',
  ],
  contexts: [
    'async generator',
    'then callback',
    'http.createServer callback',
    'net.createServer connection callback',
    'setTimeout callback',
    'map inside an async function becomes Promise.all',
  ],
  bindings: [
    'ESM named import with the node: prefix keeps the prefix',
    'named import of node:child_process',
    "destructured await import('node:fs')",
    'call under a non-null assertion',
  ],
  suggestions: [
    'extends an existing fs/promises import',
    'name clash: a top-level readFile binding',
    'name clash: a local promisify',
    'reuses a util default import for promisify',
    'parenthesises a property read: statSync().size',
    'existsSync under a negation',
    'regression: execSync(...).trim() became ((await ...).stdout).trim() with doubled parentheses',
    'a map result used by a member call gets parentheses',
    'a map callback with a block body and an index',
    'a map inside a then callback makes both async',
    'crypto named import is extended and promisify imported',
    'zlib namespace import keeps the namespace',
    'two blocking calls in one handler, each with its own suggestion',
  ],
  withTypes: ['with types: execSync suggestion', 'with types: the binding cases still work'],
};

const pluginNodeModules = path.join(__dirname, '..', '..', 'node_modules');

function checkedOutputs(): Array<{ where: string; text: string }> {
  const outputs: Array<{ where: string; text: string }> = [];
  for (const [table, names] of Object.entries(CHECKED)) {
    const invalid = tables[table]?.invalid ?? [];
    for (const name of names) {
      const testCase = invalid.find((c) => c.name === name);
      assert.ok(testCase, `no case "${name}" in table "${table}": update CHECKED in ${path.basename(__filename)}`);
      for (const error of testCase.errors) {
        for (const suggestion of Array.isArray(error.suggestions) ? error.suggestions : []) {
          if (suggestion.output) outputs.push({ where: `${table} / ${name}`, text: suggestion.output });
        }
      }
    }
  }
  return outputs;
}

/** Type-checks each text as its own module in a fresh project; returns the diagnostics, named by case. */
function typeCheck(files: ReadonlyArray<{ where: string; text: string }>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-typecheck-'));
  try {
    // Module resolution finds @types/node and @types/better-sqlite3 through this link.
    fs.symlinkSync(pluginNodeModules, path.join(dir, 'node_modules'), 'dir');
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        esModuleInterop: true,
        types: ['node'],
      },
      include: ['*.ts'],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const byFile = new Map<string, string>();
    files.forEach((f, i) => {
      const file = path.join(dir, `case-${i}.ts`);
      fs.writeFileSync(file, f.text);
      byFile.set(file, f.where);
    });
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    });
    assert.ok(parsed, 'the temporary tsconfig.json did not parse');
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const file = d.file ? path.resolve(d.file.fileName) : '';
      const where = byFile.get(file) ?? (d.file?.fileName ?? 'tsconfig');
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const at = pos ? `:${pos.line + 1}:${pos.character + 1}` : '';
      return `${where}${at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// What a naive rewrite of `openSync` would produce: it must not type-check, or the check itself is broken.
const WRONG = {
  where: 'guard: openSync rewritten to open',
  text: "import fs from 'node:fs';\nexport async function read(p: string) {\n  const fd: number = await fs.promises.open(p, 'r');\n  return fd;\n}",
};

describe('no-blocking-io suggestion outputs type-check', () => {
  const outputs = checkedOutputs();
  let diagnostics: string[] = [];

  before(function () {
    // One program for everything: loading Node's typings dominates the time.
    this.timeout(120_000);
    diagnostics = typeCheck([...outputs, WRONG]);
  });

  it('with the TypeScript compiler, for fs, exists, exec, crypto, zlib and map cases', () => {
    assert.ok(outputs.length >= 50, `only ${outputs.length} outputs selected`);
    assert.deepEqual(diagnostics.filter((d) => !d.startsWith(WRONG.where)), []);
  });

  it('a wrong rewrite would be caught', () => {
    assert.deepEqual(
      diagnostics.filter((d) => d.startsWith(WRONG.where)),
      [`${WRONG.where}:3:9: Type 'FileHandle' is not assignable to type 'number'.`],
    );
  });
});
