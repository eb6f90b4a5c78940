// The rule's behaviour as literal tables: each invalid case asserts messageId, line, column and
// the output of every suggestion. The tables are exported: tests/suggestions/*.test.ts parse and type-check the
// suggestion outputs. Each table is one `describe`; the ones that need a TypeScript program run on the typed tester.
import { strict as assert } from 'node:assert';
import type { InvalidTestCase, TestLanguageOptions, ValidTestCase } from '@typescript-eslint/rule-tester';
import { Linter, type Rule as ESLintRule } from 'eslint';
import rule, { type MessageIds, type Options } from '../../src/rules/no-blocking-io';
import { typedTester, untypedTester } from '../rule-tester';

/**
 * A CommonJS file as ESLint sees one with `sourceType: 'commonjs'` (it declares `require` as a global). ESLint honours
 * `sourceType` in a test's `languageOptions`; typescript-eslint 8.72's `TestLanguageOptions` type just omits it.
 */
export const commonjs = { sourceType: 'commonjs' } as TestLanguageOptions;

export interface Tables {
  readonly valid: ValidTestCase<Options>[];
  readonly invalid: InvalidTestCase<MessageIds, Options>[];
}

/** One or more cases for every kind and module of the catalog, each in an async function. */
export const kinds: Tables = {
  valid: [],
  invalid: [
    {
      name: 'fs path function: readFileSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  return fs.readFileSync(p, 'utf8');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  return await fs.promises.readFile(p, 'utf8');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: writeFileSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.writeFileSync(p, 'x');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  await fs.promises.writeFile(p, 'x');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: appendFileSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.appendFileSync(p, 'x');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  await fs.promises.appendFile(p, 'x');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: readdirSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  return fs.readdirSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  return await fs.promises.readdir(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: mkdirSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.mkdirSync(p, { recursive: true });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  await fs.promises.mkdir(p, { recursive: true });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: rmSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.rmSync(p, { recursive: true, force: true });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  await fs.promises.rm(p, { recursive: true, force: true });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: renameSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.renameSync(p, p + '.old');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  await fs.promises.rename(p, p + '.old');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: copyFileSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.copyFileSync(p, p + '.bak');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  await fs.promises.copyFile(p, p + '.bak');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: cpSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.cpSync(p, p + '.bak', { recursive: true });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  await fs.promises.cp(p, p + '.bak', { recursive: true });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: lstatSync, result used',
      code: `import fs from 'fs';
async function handler(p: string) {
  return fs.lstatSync(p).isSymbolicLink();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  return (await fs.promises.lstat(p)).isSymbolicLink();
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: realpathSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  return fs.realpathSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  return await fs.promises.realpath(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: unlinkSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.unlinkSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  await fs.promises.unlink(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: mkdtempSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  return fs.mkdtempSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  return await fs.promises.mkdtemp(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs path function: accessSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.accessSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function handler(p: string) {
  await fs.promises.access(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'regression: openSync was rewritten to open, which resolves to a FileHandle, not a descriptor',
      code: `import fs from 'fs';
async function handler(p: string) {
  const fd = fs.openSync(p, 'r');
  fs.closeSync(fd);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 14,
          suggestions: [],
        },
        {
          messageId: 'blocking',
          line: 4,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'fs fd functions: readSync, fstatSync, fsyncSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  const fd = 3;
  fs.readSync(fd, Buffer.alloc(8));
  fs.fstatSync(fd);
  fs.fsyncSync(fd);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 3,
          suggestions: [],
        },
        {
          messageId: 'blocking',
          line: 5,
          column: 3,
          suggestions: [],
        },
        {
          messageId: 'blocking',
          line: 6,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'fs fd function: writeSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  fs.writeSync(3, 'x');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'fs.existsSync',
      code: `import fs from 'fs';
async function handler(p: string) {
  return fs.existsSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestAccess',
              output: `import fs from 'fs';
async function handler(p: string) {
  return await fs.promises.access(p).then(() => true, () => false);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs.globSync has no mechanical rewrite',
      code: `import fs from 'fs';
async function handler(p: string) {
  return fs.globSync('*.ts');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'fs-extra readJsonSync',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  return fse.readJsonSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  return await fse.readJson(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra writeJsonSync',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  fse.writeJsonSync(p, {});
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  await fse.writeJson(p, {});
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra pathExistsSync',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  return fse.pathExistsSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  return await fse.pathExists(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra outputFileSync',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  fse.outputFileSync(p, 'x');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  await fse.outputFile(p, 'x');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra copySync',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  fse.copySync(p, 'b');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  await fse.copy(p, 'b');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra moveSync',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  fse.moveSync(p, 'b');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  await fse.move(p, 'b');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra removeSync',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  fse.removeSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  await fse.remove(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra ensureDirSync',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  fse.ensureDirSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  await fse.ensureDir(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra re-exports fs: readFileSync becomes fse.readFile',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  return fse.readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  return await fse.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra existsSync becomes pathExists',
      code: `import fse from 'fs-extra';
async function handler(p: string) {
  return fse.existsSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestAccess',
              output: `import fse from 'fs-extra';
async function handler(p: string) {
  return await fse.pathExists(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'graceful-fs statSync',
      code: `import gfs from 'graceful-fs';
async function handler(p: string) {
  return gfs.statSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import gfs from 'graceful-fs';
async function handler(p: string) {
  return await gfs.promises.stat(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'glob.sync',
      code: `import glob from 'glob';
async function handler(p: string) {
  return glob.sync('**/*.ts');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import glob from 'glob';
async function handler(p: string) {
  return await glob.glob('**/*.ts');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'glob globSync, named import',
      code: `import { globSync } from 'glob';
async function handler(p: string) {
  return globSync('**/*.ts');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import { globSync, glob } from 'glob';
async function handler(p: string) {
  return await glob('**/*.ts');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fast-glob sync',
      code: `import fg from 'fast-glob';
async function handler(p: string) {
  return fg.sync(['**/*.ts']);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import fg from 'fast-glob';
async function handler(p: string) {
  return await fg.glob(['**/*.ts']);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'globby globbySync',
      code: `import { globbySync } from 'globby';
async function handler(p: string) {
  return globbySync(['**/*.ts']);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import { globbySync, globby } from 'globby';
async function handler(p: string) {
  return await globby(['**/*.ts']);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'child_process.execSync',
      code: `import cp from 'child_process';
async function handler(p: string) {
  return cp.execSync('git status');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import cp from 'child_process';
import { promisify } from 'util';
async function handler(p: string) {
  return (await promisify(cp.exec)('git status')).stdout;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'child_process.execFileSync',
      code: `import cp from 'child_process';
async function handler(p: string) {
  return cp.execFileSync('git', ['status']);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import cp from 'child_process';
import { promisify } from 'util';
async function handler(p: string) {
  return (await promisify(cp.execFile)('git', ['status'])).stdout;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'child_process.spawnSync has no mechanical rewrite',
      code: `import cp from 'child_process';
async function handler(p: string) {
  return cp.spawnSync('git', ['status']);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'execa execaSync',
      code: `import { execaSync } from 'execa';
async function handler(p: string) {
  return execaSync('git', ['status']);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import { execaSync, execa } from 'execa';
async function handler(p: string) {
  return await execa('git', ['status']);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'execa execaCommandSync',
      code: `import { execaCommandSync } from 'execa';
async function handler(p: string) {
  return execaCommandSync('git status');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import { execaCommandSync, execaCommand } from 'execa';
async function handler(p: string) {
  return await execaCommand('git status');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'execa 5 execa.sync has no mechanical rewrite',
      code: `import execa from 'execa';
async function handler(p: string) {
  return execa.sync('git', ['status']);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'cross-spawn sync',
      code: `import spawn from 'cross-spawn';
async function handler(p: string) {
  return spawn.sync('git', ['status']);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'crypto.pbkdf2Sync',
      code: `import crypto from 'crypto';
async function handler(p: string) {
  return crypto.pbkdf2Sync(p, 'salt', 100000, 64, 'sha512');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import crypto from 'crypto';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(crypto.pbkdf2)(p, 'salt', 100000, 64, 'sha512');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'crypto.scryptSync',
      code: `import crypto from 'crypto';
async function handler(p: string) {
  return crypto.scryptSync(p, 'salt', 64);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import crypto from 'crypto';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(crypto.scrypt)(p, 'salt', 64);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'crypto.hkdfSync',
      code: `import crypto from 'crypto';
async function handler(p: string) {
  return crypto.hkdfSync('sha512', p, 'salt', 'info', 64);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import crypto from 'crypto';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(crypto.hkdf)('sha512', p, 'salt', 'info', 64);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'crypto.generateKeyPairSync',
      code: `import crypto from 'crypto';
async function handler(p: string) {
  return crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import crypto from 'crypto';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(crypto.generateKeyPair)('rsa', { modulusLength: 4096 });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'crypto.generateKeySync',
      code: `import crypto from 'crypto';
async function handler(p: string) {
  return crypto.generateKeySync('hmac', { length: 512 });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import crypto from 'crypto';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(crypto.generateKey)('hmac', { length: 512 });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'crypto.generatePrimeSync',
      code: `import crypto from 'crypto';
async function handler(p: string) {
  return crypto.generatePrimeSync(2048);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import crypto from 'crypto';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(crypto.generatePrime)(2048);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'crypto.checkPrimeSync',
      code: `import crypto from 'crypto';
async function handler(p: string) {
  return crypto.checkPrimeSync(7n);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import crypto from 'crypto';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(crypto.checkPrime)(7n);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'crypto.randomFillSync',
      code: `import crypto from 'crypto';
async function handler(p: string) {
  return crypto.randomFillSync(Buffer.alloc(16));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import crypto from 'crypto';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(crypto.randomFill)(Buffer.alloc(16));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'bcrypt hashSync',
      code: `import bcrypt from 'bcrypt';
async function handler(p: string) {
  return bcrypt.hashSync(p, 12);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import bcrypt from 'bcrypt';
async function handler(p: string) {
  return await bcrypt.hash(p, 12);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'bcrypt compareSync',
      code: `import bcrypt from 'bcrypt';
async function handler(p: string) {
  return bcrypt.compareSync(p, 'hash');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import bcrypt from 'bcrypt';
async function handler(p: string) {
  return await bcrypt.compare(p, 'hash');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'bcryptjs genSaltSync',
      code: `import bcrypt from 'bcryptjs';
async function handler(p: string) {
  return bcrypt.genSaltSync(12);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import bcrypt from 'bcryptjs';
async function handler(p: string) {
  return await bcrypt.genSalt(12);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib.gzipSync',
      code: `import zlib from 'zlib';
async function handler(p: string) {
  return zlib.gzipSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import zlib from 'zlib';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(zlib.gzip)(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib.gunzipSync',
      code: `import zlib from 'zlib';
async function handler(p: string) {
  return zlib.gunzipSync(Buffer.from(p));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import zlib from 'zlib';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(zlib.gunzip)(Buffer.from(p));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib.deflateRawSync',
      code: `import zlib from 'zlib';
async function handler(p: string) {
  return zlib.deflateRawSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import zlib from 'zlib';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(zlib.deflateRaw)(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib.inflateSync',
      code: `import zlib from 'zlib';
async function handler(p: string) {
  return zlib.inflateSync(Buffer.from(p));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import zlib from 'zlib';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(zlib.inflate)(Buffer.from(p));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib.unzipSync',
      code: `import zlib from 'zlib';
async function handler(p: string) {
  return zlib.unzipSync(Buffer.from(p));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import zlib from 'zlib';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(zlib.unzip)(Buffer.from(p));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib.brotliCompressSync',
      code: `import zlib from 'zlib';
async function handler(p: string) {
  return zlib.brotliCompressSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import zlib from 'zlib';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(zlib.brotliCompress)(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib.brotliDecompressSync',
      code: `import zlib from 'zlib';
async function handler(p: string) {
  return zlib.brotliDecompressSync(Buffer.from(p));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import zlib from 'zlib';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(zlib.brotliDecompress)(Buffer.from(p));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib.zstdCompressSync',
      code: `import zlib from 'zlib';
async function handler(p: string) {
  return zlib.zstdCompressSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import zlib from 'zlib';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(zlib.zstdCompress)(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib.zstdDecompressSync',
      code: `import zlib from 'zlib';
async function handler(p: string) {
  return zlib.zstdDecompressSync(Buffer.from(p));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import zlib from 'zlib';
import { promisify } from 'util';
async function handler(p: string) {
  return await promisify(zlib.zstdDecompress)(Buffer.from(p));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'better-sqlite3: chained db.prepare().all() is one finding',
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
async function list() {
  return db.prepare('select * from users').all();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'better-sqlite3: Database without new, exec and pragma',
      code: `import Database from 'better-sqlite3';
const db = Database('app.db');
async function migrate() {
  db.exec('create table t (x)');
  db.pragma('journal_mode = WAL');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 3,
          suggestions: [],
        },
        {
          messageId: 'blocking',
          line: 5,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'better-sqlite3: a statement stored at start-up, run later',
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
const byId = db.prepare('select * from users where id = ?');
async function find(id: number) {
  return byId.get(id);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'better-sqlite3: prepare, iterate and run on a local statement',
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
async function copy() {
  const stmt = db.prepare('select * from t');
  for (const row of stmt.iterate()) db.prepare('insert into u values (?)').run(row);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 16,
          suggestions: [],
        },
        {
          messageId: 'blocking',
          line: 5,
          column: 21,
          suggestions: [],
        },
        {
          messageId: 'blocking',
          line: 5,
          column: 37,
          suggestions: [],
        },
      ],
    },
    {
      name: 'better-sqlite3: opening a database inside a handler',
      code: `import Database from 'better-sqlite3';
async function open(file: string) {
  return new Database(file);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'better-sqlite3: this.db field assigned in the constructor',
      code: `import Database from 'better-sqlite3';
class Users {
  private db: any;
  constructor() {
    this.db = new Database('app.db');
  }
  async all() {
    return this.db.prepare('select * from users').all();
  }
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 8,
          column: 12,
          suggestions: [],
        },
      ],
    },
    {
      name: 'better-sqlite3: private #db field with an initializer',
      code: `import Database from 'better-sqlite3';
class Users {
  #db = new Database('app.db');
  async count() {
    return this.#db.prepare('select count(*) from users').get();
  }
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 12,
          suggestions: [],
        },
      ],
    },
    {
      name: 'node:sqlite DatabaseSync: exec and chained prepare().all()',
      code: `import { DatabaseSync } from 'node:sqlite';
const db = new DatabaseSync(':memory:');
async function list() {
  db.exec('create table t (x)');
  return db.prepare('select * from t').all();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 3,
          suggestions: [],
        },
        {
          messageId: 'blocking',
          line: 5,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'node:sqlite StatementSync stored at start-up',
      code: `import { DatabaseSync } from 'node:sqlite';
const db = new DatabaseSync(':memory:');
const insert = db.prepare('insert into t values (?)');
async function add(x: number) {
  insert.run(x);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'node:sqlite: new DatabaseSync inside async code',
      code: `import * as sqlite from 'node:sqlite';
async function open() {
  return new sqlite.DatabaseSync(':memory:');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'sync-request',
      code: `import request from 'sync-request';
async function handler(p: string) {
  return request('GET', 'https://example.com').getBody('utf8');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'regression: sync-fetch listed a rewrite that never applied',
      code: `import fetch from 'sync-fetch';
async function handler(p: string) {
  return fetch('https://example.com').json();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'Atomics.wait',
      code: `async function sleep(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'worker_threads.receiveMessageOnPort',
      code: `import { receiveMessageOnPort } from 'worker_threads';
async function handler(p: string) {
  return receiveMessageOnPort(p as any);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'deasync sleep, loopWhile, runLoopOnce',
      code: `import deasync from 'deasync';
async function handler(p: string) {
  deasync.sleep(100);
  deasync.loopWhile(() => !p);
  deasync.runLoopOnce();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [],
        },
        {
          messageId: 'blocking',
          line: 4,
          column: 3,
          suggestions: [],
        },
        {
          messageId: 'blocking',
          line: 5,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'deasync default: the wrapping call blocks',
      code: `import deasync from 'deasync';
async function handler(p: string) {
  return deasync((cb: any) => cb(null, p))();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'Deno.readTextFileSync becomes Deno.readTextFile',
      code: `async function load(p: string) {
  return Deno.readTextFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestGlobalSibling',
              output: `async function load(p: string) {
  return await Deno.readTextFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'Deno.writeFileSync and Deno.removeSync',
      code: `async function save(p: string, d: Uint8Array) {
  Deno.writeFileSync(p, d);
  Deno.removeSync(p + '.tmp');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestGlobalSibling',
              output: `async function save(p: string, d: Uint8Array) {
  await Deno.writeFile(p, d);
  Deno.removeSync(p + '.tmp');
}`,
            },
          ],
        },
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestGlobalSibling',
              output: `async function save(p: string, d: Uint8Array) {
  Deno.writeFileSync(p, d);
  await Deno.remove(p + '.tmp');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'Bun.spawnSync has no mechanical rewrite',
      code: `async function run() {
  return Bun.spawnSync(['git', 'status']);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 10,
          suggestions: [],
        },
      ],
    },
  ],
};

/** Every context the rule knows, and synchronous callbacks nested in them. */
export const contexts: Tables = {
  valid: [],
  invalid: [
    {
      name: 'a local helper of a request handler, called from its callbacks: reported at each call, the helper\'s call sites on the event loop (the label policy)',
      code: `import fs from 'fs';
import http from 'http';
http.createServer((req, res) => {
  function serve(file: string) {
    res.end(fs.readFileSync(file));
  }
  fs.stat('a', (err) => serve('a'));
  fs.stat('b', () => serve('b'));
});`,
      errors: [
        { messageId: 'blockingVia', line: 7, column: 25, suggestions: [] },
        { messageId: 'blockingVia', line: 8, column: 22, suggestions: [] },
      ],
    },
    {
      name: 'a local arrow helper declared in a sync factory, called from the async function it returns: reported at that call',
      code: `import fs from 'fs';
export function makeLoader(root: string) {
  const exists = (rel: string) => fs.existsSync(root + rel);
  return async (name: string) => (exists(name) ? name : null);
}`,
      errors: [{ messageId: 'blockingVia', line: 4, column: 35, suggestions: [] }],
    },
    {
      name: 'async function declaration',
      code: `import fs from 'fs';
async function load() {
  return fs.readFileSync('a.json');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function load() {
  return await fs.promises.readFile('a.json');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'async function expression',
      code: `import fs from 'fs';
export const load = async function () {
  return fs.readFileSync('a.json');
};`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export const load = async function () {
  return await fs.promises.readFile('a.json');
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'async arrow with an expression body',
      code: `import fs from 'fs';
export const load = async () => fs.readFileSync('a.json');`,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 33,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export const load = async () => await fs.promises.readFile('a.json');`,
            },
          ],
        },
      ],
    },
    {
      name: 'async class method',
      code: `import fs from 'fs';
export class Store {
  async load() {
    return fs.readFileSync('a.json');
  }
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export class Store {
  async load() {
    return await fs.promises.readFile('a.json');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'async static class method',
      code: `import fs from 'fs';
export class Store {
  static async load() {
    return fs.readFileSync('a.json');
  }
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export class Store {
  static async load() {
    return await fs.promises.readFile('a.json');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'async object method',
      code: `import fs from 'fs';
export const store = {
  async load() {
    return fs.readFileSync('a.json');
  },
};`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export const store = {
  async load() {
    return await fs.promises.readFile('a.json');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'async arrow as an object property',
      code: `import fs from 'fs';
export const store = {
  load: async () => fs.readFileSync('a.json'),
};`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 21,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export const store = {
  load: async () => await fs.promises.readFile('a.json'),
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'async generator',
      code: `import fs from 'fs';
export async function* lines(files: string[]) {
  for (const f of files) yield fs.readFileSync(f, 'utf8');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 32,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function* lines(files: string[]) {
  for (const f of files) yield await fs.promises.readFile(f, 'utf8');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'then callback',
      code: `import fs from 'fs';
export function next(p: Promise<string>) {
  return p.then((file) => fs.readFileSync(file));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 27,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export function next(p: Promise<string>) {
  return p.then(async (file) => await fs.promises.readFile(file));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'catch callback written as a function expression',
      code: `import fs from 'fs';
export function next(p: Promise<string>) {
  return p.catch(function () {
    return fs.readFileSync('fallback.json');
  });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export function next(p: Promise<string>) {
  return p.catch(async function () {
    return await fs.promises.readFile('fallback.json');
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'finally callback',
      code: `import fs from 'fs';
export function next(p: Promise<string>) {
  return p.finally(() => {
    fs.rmSync('lock');
  });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export function next(p: Promise<string>) {
  return p.finally(async () => {
    await fs.promises.rm('lock');
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'new Promise executor inside an async function: reported, no safe rewrite',
      code: `import fs from 'fs';
export async function read(file: string) {
  return new Promise((resolve) => {
    resolve(fs.readFileSync(file));
  });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 13,
          suggestions: [],
        },
      ],
    },
    {
      name: 'http.createServer callback',
      code: `import http from 'http';
import fs from 'fs';
http.createServer((req, res) => {
  res.end(fs.readFileSync('index.html'));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import http from 'http';
import fs from 'fs';
http.createServer(async (req, res) => {
  res.end(await fs.promises.readFile('index.html'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'https.createServer callback after options',
      code: `import https from 'node:https';
import fs from 'fs';
https.createServer({}, function (req, res) {
  res.end(fs.readFileSync('index.html'));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import https from 'node:https';
import fs from 'fs';
https.createServer({}, async function (req, res) {
  res.end(await fs.promises.readFile('index.html'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'http2.createSecureServer callback',
      code: `import http2 from 'http2';
import fs from 'fs';
http2.createSecureServer({}, (req, res) => {
  res.end(fs.readFileSync('index.html'));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import http2 from 'http2';
import fs from 'fs';
http2.createSecureServer({}, async (req, res) => {
  res.end(await fs.promises.readFile('index.html'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'net.createServer connection callback',
      code: `import net from 'net';
import fs from 'fs';
net.createServer((socket) => {
  socket.end(fs.readFileSync('banner.txt'));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 14,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import net from 'net';
import fs from 'fs';
net.createServer(async (socket) => {
  socket.end(await fs.promises.readFile('banner.txt'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'server.on(\'request\')',
      code: `import http from 'http';
import fs from 'fs';
const server = http.createServer();
server.on('request', (req, res) => {
  res.end(fs.readFileSync('index.html'));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import http from 'http';
import fs from 'fs';
const server = http.createServer();
server.on('request', async (req, res) => {
  res.end(await fs.promises.readFile('index.html'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'server.on(\'connection\')',
      code: `import net from 'net';
import fs from 'fs';
const server = net.createServer();
server.on('connection', (socket) => {
  socket.write(fs.readFileSync('banner.txt'));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import net from 'net';
import fs from 'fs';
const server = net.createServer();
server.on('connection', async (socket) => {
  socket.write(await fs.promises.readFile('banner.txt'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'emitter.on(\'data\') is an event listener',
      code: `import fs from 'fs';
process.stdin.on('data', (chunk) => {
  fs.appendFileSync('log.txt', chunk);
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
process.stdin.on('data', async (chunk) => {
  await fs.promises.appendFile('log.txt', chunk);
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'express route',
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/users', (req, res) => {
  res.json(JSON.parse(fs.readFileSync('users.json', 'utf8')));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 23,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/users', async (req, res) => {
  res.json(JSON.parse(await fs.promises.readFile('users.json', 'utf8')));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'express route after a middleware argument',
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.post('/upload', express.json(), (req, res) => {
  fs.writeFileSync('upload.json', JSON.stringify(req.body));
  res.end();
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import express from 'express';
import fs from 'fs';
const app = express();
app.post('/upload', express.json(), async (req, res) => {
  await fs.promises.writeFile('upload.json', JSON.stringify(req.body));
  res.end();
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'express route with a regular expression path',
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.get(/^\\/files\\/(.*)$/, (req, res) => {
  res.send(fs.readFileSync(req.params[0]));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import express from 'express';
import fs from 'fs';
const app = express();
app.get(/^\\/files\\/(.*)$/, async (req, res) => {
  res.send(await fs.promises.readFile(req.params[0]));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'express middleware with app.use(fn)',
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.use((req, res, next) => {
  fs.appendFileSync('access.log', req.url);
  next();
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import express from 'express';
import fs from 'fs';
const app = express();
app.use(async (req, res, next) => {
  await fs.promises.appendFile('access.log', req.url);
  next();
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'express middleware with a mount path',
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.use('/static', function (req, res, next) {
  res.send(fs.readFileSync('public' + req.path));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import express from 'express';
import fs from 'fs';
const app = express();
app.use('/static', async function (req, res, next) {
  res.send(await fs.promises.readFile('public' + req.path));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'router.route(\'/x\').get(fn)',
      code: `import { Router } from 'express';
import fs from 'fs';
const router = Router();
router.route('/report').get((req, res) => {
  res.send(fs.readFileSync('report.csv'));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { Router } from 'express';
import fs from 'fs';
const router = Router();
router.route('/report').get(async (req, res) => {
  res.send(await fs.promises.readFile('report.csv'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'koa middleware',
      code: `import Koa from 'koa';
import fs from 'fs';
const app = new Koa();
app.use((ctx) => {
  ctx.body = fs.readFileSync('index.html');
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 14,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import Koa from 'koa';
import fs from 'fs';
const app = new Koa();
app.use(async (ctx) => {
  ctx.body = await fs.promises.readFile('index.html');
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'fastify shorthand route',
      code: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.get('/health', (request, reply) => {
  return fs.readFileSync('VERSION', 'utf8');
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.get('/health', async (request, reply) => {
  return await fs.promises.readFile('VERSION', 'utf8');
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'fastify route({ handler() {} })',
      code: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.route({
  method: 'GET',
  url: '/',
  handler(request, reply) {
    return fs.readFileSync('index.html');
  },
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 8,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.route({
  method: 'GET',
  url: '/',
  async handler(request, reply) {
    return await fs.promises.readFile('index.html');
  },
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'fastify route({ handler: arrow })',
      code: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.route({ method: 'GET', url: '/', handler: (request, reply) => fs.readFileSync('index.html') });`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 67,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.route({ method: 'GET', url: '/', handler: async (request, reply) => await fs.promises.readFile('index.html') });`,
            },
          ],
        },
      ],
    },
    {
      name: 'regression: a fastify hook that takes done was made async (fastify rejects it)',
      code: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.addHook('onRequest', (request, reply, done) => {
  fs.appendFileSync('access.log', request.url);
  done();
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'fastify addHook without done',
      code: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.addHook('preHandler', (request, reply) => {
  fs.appendFileSync('access.log', request.url);
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.addHook('preHandler', async (request, reply) => {
  await fs.promises.appendFile('access.log', request.url);
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'hono route',
      code: `import { Hono } from 'hono';
import fs from 'fs';
const app = new Hono();
app.get('/', (c) => c.html(fs.readFileSync('index.html', 'utf8')));`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { Hono } from 'hono';
import fs from 'fs';
const app = new Hono();
app.get('/', async (c) => c.html(await fs.promises.readFile('index.html', 'utf8')));`,
            },
          ],
        },
      ],
    },
    {
      name: 'connect middleware',
      code: `import connect from 'connect';
import fs from 'fs';
const app = connect();
app.use(function (req: any, res: any, next: any) {
  res.end(fs.readFileSync('index.html'));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import connect from 'connect';
import fs from 'fs';
const app = connect();
app.use(async function (req: any, res: any, next: any) {
  res.end(await fs.promises.readFile('index.html'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'socket.io message handler inside the connection handler',
      code: `import { Server } from 'socket.io';
import fs from 'fs';
const io = new Server();
io.on('connection', (socket) => {
  socket.on('chat', (msg: string) => {
    fs.appendFileSync('chat.log', msg);
  });
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { Server } from 'socket.io';
import fs from 'fs';
const io = new Server();
io.on('connection', (socket) => {
  socket.on('chat', async (msg: string) => {
    await fs.promises.appendFile('chat.log', msg);
  });
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'ws message handler',
      code: `import { WebSocketServer } from 'ws';
import fs from 'fs';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    fs.appendFileSync('messages.log', String(data));
  });
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { WebSocketServer } from 'ws';
import fs from 'fs';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', async (data) => {
    await fs.promises.appendFile('messages.log', String(data));
  });
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'NestJS controller method',
      code: `import { Controller, Get } from '@nestjs/common';
import fs from 'fs';
@Controller('cats')
export class CatsController {
  @Get()
  findAll() {
    return fs.readFileSync('cats.json', 'utf8');
  }
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 7,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { Controller, Get } from '@nestjs/common';
import fs from 'fs';
@Controller('cats')
export class CatsController {
  @Get()
  async findAll() {
    return await fs.promises.readFile('cats.json', 'utf8');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'setTimeout callback',
      code: `import fs from 'fs';
setTimeout(() => {
  fs.writeFileSync('heartbeat', String(Date.now()));
}, 1000);`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
setTimeout(async () => {
  await fs.promises.writeFile('heartbeat', String(Date.now()));
}, 1000);`,
            },
          ],
        },
      ],
    },
    {
      name: 'setInterval callback written as a function expression',
      code: `import fs from 'fs';
setInterval(function () {
  fs.writeFileSync('heartbeat', String(Date.now()));
}, 1000);`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
setInterval(async function () {
  await fs.promises.writeFile('heartbeat', String(Date.now()));
}, 1000);`,
            },
          ],
        },
      ],
    },
    {
      name: 'a debounced function: lodash runs it later, from a timer',
      code: `import fs from 'fs';
import _ from 'lodash';
export const save = _.debounce(function () {
  fs.writeFileSync('state.json', '{}');
}, 5000);`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
import _ from 'lodash';
export const save = _.debounce(async function () {
  await fs.promises.writeFile('state.json', '{}');
}, 5000);`,
            },
          ],
        },
      ],
    },
    {
      name: 'a throttled arrow, the function second (throttle-debounce)',
      code: `import fs from 'fs';
import { throttle } from 'throttle-debounce';
export const flush = throttle(100, () => fs.appendFileSync('log', 'tick'));`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 42,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
import { throttle } from 'throttle-debounce';
export const flush = throttle(100, async () => await fs.promises.appendFile('log', 'tick'));`,
            },
          ],
        },
      ],
    },
    {
      name: 'setImmediate callback',
      code: `import fs from 'fs';
setImmediate(() => fs.rmSync('tmp', { recursive: true }));`,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
setImmediate(async () => await fs.promises.rm('tmp', { recursive: true }));`,
            },
          ],
        },
      ],
    },
    {
      name: 'process.nextTick callback',
      code: `import fs from 'fs';
process.nextTick(() => {
  fs.writeFileSync('ready', '1');
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
process.nextTick(async () => {
  await fs.promises.writeFile('ready', '1');
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'queueMicrotask callback',
      code: `import fs from 'fs';
queueMicrotask(() => {
  fs.writeFileSync('ready', '1');
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
queueMicrotask(async () => {
  await fs.promises.writeFile('ready', '1');
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'map inside an async function becomes Promise.all',
      code: `import fs from 'fs';
export async function readAll(files: string[]) {
  return files.map((f) => fs.readFileSync(f, 'utf8'));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 27,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function readAll(files: string[]) {
  return await Promise.all(files.map(async (f) => await fs.promises.readFile(f, 'utf8')));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'map inside a non-async request handler: both become async',
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/sizes', (req, res) => {
  res.json(['a', 'b'].map((f) => fs.statSync(f).size));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 34,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/sizes', async (req, res) => {
  res.json(await Promise.all(['a', 'b'].map(async (f) => (await fs.promises.stat(f)).size)));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'forEach inside an async function: reported, no safe rewrite',
      code: `import fs from 'fs';
export async function touchAll(files: string[]) {
  files.forEach((f) => {
    fs.writeFileSync(f, '');
  });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 5,
          suggestions: [],
        },
      ],
    },
    {
      name: 'filter inside a timer callback: reported, no safe rewrite',
      code: `import fs from 'fs';
setInterval(() => {
  const present = ['a', 'b'].filter((f) => fs.existsSync(f));
  console.log(present);
}, 1000);`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 44,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a sync callback two levels deep inside an async function',
      code: `import fs from 'fs';
export async function sizes(groups: string[][]) {
  return groups.map((g) => g.map((f) => fs.statSync(f).size));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 41,
          suggestions: [],
        },
      ],
    },
    {
      name: 'express route handler passed by name',
      code: `import express from 'express';
import fs from 'fs';
const app = express();
function listUsers(req: any, res: any) {
  res.send(fs.readFileSync('users.json'));
}
app.get('/users', listUsers);`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import express from 'express';
import fs from 'fs';
const app = express();
async function listUsers(req: any, res: any) {
  res.send(await fs.promises.readFile('users.json'));
}
app.get('/users', listUsers);`,
            },
          ],
        },
      ],
    },
    {
      name: 'http.createServer with a handler held in a const',
      code: `import http from 'http';
import fs from 'fs';
const handler = (req: any, res: any) => res.end(fs.readFileSync('index.html'));
http.createServer(handler);`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 49,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import http from 'http';
import fs from 'fs';
const handler = async (req: any, res: any) => res.end(await fs.promises.readFile('index.html'));
http.createServer(handler);`,
            },
          ],
        },
      ],
    },
    {
      name: 'setInterval with a named function',
      code: `import fs from 'fs';
function tick() {
  fs.writeFileSync('heartbeat', String(Date.now()));
}
setInterval(tick, 1000);`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
async function tick() {
  await fs.promises.writeFile('heartbeat', String(Date.now()));
}
setInterval(tick, 1000);`,
            },
          ],
        },
      ],
    },
    {
      name: 'fastify route({ handler }) with a handler passed by name',
      code: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
function index() {
  return fs.readFileSync('index.html');
}
app.route({ method: 'GET', url: '/', handler: index });`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
async function index() {
  return await fs.promises.readFile('index.html');
}
app.route({ method: 'GET', url: '/', handler: index });`,
            },
          ],
        },
      ],
    },
    {
      name: 'server.on(\'request\') with an async handler passed by name',
      code: `import http from 'http';
import fs from 'fs';
const server = http.createServer();
async function onRequest(req: any, res: any) {
  res.end(fs.readFileSync('index.html'));
}
server.on('request', onRequest);`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import http from 'http';
import fs from 'fs';
const server = http.createServer();
async function onRequest(req: any, res: any) {
  res.end(await fs.promises.readFile('index.html'));
}
server.on('request', onRequest);`,
            },
          ],
        },
      ],
    },
  ],
};

/** Start-up code, synchronous code, and the promise and callback APIs. */
export const notReported: Tables = {
  valid: [
    {
      name: 'a local helper called only from start-up code is start-up code',
      code: `import fs from 'fs';
function setup() {
  function load(name: string) {
    return fs.readFileSync(name, 'utf8');
  }
  return load('a') + load('b');
}
export const text = setup();`,
    },
    {
      name: 'module top level is start-up',
      code: `import fs from 'fs';
export const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));`,
    },
    {
      name: 'top-level await is start-up',
      code: `import fs from 'fs';
await Promise.resolve();
export const config = fs.readFileSync('config.json', 'utf8');`,
    },
    {
      name: 'a plain synchronous function',
      code: `import fs from 'fs';
export function loadConfig() {
  return fs.readFileSync('config.json', 'utf8');
}`,
    },
    {
      name: 'a plain synchronous arrow function',
      code: `import fs from 'fs';
export const loadConfig = () => fs.readFileSync('config.json', 'utf8');`,
    },
    {
      name: 'a synchronous class method',
      code: `import fs from 'fs';
export class Config {
  load() {
    return fs.readFileSync('config.json', 'utf8');
  }
}`,
    },
    {
      name: 'a class constructor',
      code: `import fs from 'fs';
export class Config {
  text: string;
  constructor() {
    this.text = fs.readFileSync('config.json', 'utf8');
  }
}`,
    },
    {
      name: 'a start-up async IIFE',
      code: `import fs from 'fs';
(async () => {
  const config = fs.readFileSync('config.json', 'utf8');
  console.log(config);
})();`,
    },
    {
      name: 'a start-up async function expression IIFE',
      code: `import fs from 'fs';
void (async function main() {
  fs.mkdirSync('out', { recursive: true });
})();`,
    },
    {
      name: 'process.on(\'exit\') must be synchronous',
      code: `import fs from 'fs';
process.on('exit', () => {
  fs.writeFileSync('state.json', '{}');
});`,
    },
    {
      name: 'fs/promises is the async API',
      code: `import { readFile } from 'fs/promises';
export async function load() {
  return readFile('config.json', 'utf8');
}`,
    },
    {
      name: 'node:fs/promises namespace import',
      code: `import * as fsp from 'node:fs/promises';
export async function load() {
  await fsp.mkdir('out', { recursive: true });
  return fsp.stat('out');
}`,
    },
    {
      name: 'fs.promises member',
      code: `import fs from 'fs';
export async function load() {
  return fs.promises.readFile('config.json', 'utf8');
}`,
    },
    {
      name: 'destructured fs.promises',
      code: `import fs from 'fs';
const { readFile } = fs.promises;
export async function load() {
  return readFile('config.json', 'utf8');
}`,
    },
    {
      name: 'require(\'fs\').promises',
      code: `const { readFile } = require('fs').promises;
async function load() {
  return readFile('config.json', 'utf8');
}`,
      filename: 'file.js',
    },
    {
      name: 'fs callback API',
      code: `import fs from 'fs';
export async function load() {
  fs.readFile('config.json', (err, data) => console.log(err, data));
}`,
    },
    {
      name: 'crypto.pbkdf2 with a callback',
      code: `import crypto from 'crypto';
export async function hash(p: string) {
  crypto.pbkdf2(p, 'salt', 100000, 64, 'sha512', (err, key) => console.log(key));
}`,
    },
    {
      name: 'zlib.gzip with a callback',
      code: `import { gzip } from 'zlib';
export async function pack(b: Buffer) {
  gzip(b, (err, out) => console.log(out));
}`,
    },
    {
      name: 'child_process.exec and spawn are asynchronous',
      code: `import { exec, spawn } from 'child_process';
export async function run() {
  exec('ls');
  spawn('ls');
}`,
    },
    {
      name: 'crypto.randomBytes and createHash are not in the catalog',
      code: `import crypto from 'crypto';
export async function token() {
  return crypto.createHash('sha256').update(crypto.randomBytes(16)).digest('hex');
}`,
    },
    {
      name: 'bcrypt async API',
      code: `import bcrypt from 'bcrypt';
export async function hash(p: string) {
  return bcrypt.hash(p, 12);
}`,
    },
    {
      name: 'execa async API',
      code: `import { execa } from 'execa';
export async function run() {
  return execa('ls');
}`,
    },
    {
      name: 'fs-extra async API',
      code: `import fse from 'fs-extra';
export async function load() {
  return fse.readJson('config.json');
}`,
    },
    {
      name: 'Atomics.waitAsync',
      code: `export async function wait(a: Int32Array) {
  return Atomics.waitAsync(a, 0, 0).value;
}`,
    },
    {
      name: 'Deno async API',
      code: `export async function load() {
  return Deno.readTextFile('config.json');
}`,
    },
    {
      name: 'a setTimeout that the file declares itself',
      code: `import fs from 'fs';
function setTimeout(fn: () => void) {
  fn();
}
setTimeout(() => fs.readFileSync('config.json'));`,
    },
    {
      name: 'an exported synchronous function is not a context by itself',
      code: `import fs from 'fs';
export function start(em: any) {
  return fs.readFileSync('x');
}`,
    },
    {
      name: 'new Promise executor in a synchronous function',
      code: `import fs from 'fs';
export function read() {
  return new Promise((resolve) => resolve(fs.readFileSync('a')));
}`,
    },
    {
      name: 'map in a plain function',
      code: `import fs from 'fs';
export function readAll(files: string[]) {
  return files.map((f) => fs.readFileSync(f));
}`,
    },
    {
      name: 'a callback stored for later is not run where it is written',
      code: `import fs from 'fs';
export async function register(hooks: Array<() => void>) {
  const hook = function named() {};
  hooks.push(hook);
}
export const sync = () => fs.readFileSync('a');`,
    },
    {
      name: 'no catalog import: a global readFileSync is not Node API',
      code: `export async function load() {
  return readFileSync('config.json');
}
declare function readFileSync(p: string): string;`,
    },
    {
      name: 'Atomics shadowed by a local object',
      code: `export async function wait(b: Int32Array) {
  const Atomics = { wait(..._: unknown[]) {} };
  Atomics.wait(b, 0, 0);
}`,
    },
    {
      name: 'Deno as a parameter is not the global',
      code: `export async function load(Deno: { readFileSync(p: string): string }) {
  return Deno.readFileSync('config.json');
}`,
    },
    {
      name: 'a getter is not a context by itself',
      code: `import fs from 'fs';
export class Config {
  get text() {
    return fs.readFileSync('config.json', 'utf8');
  }
}`,
    },
    {
      name: 'type-only import of fs',
      code: `import type { Stats } from 'fs';
export async function size(s: Stats) {
  return s.size;
}`,
    },
    {
      name: 'a named function passed to a function that is not a known context',
      code: `import fs from 'fs';
function load() {
  return fs.readFileSync('a');
}
register(load);
declare function register(f: () => unknown): void;`,
    },
    {
      name: 'a named function passed to process.on(\'exit\')',
      code: `import fs from 'fs';
function save() {
  fs.writeFileSync('state.json', '{}');
}
process.on('exit', save);`,
    },
  ],
  invalid: [],
};

/** Every way a file can bind a catalog API: imports, `require`, re-binding, computed members, globals. */
export const bindings: Tables = {
  valid: [],
  invalid: [
    {
      name: 'ESM default import',
      code: `import fs from 'fs';
export async function load(p: string) {
  return fs.readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ESM namespace import',
      code: `import * as fs from 'fs';
export async function load(p: string) {
  return fs.readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import * as fs from 'fs';
export async function load(p: string) {
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ESM named import',
      code: `import { readFileSync } from 'fs';
export async function load(p: string) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
export async function load(p: string) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ESM aliased named import',
      code: `import { readFileSync as read } from 'fs';
export async function load(p: string) {
  return read(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync as read } from 'fs';
import { readFile } from 'fs/promises';
export async function load(p: string) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ESM named import with the node: prefix keeps the prefix',
      code: `import { readFileSync } from 'node:fs';
export async function load(p: string) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
export async function load(p: string) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ESM default import with the node: prefix',
      code: `import fs from 'node:fs';
export async function load(p: string) {
  return fs.existsSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestAccess',
              output: `import fs from 'node:fs';
export async function load(p: string) {
  return await fs.promises.access(p).then(() => true, () => false);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ESM import of default by name',
      code: `import { default as fs } from 'fs';
export async function load(p: string) {
  return fs.readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { default as fs } from 'fs';
export async function load(p: string) {
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'TypeScript import = require',
      code: `import fs = require('fs');
export async function load(p: string) {
  return fs.readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs = require('fs');
export async function load(p: string) {
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'named import of node:child_process',
      code: `import { execSync } from 'node:child_process';
export async function load(p: string) {
  return execSync('ls').toString();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import { execSync, exec } from 'node:child_process';
import { promisify } from 'node:util';
export async function load(p: string) {
  return (await promisify(exec)('ls')).stdout.toString();
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'require bound to a variable',
      code: `const fs = require('fs');
export async function load(p: string) {
  return fs.readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `const fs = require('fs');
export async function load(p: string) {
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'require with destructuring',
      code: `const { readFileSync } = require('fs');
export async function load(p: string) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFile } from 'fs/promises';
const { readFileSync } = require('fs');
export async function load(p: string) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'require with destructuring and aliasing',
      code: `const { readFileSync: read } = require('node:fs');
export async function load(p: string) {
  return read(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFile } from 'node:fs/promises';
const { readFileSync: read } = require('node:fs');
export async function load(p: string) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'require(\'fs\').readFileSync() inline',
      code: `
export async function load(p: string) {
  return require('fs').readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `
export async function load(p: string) {
  return await require('fs').promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'computed member fs[\'readFileSync\']',
      code: `import fs from 'fs';
export async function load(p: string) {
  return fs['readFileSync'](p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'computed member with a template literal key',
      code: `import fs from 'fs';
export async function load(p: string) {
  return fs[\`readFileSync\`](p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 're-bound reference: const read = fs.readFileSync',
      code: `import fs from 'fs';
const read = fs.readFileSync;
export async function load(p: string) {
  return read(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
import { readFile } from 'fs/promises';
const read = fs.readFileSync;
export async function load(p: string) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 're-bound reference to a named import',
      code: `import { readFileSync } from 'fs';
const read = readFileSync;
export async function load(p: string) {
  return read(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
const read = readFileSync;
export async function load(p: string) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'destructured from the default import',
      code: `import fs from 'fs';
const { readFileSync } = fs;
export async function load(p: string) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
import { readFile } from 'fs/promises';
const { readFileSync } = fs;
export async function load(p: string) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'await import(\'fs\')',
      code: `
export async function load(p: string) {
  const fs = await import('fs');
  return fs.readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `
export async function load(p: string) {
  const fs = await import('fs');
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'destructured await import(\'node:fs\')',
      code: `
export async function load(p: string) {
  const { readFileSync } = await import('node:fs');
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `
import { readFile } from 'node:fs/promises';
export async function load(p: string) {
  const { readFileSync } = await import('node:fs');
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'globalThis.Atomics.wait',
      code: `
export async function load(p: string) {
  return globalThis.Atomics.wait(new Int32Array(4), 0, 0);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'call under a non-null assertion',
      code: `import fs from 'fs';
export async function load(p: string) {
  return fs.readFileSync(p)!.toString();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return (await fs.promises.readFile(p))!.toString();
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'callee under a type assertion',
      code: `import fs from 'fs';
export async function load(p: string) {
  return (fs.readFileSync as typeof fs.readFileSync)(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS file: require bound to a variable',
      code: `const fs = require('fs');
exports.load = async function (p) {
  return fs.readFileSync(p);
};`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `const fs = require('fs');
exports.load = async function (p) {
  return await fs.promises.readFile(p);
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'regression: a CommonJS file (sourceType commonjs) got an ESM import; destructured existsSync',
      code: `const { existsSync } = require('fs');
exports.load = async function (p) {
  return existsSync(p);
};`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestAccess',
              output: `const { existsSync } = require('fs');
const { access } = require('fs/promises');
exports.load = async function (p) {
  return await access(p).then(() => true, () => false);
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS file: destructured execSync is extended, not required twice',
      code: `const { execSync } = require('child_process');
exports.load = async function (p) {
  return execSync('ls').toString();
};`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `const { execSync, exec } = require('child_process');
const { promisify } = require('util');
exports.load = async function (p) {
  return (await promisify(exec)('ls')).stdout.toString();
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS file: zlib with the node: prefix',
      code: `const zlib = require('node:zlib');
exports.load = async function (p) {
  return zlib.gzipSync(p);
};`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `const zlib = require('node:zlib');
const { promisify } = require('node:util');
exports.load = async function (p) {
  return await promisify(zlib.gzip)(p);
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS file: an existing util binding is reused',
      code: `const crypto = require('crypto');
const util = require('util');
exports.load = async function (p) {
  return crypto.scryptSync(p, 'salt', 64);
};`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `const crypto = require('crypto');
const util = require('util');
exports.load = async function (p) {
  return await util.promisify(crypto.scrypt)(p, 'salt', 64);
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS file with a directive',
      code: `'use strict';
exports.load = async function (p) {
  return require('fs').readFileSync(p);
};`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `'use strict';
exports.load = async function (p) {
  return await require('fs').promises.readFile(p);
};`,
            },
          ],
        },
      ],
    },
  ],
};

/** Calls that look like catalog APIs by name but are not bound to one. */
export const nameTraps: Tables = {
  valid: [
    {
      name: 'a user\'s own runSync method',
      code: `class Job {
  runSync() {
    return 1;
  }
}
export async function run(job: Job) {
  return job.runSync();
}`,
    },
    {
      name: 'a user\'s own getCookieStringSync method (tough-cookie style)',
      code: `export async function cookies(jar: { getCookieStringSync(url: string): string }) {
  return jar.getCookieStringSync('https://example.com');
}`,
    },
    {
      name: 'a readFileSync method on an unrelated object',
      code: `export async function load(vfs: { readFileSync(p: string): string }) {
  return vfs.readFileSync('a.txt');
}`,
    },
    {
      name: 'a local function named readFileSync',
      code: `function readFileSync(p: string) {
  return p;
}
export async function load() {
  return readFileSync('a.txt');
}`,
    },
    {
      name: 'a local function shadows the import',
      code: `import { readFileSync } from 'fs';
export async function load() {
  function readFileSync(p: string) {
    return p;
  }
  return readFileSync('a.txt');
}`,
    },
    {
      name: 'a parameter shadows the import',
      code: `import { readFileSync } from 'fs';
export async function load(readFileSync: (p: string) => string) {
  return readFileSync('a.txt');
}`,
    },
    {
      name: 'a local variable shadows the default import',
      code: `import fs from 'fs';
export async function load() {
  const fs = { readFileSync: (p: string) => p };
  return fs.readFileSync('a.txt');
}`,
    },
    {
      name: 'a look-alike prepare().all() on an unrelated object',
      code: `export async function list(cache: any) {
  return cache.prepare('users').all();
}`,
    },
    {
      name: 'a look-alike prepare().all() on a class named Database that is not better-sqlite3',
      code: `class Database {
  prepare(sql: string) {
    return { all: () => [sql] };
  }
}
const db = new Database();
export async function list() {
  return db.prepare('select 1').all();
}`,
    },
    {
      name: 'execSync from a module that is not child_process',
      code: `import { execSync } from './shell';
export async function run() {
  return execSync('ls');
}`,
    },
    {
      name: 'sync from a package that is not in the catalog',
      code: `import { sync } from 'mkdirp';
export async function make() {
  return sync('out');
}`,
    },
    {
      name: 'hashSync from a package that is not in the catalog',
      code: `import { hashSync } from 'hasha';
export async function digest(s: string) {
  return hashSync(s);
}`,
    },
    {
      name: 'a module path that merely contains fs',
      code: `import fs from './fs';
export async function load() {
  return fs.readFileSync('a.txt');
}`,
    },
    {
      name: 'require of a non-constant specifier',
      code: `export async function load(name: string) {
  return require(name).readFileSync('a.txt');
}`,
    },
    {
      name: 'a required fs shadowed by a parameter',
      code: `const fs = require('fs');
export async function load(fs: { readFileSync(p: string): string }) {
  return fs.readFileSync('a.txt');
}`,
    },
    {
      name: 'a prepare() call without a catalog instance',
      code: `import Database from 'better-sqlite3';
export async function list(db: { prepare(s: string): { all(): unknown[] } }) {
  return db.prepare('select 1').all();
}`,
    },
  ],
  invalid: [],
};

/** JavaScript (CommonJS and ES modules) and the other TypeScript extensions. */
export const javascriptFiles: Tables = {
  valid: [
    {
      name: 'CommonJS: module top level',
      code: `const fs = require('fs');
module.exports = JSON.parse(fs.readFileSync('config.json', 'utf8'));`,
      filename: 'file.js',
      languageOptions: commonjs,
    },
    {
      name: 'CommonJS: a plain function',
      code: `const { execSync } = require('child_process');
function version() {
  return execSync('git describe').toString();
}
module.exports = { version };`,
      filename: 'file.js',
      languageOptions: commonjs,
    },
  ],
  invalid: [
    {
      name: 'CommonJS: express handler in a .js file',
      code: `const express = require('express');
const fs = require('fs');
const app = express();
app.get('/', function (req, res) {
  res.send(fs.readFileSync('index.html', 'utf8'));
});`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `const express = require('express');
const fs = require('fs');
const app = express();
app.get('/', async function (req, res) {
  res.send(await fs.promises.readFile('index.html', 'utf8'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: a new require is added after the existing ones',
      code: `'use strict';
const path = require('path');
const { readFileSync } = require('fs');

module.exports = async function load(name) {
  return readFileSync(path.join(__dirname, name));
};`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `'use strict';
const path = require('path');
const { readFileSync } = require('fs');
const { readFile } = require('fs/promises');

module.exports = async function load(name) {
  return await readFile(path.join(__dirname, name));
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: zlib and promisify',
      code: `const { gunzipSync } = require('zlib');
module.exports.unpack = async (buf) => gunzipSync(buf);`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 40,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `const { gunzipSync, gunzip } = require('zlib');
const { promisify } = require('util');
module.exports.unpack = async (buf) => await promisify(gunzip)(buf);`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: a double-quoted require keeps the quote style',
      code: `const { statSync } = require("fs");
exports.size = async (p) => statSync(p).size;`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 29,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `const { statSync } = require("fs");
const { stat } = require("fs/promises");
exports.size = async (p) => (await stat(p)).size;`,
            },
          ],
        },
      ],
    },
    {
      name: 'ES module .js file',
      code: `import { readFileSync } from 'node:fs';
export async function load(p) {
  return readFileSync(p, 'utf8');
}`,
      filename: 'file.js',
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
export async function load(p) {
  return await readFile(p, 'utf8');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ES module .js file with a double-quoted import',
      code: `import { pbkdf2Sync } from "node:crypto";
export async function hash(p) {
  return pbkdf2Sync(p, "salt", 1e5, 64, "sha512");
}`,
      filename: 'file.js',
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import { pbkdf2Sync, pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
export async function hash(p) {
  return await promisify(pbkdf2)(p, "salt", 1e5, 64, "sha512");
}`,
            },
          ],
        },
      ],
    },
    {
      name: '.mts file',
      code: `import { readFileSync } from 'fs';
export const load = async (p: string) => readFileSync(p);`,
      filename: 'file.mts',
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 42,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
export const load = async (p: string) => await readFile(p);`,
            },
          ],
        },
      ],
    },
    {
      name: '.cts file with import = require',
      code: `import fs = require('fs');
export const load = async (p: string) => fs.readFileSync(p);`,
      filename: 'file.cts',
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 42,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs = require('fs');
export const load = async (p: string) => await fs.promises.readFile(p);`,
            },
          ],
        },
      ],
    },
    {
      name: '.tsx file',
      code: `import { readFileSync } from 'fs';
export async function Page() {
  return <pre>{readFileSync('README.md', 'utf8')}</pre>;
}`,
      filename: 'component.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
export async function Page() {
  return <pre>{await readFile('README.md', 'utf8')}</pre>;
}`,
            },
          ],
        },
      ],
    },
  ],
};

/** `contexts`, `ignore` and `additionalApis`. */
export const options: Tables = {
  valid: [
    {
      name: 'contexts: only timers, so an async function is not reported',
      code: `import fs from 'fs';
export async function load() {
  return fs.readFileSync('a');
}`,
      options: [{ contexts: ['timer'] }],
    },
    {
      name: 'contexts: only request handlers, so a timer is not reported',
      code: `import fs from 'fs';
setInterval(() => fs.writeFileSync('beat', ''), 1000);`,
      options: [{ contexts: ['request-handler'] }],
    },
    {
      name: 'contexts: without promise-callback',
      code: `import fs from 'fs';
export function next(p: Promise<void>) {
  return p.then(() => fs.readFileSync('a'));
}`,
      options: [{ contexts: ['async-function', 'request-handler', 'event-listener', 'timer'] }],
    },
    {
      name: 'contexts: without event-listener',
      code: `import fs from 'fs';
process.stdin.on('data', (d) => fs.appendFileSync('log', d));`,
      options: [{ contexts: ['async-function'] }],
    },
    {
      name: 'contexts: empty list reports nothing',
      code: `import fs from 'fs';
export async function load() {
  return fs.readFileSync('a');
}`,
      options: [{ contexts: [] }],
    },
    {
      name: 'ignore by catalog id',
      code: `import fs from 'fs';
export async function has(p: string) {
  return fs.existsSync(p);
}`,
      options: [{ ignore: ['fs.existsSync'] }],
    },
    {
      name: 'ignore by module name',
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
export async function list() {
  return db.prepare('select 1').all();
}`,
      options: [{ ignore: ['better-sqlite3'] }],
    },
    {
      name: 'ignore by module name with the node: prefix',
      code: `import zlib from 'zlib';
export async function pack(b: Buffer) {
  return zlib.gzipSync(b);
}`,
      options: [{ ignore: ['node:zlib'] }],
    },
    {
      name: 'ignore a global by name',
      code: `export async function sleep(a: Int32Array) {
  Atomics.wait(a, 0, 0, 10);
}`,
      options: [{ ignore: ['Atomics'] }],
    },
    {
      name: 'ignore by module: fs-extra silences its re-export of readFileSync',
      code: `import fse from 'fs-extra';
export async function load() {
  return fse.readFileSync('a');
}`,
      options: [{ ignore: ['fs-extra'] }],
    },
    {
      name: 'additionalApis: not reported at top level',
      code: `import { loadSync } from 'legacy-config';
export const config = loadSync();`,
      options: [{ additionalApis: [{ module: 'legacy-config', name: 'loadSync' }] }],
    },
  ],
  invalid: [
    {
      name: 'contexts: only timers, the timer is still reported',
      code: `import fs from 'fs';
export async function load() {
  return fs.readFileSync('a');
}
setTimeout(() => fs.readFileSync('b'), 10);`,
      options: [{ contexts: ['timer'] }],
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load() {
  return fs.readFileSync('a');
}
setTimeout(async () => await fs.promises.readFile('b'), 10);`,
            },
          ],
        },
      ],
    },
    {
      name: 'contexts: only request handlers, an async handler counts as a request handler',
      code: `import http from 'http';
import fs from 'fs';
export async function load() {
  return fs.readFileSync('a');
}
http.createServer((req, res) => res.end(fs.readFileSync('b')));
http.createServer(async (req, res) => res.end(fs.readFileSync('c')));`,
      options: [{ contexts: ['request-handler'] }],
      errors: [
        {
          messageId: 'blocking',
          line: 6,
          column: 41,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import http from 'http';
import fs from 'fs';
export async function load() {
  return fs.readFileSync('a');
}
http.createServer(async (req, res) => res.end(await fs.promises.readFile('b')));
http.createServer(async (req, res) => res.end(fs.readFileSync('c')));`,
            },
          ],
        },
        {
          messageId: 'blocking',
          line: 7,
          column: 47,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import http from 'http';
import fs from 'fs';
export async function load() {
  return fs.readFileSync('a');
}
http.createServer((req, res) => res.end(fs.readFileSync('b')));
http.createServer(async (req, res) => res.end(await fs.promises.readFile('c')));`,
            },
          ],
        },
      ],
    },
    {
      name: 'ignore by id keeps the other APIs of the module',
      code: `import fs from 'fs';
export async function load(p: string) {
  return fs.existsSync(p) ? fs.readFileSync(p) : null;
}`,
      options: [{ ignore: ['fs.existsSync'] }],
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 29,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return fs.existsSync(p) ? await fs.promises.readFile(p) : null;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ignore by module keeps other modules',
      code: `import Database from 'better-sqlite3';
import fs from 'fs';
const db = new Database('app.db');
export async function list() {
  fs.readFileSync('a');
  return db.prepare('select 1').all();
}`,
      options: [{ ignore: ['better-sqlite3'] }],
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import Database from 'better-sqlite3';
import fs from 'fs';
const db = new Database('app.db');
export async function list() {
  await fs.promises.readFile('a');
  return db.prepare('select 1').all();
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'additionalApis: a named export of a package',
      code: `import { loadSync } from 'legacy-config';
export async function reload() {
  return loadSync();
}`,
      options: [{ additionalApis: [{ module: 'legacy-config', name: 'loadSync' }] }],
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'additionalApis: the default export of a package',
      code: `import query from 'legacy-db';
export async function list() {
  return query('select 1');
}`,
      options: [{ additionalApis: [{ module: 'legacy-db', name: 'default' }] }],
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'additionalApis: a nested export path through require',
      code: `const db = require('my-db');
export async function list() {
  return db.client.querySync('select 1');
}`,
      options: [{ additionalApis: [{ module: 'my-db', name: 'client.querySync' }] }],
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'additionalApis: a relative module specifier',
      code: `import { readConfigSync } from './lib/sync-io';
export async function reload() {
  return readConfigSync();
}`,
      options: [{ additionalApis: [{ module: './lib/sync-io', name: 'readConfigSync' }] }],
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'additionalApis: a core module function that is not in the catalog',
      code: `import { execFile } from 'node:child_process';
export async function run() {
  execFile('ls');
}`,
      options: [{ additionalApis: [{ module: 'child_process', name: 'execFile' }] }],
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'regression: ignoring graceful-fs silenced Node\'s own fs.readFileSync',
      code: `import fs from 'fs';
import gfs from 'graceful-fs';
export async function load() {
  return fs.readFileSync('a') + gfs.readFileSync('b');
}`,
      options: [{ ignore: ['graceful-fs'] }],
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
import gfs from 'graceful-fs';
export async function load() {
  return await fs.promises.readFile('a') + gfs.readFileSync('b');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ignore by module: fs keeps the fs-extra calls',
      code: `import fs from 'fs';
import fse from 'fs-extra';
export async function load() {
  return fs.readFileSync('a') + fse.readFileSync('b');
}`,
      options: [{ ignore: ['fs'] }],
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 33,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
import fse from 'fs-extra';
export async function load() {
  return fs.readFileSync('a') + await fse.readFile('b');
}`,
            },
          ],
        },
      ],
    },
  ],
};

/** How suggestions place imports, pick names, add parentheses and `async`, and when they step back. */
export const suggestions: Tables = {
  valid: [],
  invalid: [
    {
      name: 'reuses an existing fs/promises named import',
      code: `import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
export async function load(p: string) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
export async function load(p: string) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'reuses an aliased fs/promises import',
      code: `import { readFileSync } from 'fs';
import { readFile as read } from 'node:fs/promises';
export async function load(p: string) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile as read } from 'node:fs/promises';
export async function load(p: string) {
  return await read(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'reuses a fs/promises namespace import',
      code: `import { readFileSync } from 'fs';
import * as fsp from 'fs/promises';
export async function load(p: string) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import * as fsp from 'fs/promises';
export async function load(p: string) {
  return await fsp.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'extends an existing fs/promises import',
      code: `import { readFileSync } from 'fs';
import { writeFile } from 'fs/promises';
export async function copy(p: string) {
  await writeFile(p + '.bak', readFileSync(p));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 31,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { writeFile, readFile } from 'fs/promises';
export async function copy(p: string) {
  await writeFile(p + '.bak', await readFile(p));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a type-only fs/promises import is not reused',
      code: `import { readFileSync } from 'fs';
import type { FileHandle } from 'fs/promises';
export async function load(p: string, h?: FileHandle) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import type { FileHandle } from 'fs/promises';
import { readFile } from 'fs/promises';
export async function load(p: string, h?: FileHandle) {
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'adds the import after the last import',
      code: `import path from 'path';
import { readFileSync } from 'fs';
import os from 'os';

export async function load(name: string) {
  return readFileSync(path.join(os.homedir(), name));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import path from 'path';
import { readFileSync } from 'fs';
import os from 'os';
import { readFile } from 'fs/promises';

export async function load(name: string) {
  return await readFile(path.join(os.homedir(), name));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'regression: a required fs/promises (const fsp = require) was not reused',
      code: `const { readFileSync } = require('fs');
const fsp = require('fs/promises');
module.exports = async (p) => readFileSync(p);`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 31,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `const { readFileSync } = require('fs');
const fsp = require('fs/promises');
module.exports = async (p) => await fsp.readFile(p);`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: extends a destructured fs/promises require',
      code: `const { readFileSync } = require('fs');
const { writeFile } = require('fs/promises');
module.exports = async (p) => writeFile(p + '.bak', readFileSync(p));`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 53,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `const { readFileSync } = require('fs');
const { writeFile, readFile } = require('fs/promises');
module.exports = async (p) => writeFile(p + '.bak', await readFile(p));`,
            },
          ],
        },
      ],
    },
    {
      name: 'name clash: a top-level readFile binding',
      code: `import { readFileSync } from 'fs';
const readFile = (p: string) => p;
export async function load(p: string) {
  return readFileSync(readFile(p));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile as readFileAsync } from 'fs/promises';
const readFile = (p: string) => p;
export async function load(p: string) {
  return await readFileAsync(readFile(p));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'name clash: readFile declared in another function',
      code: `import { readFileSync } from 'fs';
export function other() {
  const readFile = 1;
  return readFile;
}
export async function load(p: string) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 7,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile as readFileAsync } from 'fs/promises';
export function other() {
  const readFile = 1;
  return readFile;
}
export async function load(p: string) {
  return await readFileAsync(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'name clash: readFile and readFileAsync are both taken',
      code: `import { readFileSync } from 'fs';
import { readFile, readFileAsync } from './io';
export async function load(p: string) {
  return readFileSync(p) + readFile(p) + readFileAsync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile, readFileAsync } from './io';
import { readFile as readFileAsync2 } from 'fs/promises';
export async function load(p: string) {
  return await readFileAsync2(p) + readFile(p) + readFileAsync(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'name clash: a local promisify',
      code: `import { gzipSync } from 'zlib';
const promisify = (f: unknown) => f;
export async function pack(b: Buffer) {
  return gzipSync(b);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import { gzipSync, gzip } from 'zlib';
import { promisify as promisifyAsync } from 'util';
const promisify = (f: unknown) => f;
export async function pack(b: Buffer) {
  return await promisifyAsync(gzip)(b);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'reuses an existing promisify import',
      code: `import { gzipSync } from 'zlib';
import { promisify } from 'node:util';
export async function pack(b: Buffer) {
  return gzipSync(b);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import { gzipSync, gzip } from 'zlib';
import { promisify } from 'node:util';
export async function pack(b: Buffer) {
  return await promisify(gzip)(b);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'reuses a util default import for promisify',
      code: `import { execFileSync } from 'child_process';
import util from 'util';
export async function run() {
  return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import { execFileSync, execFile } from 'child_process';
import util from 'util';
export async function run() {
  return (await util.promisify(execFile)('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' })).stdout;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'parenthesises a call whose result is used: toString()',
      code: `import fs from 'fs';
export async function load(p: string) {
  return fs.readFileSync(p).toString();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return (await fs.promises.readFile(p)).toString();
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'parenthesises a property read: statSync().size',
      code: `import fs from 'fs';
export async function size(p: string) {
  return fs.statSync(p).size;
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function size(p: string) {
  return (await fs.promises.stat(p)).size;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'no parentheses as an operand',
      code: `import fs from 'fs';
export async function load(p: string) {
  return fs.readFileSync(p, 'utf8') + '\\n';
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return await fs.promises.readFile(p, 'utf8') + '\\n';
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'no parentheses in a template literal',
      code: `import fs from 'fs';
export async function load(p: string) {
  return \`\${fs.readFileSync(p, 'utf8')}!\`;
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return \`\${await fs.promises.readFile(p, 'utf8')}!\`;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'existsSync under a negation',
      code: `import fs from 'fs';
export async function ensure(p: string) {
  if (!fs.existsSync(p)) fs.mkdirSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestAccess',
              output: `import fs from 'fs';
export async function ensure(p: string) {
  if (!await fs.promises.access(p).then(() => true, () => false)) fs.mkdirSync(p);
}`,
            },
          ],
        },
        {
          messageId: 'blocking',
          line: 3,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function ensure(p: string) {
  if (!fs.existsSync(p)) await fs.promises.mkdir(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'existsSync with a spread argument has no safe rewrite',
      code: `import fs from 'fs';
export async function has(...args: [string]) {
  return fs.existsSync(...args);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'an optional call has no safe rewrite',
      code: `import fs from 'fs';
export async function load(p: string) {
  return fs.readFileSync?.(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'regression: fs?.readFileSync(p) was wrapped in needless parentheses',
      code: `import fs from 'fs';
export async function load(p: string) {
  return fs?.readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function load(p: string) {
  return await fs.promises.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'regression: execSync(...).trim() became ((await ...).stdout).trim() with doubled parentheses',
      code: `import { execSync } from 'child_process';
export async function head() {
  return execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import { execSync, exec } from 'child_process';
import { promisify } from 'util';
export async function head() {
  return (await promisify(exec)('git rev-parse HEAD', { encoding: 'utf8' })).stdout.trim();
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a map result used by a member call gets parentheses',
      code: `import fs from 'fs';
export async function readAll(files: string[]) {
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\\n');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 27,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function readAll(files: string[]) {
  return (await Promise.all(files.map(async (f) => await fs.promises.readFile(f, 'utf8')))).join('\\n');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a map callback with a block body and an index',
      code: `import fs from 'fs';
export async function readAll(files: string[]) {
  const out = files.map((f, i) => {
    const text = fs.readFileSync(f, 'utf8');
    return \`\${i}: \${text}\`;
  });
  return out;
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function readAll(files: string[]) {
  const out = await Promise.all(files.map(async (f, i) => {
    const text = await fs.promises.readFile(f, 'utf8');
    return \`\${i}: \${text}\`;
  }));
  return out;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a map inside a then callback makes both async',
      code: `import fs from 'fs';
export function next(p: Promise<string[]>) {
  return p.then((files) => files.map((f) => fs.readFileSync(f)));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 45,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export function next(p: Promise<string[]>) {
  return p.then(async (files) => await Promise.all(files.map(async (f) => await fs.promises.readFile(f))));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a map callback that is already async only gets await',
      code: `import fs from 'fs';
export async function readAll(files: string[]) {
  return Promise.all(files.map(async (f) => fs.readFileSync(f)));
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 45,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'fs';
export async function readAll(files: string[]) {
  return Promise.all(files.map(async (f) => await fs.promises.readFile(f)));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'makes a non-async object method handler async',
      code: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.route({
  method: 'GET',
  url: '/a',
  handler: function (request, reply) {
    reply.send(fs.readFileSync('a'));
  },
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 8,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import Fastify from 'fastify';
import fs from 'fs';
const app = Fastify();
app.route({
  method: 'GET',
  url: '/a',
  handler: async function (request, reply) {
    reply.send(await fs.promises.readFile('a'));
  },
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'makes a NestJS method with a computed name async',
      code: `import { Controller, Get } from '@nestjs/common';
import fs from 'fs';
@Controller()
export class C {
  @Get()
  ['index']() {
    return fs.readFileSync('index.html');
  }
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 7,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { Controller, Get } from '@nestjs/common';
import fs from 'fs';
@Controller()
export class C {
  @Get()
  async ['index']() {
    return await fs.promises.readFile('index.html');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'two blocking calls in one handler, each with its own suggestion',
      code: `import http from 'http';
import fs from 'fs';
http.createServer((req, res) => {
  if (fs.existsSync('maintenance')) return res.end('down');
  res.end(fs.readFileSync('index.html'));
});`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestAccess',
              output: `import http from 'http';
import fs from 'fs';
http.createServer(async (req, res) => {
  if (await fs.promises.access('maintenance').then(() => true, () => false)) return res.end('down');
  res.end(fs.readFileSync('index.html'));
});`,
            },
          ],
        },
        {
          messageId: 'blocking',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import http from 'http';
import fs from 'fs';
http.createServer(async (req, res) => {
  if (fs.existsSync('maintenance')) return res.end('down');
  res.end(await fs.promises.readFile('index.html'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'crypto named import is extended and promisify imported',
      code: `import { scryptSync, randomBytes } from 'node:crypto';
export async function hash(p: string) {
  const salt = randomBytes(16);
  return scryptSync(p, salt, 64);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import { scryptSync, randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
export async function hash(p: string) {
  const salt = randomBytes(16);
  return await promisify(scrypt)(p, salt, 64);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'zlib namespace import keeps the namespace',
      code: `import * as zlib from 'zlib';
export async function unpack(b: Buffer) {
  return zlib.brotliDecompressSync(b).toString('utf8');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import * as zlib from 'zlib';
import { promisify } from 'util';
export async function unpack(b: Buffer) {
  return (await promisify(zlib.brotliDecompress)(b)).toString('utf8');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra named import is extended with the async sibling',
      code: `import { readJsonSync } from 'fs-extra';
export async function load() {
  return readJsonSync('package.json');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import { readJsonSync, readJson } from 'fs-extra';
export async function load() {
  return await readJson('package.json');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'fs-extra destructured require: named sibling',
      code: `const { outputFileSync } = require('fs-extra');
exports.save = async (p, d) => outputFileSync(p, d);`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 32,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `const { outputFileSync, outputFile } = require('fs-extra');
exports.save = async (p, d) => await outputFile(p, d);`,
            },
          ],
        },
      ],
    },
    {
      name: 'glob namespace import',
      code: `import * as glob from 'glob';
export async function files() {
  return glob.globSync('src/**/*.ts');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import * as glob from 'glob';
export async function files() {
  return await glob.glob('src/**/*.ts');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'regression: a default import of execa was reused as a namespace (execa.execa)',
      code: `import { execaSync } from 'execa';
import execa from 'execa';
export async function run() {
  return execaSync('ls');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import { execaSync, execa as execaAsync } from 'execa';
import execa from 'execa';
export async function run() {
  return await execaAsync('ls');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'bcrypt named import',
      code: `import { compareSync } from 'bcrypt';
export async function check(p: string, h: string) {
  return compareSync(p, h);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestSibling',
              output: `import { compareSync, compare } from 'bcrypt';
export async function check(p: string, h: string) {
  return await compare(p, h);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'an ESM file without imports gets the import at the top',
      code: `export async function load(p: string) {
  const { readFileSync } = require('fs');
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFile } from 'fs/promises';
export async function load(p: string) {
  const { readFileSync } = require('fs');
  return await readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'reuses import { promises as fsp } from \'fs\'',
      code: `import { promises as fsp, readFileSync } from 'fs';
export async function load(p: string) {
  return readFileSync(p);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { promises as fsp, readFileSync } from 'fs';
export async function load(p: string) {
  return await fsp.readFile(p);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: reuses const { promises } = require(\'node:fs\')',
      code: `const { promises, statSync } = require('node:fs');
exports.size = async (p) => statSync(p).size;`,
      filename: 'file.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'blocking',
          line: 2,
          column: 29,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `const { promises, statSync } = require('node:fs');
exports.size = async (p) => (await promises.stat(p)).size;`,
            },
          ],
        },
      ],
    },
  ],
};

/** Without type information: the cases of `withTypes` that only types can resolve. */
export const withoutTypes: Tables = {
  valid: [
    {
      name: 'without types: a better-sqlite3 Database parameter is not known',
      code: `import type { Database } from 'better-sqlite3';
export async function list(db: Database) {
  return db.prepare('select * from users').all();
}`,
    },
    {
      name: 'without types: a better-sqlite3 Database constructor field is not known',
      code: `import type { Database } from 'better-sqlite3';
export class Users {
  constructor(private readonly db: Database) {}
  async byId(id: number) {
    return this.db.prepare('select * from users where id = ?').get(id);
  }
}`,
    },
    {
      name: 'without types: a re-export of fs.readFileSync under another name is not known',
      code: `import { readConfigFile, loadText } from './io.js';
export async function load() {
  return readConfigFile('a.json', 'utf8') + loadText('b.json', 'utf8');
}`,
    },
    {
      name: 'without types: a Database reached through an interface is not known',
      code: `import type { Services } from './io.js';
export async function count(services: Services) {
  return services.db.prepare('select count(*) from users').get();
}`,
    },
  ],
  invalid: [],
};

/** With type information (the fixtures' tsconfig and `io.ts`): declarations, re-exports, look-alikes. */
export const withTypes: Tables = {
  valid: [
    {
      name: 'a look-alike prepare().all() on an unrelated class',
      code: `import { Cache } from './io.js';
export async function list(cache: Cache) {
  return cache.prepare('users').all();
}`,
    },
    {
      name: 'a look-alike readFileSync method on an unrelated class',
      code: `import { Cache } from './io.js';
export async function load(cache: Cache) {
  return cache.readFileSync('users');
}`,
    },
    {
      name: 'a local class named Database',
      code: `class Database {
  prepare(sql: string) {
    return { all: () => [sql] };
  }
}
export async function list(db: Database) {
  return db.prepare('select 1').all();
}`,
    },
    {
      name: 'module top level stays start-up with types',
      code: `import type { Database } from 'better-sqlite3';
declare const db: Database;
export const rows = db.prepare('select 1').all();`,
    },
    {
      name: 'the fs/promises API with types',
      code: `import { readFile } from 'node:fs/promises';
export async function load() {
  return readFile('a.json', 'utf8');
}`,
    },
    {
      name: 'a user method named execSync with types',
      code: `class Shell {
  execSync(cmd: string) {
    return cmd;
  }
}
export async function run(sh: Shell) {
  return sh.execSync('ls');
}`,
    },
    {
      name: 'with types: a look-alike method destructured from `await import()`',
      code: `export async function load() {
  const { Cache } = await import('./io.js');
  return new Cache().readFileSync('users');
}`,
    },
    {
      name: 'with types: a helper destructured from `await import()` in start-up code',
      code: `async function main() {
  const { readSettings } = await import('./io.js');
  return readSettings();
}
main();`,
    },
    {
      name: 'with types: a package required in a TypeScript file is not followed',
      code: `const path = require('node:path');
export async function join(a: string) {
  return path.join(a, 'b');
}`,
    },
  ],
  invalid: [
    {
      name: 'with types: a better-sqlite3 Database parameter',
      code: `import type { Database } from 'better-sqlite3';
export async function list(db: Database) {
  return db.prepare('select * from users').all();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'with types: a better-sqlite3 Database constructor field',
      code: `import type { Database } from 'better-sqlite3';
export class Users {
  constructor(private readonly db: Database) {}
  async byId(id: number) {
    return this.db.prepare('select * from users where id = ?').get(id);
  }
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          column: 12,
          suggestions: [],
        },
      ],
    },
    {
      name: 'with types: a re-export of fs.readFileSync under another name',
      code: `import { readConfigFile, loadText } from './io.js';
export async function load() {
  return readConfigFile('a.json', 'utf8') + loadText('b.json', 'utf8');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readConfigFile, loadText } from './io.js';
import { readFile } from 'fs/promises';
export async function load() {
  return await readFile('a.json', 'utf8') + loadText('b.json', 'utf8');
}`,
            },
          ],
        },
        {
          messageId: 'blocking',
          line: 3,
          column: 45,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readConfigFile, loadText } from './io.js';
import { readFile } from 'fs/promises';
export async function load() {
  return readConfigFile('a.json', 'utf8') + await readFile('b.json', 'utf8');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'with types: a Database reached through an interface',
      code: `import type { Services } from './io.js';
export async function count(services: Services) {
  return services.db.prepare('select count(*) from users').get();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      name: 'with types: a stored Statement parameter',
      code: `import type { Statement } from 'better-sqlite3';
export async function insert(stmt: Statement, name: string) {
  stmt.run(name);
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'with types: the binding cases still work',
      code: `import fs from 'node:fs';
export async function load(p: string) {
  return fs.readFileSync(p, 'utf8');
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import fs from 'node:fs';
export async function load(p: string) {
  return await fs.promises.readFile(p, 'utf8');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'with types: a CommonJS .js file',
      code: `const fs = require('fs');
async function size(p) {
  return fs.statSync(p).size;
}
module.exports = { size };`,
      filename: 'script.js',
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `const fs = require('fs');
async function size(p) {
  return (await fs.promises.stat(p)).size;
}
module.exports = { size };`,
            },
          ],
        },
      ],
    },
    {
      name: 'regression: with types, file.tsx of the fixtures was shadowed by file.ts in the project',
      code: `import { readFileSync } from 'fs';
export async function Page() {
  return <pre>{readFileSync('README.md', 'utf8')}</pre>;
}`,
      filename: 'component.tsx',
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: `import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
export async function Page() {
  return <pre>{await readFile('README.md', 'utf8')}</pre>;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'with types: execSync suggestion',
      code: `import { execSync } from 'node:child_process';
export async function head() {
  return execSync('git rev-parse HEAD').toString().trim();
}`,
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPromisify',
              output: `import { execSync, exec } from 'node:child_process';
import { promisify } from 'node:util';
export async function head() {
  return (await promisify(exec)('git rev-parse HEAD')).stdout.toString().trim();
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'with types: a helper destructured from `await import()`',
      code: `export async function load() {
  const { readSettings } = await import('./io.js');
  return readSettings();
}`,
      errors: [{ messageId: 'blockingVia', line: 3, column: 10, suggestions: [] }],
    },
    {
      name: 'with types: a helper renamed while destructured from `await import()`',
      code: `export async function load() {
  const { readSettings: settings } = await import('./io.js');
  return settings();
}`,
      errors: [{ messageId: 'blockingVia', line: 3, column: 10, suggestions: [] }],
    },
    {
      name: 'with types: `require()` in a TypeScript file, an ES export',
      code: `const io = require('./io');
export async function load() {
  return io.readSettings();
}`,
      errors: [{ messageId: 'blockingVia', line: 3, column: 10, suggestions: [] }],
    },
    {
      name: 'with types: `require()` in a TypeScript file, an `exports.x =` export',
      code: `const io = require('./io');
export async function load() {
  return io.readLegacy('a.txt');
}`,
      errors: [{ messageId: 'blockingVia', line: 3, column: 10, suggestions: [] }],
    },
    {
      name: 'with types: a name destructured from `require()` in a TypeScript file',
      code: `const { readLegacy } = require('./io');
export async function load() {
  return readLegacy('a.txt');
}`,
      errors: [{ messageId: 'blockingVia', line: 3, column: 10, suggestions: [] }],
    },
    {
      name: 'with types: an `exports.x =` export through a namespace import',
      code: `import * as io from './io.js';
export async function load() {
  return (io as any).readLegacy('a.txt');
}`,
      errors: [{ messageId: 'blockingVia', line: 3, column: 10, suggestions: [] }],
    },
  ],
};

/** Every table, for the tests that parse and type-check suggestion outputs. `withTypes` runs on the typed tester. */
export const tables: Record<string, Tables> = {
  kinds,
  contexts,
  notReported,
  bindings,
  nameTraps,
  javascriptFiles,
  options,
  suggestions,
  withoutTypes,
  withTypes,
};

untypedTester().run('no-blocking-io: every kind of the catalog', rule, kinds);
untypedTester().run('no-blocking-io: every context', rule, contexts);
untypedTester().run('no-blocking-io: not reported', rule, notReported);
untypedTester().run('no-blocking-io: every binding form', rule, bindings);
untypedTester().run('no-blocking-io: name traps', rule, nameTraps);
untypedTester().run('no-blocking-io: JavaScript files', rule, javascriptFiles);
untypedTester().run('no-blocking-io: options', rule, options);
untypedTester().run('no-blocking-io: suggestions', rule, suggestions);
untypedTester().run('no-blocking-io: without type information', rule, withoutTypes);
typedTester().run('no-blocking-io: with type information', rule, withTypes);

/**
 * Invalid options must stop ESLint with a message that points at what is wrong. The rule checks its options against
 * its own schema when it starts (ESLint does not validate them: `schema: false`), and every message names the option
 * at fault, also for what the schema cannot express (an `ignore` value that is no catalog id).
 */
describe('no-blocking-io: invalid options', () => {
  const verify = (options: unknown): string => {
    const linter = new Linter({ configType: 'flat' });
    const plugin = { rules: { 'no-blocking-io': rule as unknown as ESLintRule.RuleModule } };
    try {
      linter.verify('export async function f() {}', [{ plugins: { loopguard: plugin }, rules: { 'loopguard/no-blocking-io': ['error', options] } }], 'file.js');
    } catch (error) {
      return (error as Error).message;
    }
    return assert.fail(`options ${JSON.stringify(options)} were accepted`);
  };

  it('an unknown property is named with the expected ones', () => {
    const message = verify({ context: ['timer'] });
    assert.match(message, /loopguard\/no-blocking-io/);
    assert.match(message, /option "context" is unknown; the options are "contexts", "ignore", "additionalApis", "followHelpers", "startup", "cliFiles", "reportCliFiles"/);
  });

  it('contexts: a misspelt context kind is quoted with the allowed ones', () => {
    assert.match(verify({ contexts: ['timers'] }), /option "contexts\[0\]" must be one of "async-function", "promise-callback", "request-handler", "event-listener", "timer"; it is "timers"/);
  });

  it('contexts: a string instead of a list', () => {
    assert.match(verify({ contexts: 'timer' }), /option "contexts" must be an array; it is "timer"/);
  });

  it('contexts: a repeated kind', () => {
    assert.match(verify({ contexts: ['timer', 'timer'] }), /option "contexts" lists "timer" twice/);
  });

  it('ignore: a value that is no catalog id, module or global names the option', () => {
    const message = verify({ ignore: ['fs.readFileSyncc'] });
    assert.match(message, /option "ignore" has "fs\.readFileSyncc", which is neither a catalog id/);
    assert.match(message, /Run `loopguard --explain` for the list, or remove it/);
  });

  it('ignore: an empty string', () => {
    assert.match(verify({ ignore: [''] }), /option "ignore\[0\]" must not be empty/);
  });

  it('ignore: a number', () => {
    assert.match(verify({ ignore: [42] }), /option "ignore\[0\]" must be a string; it is 42/);
  });

  it('additionalApis: an entry without a name', () => {
    assert.match(verify({ additionalApis: [{ module: 'legacy-db' }] }), /option "additionalApis\[0\]" needs "name"/);
  });

  it('additionalApis: an entry with an unknown property', () => {
    assert.match(
      verify({ additionalApis: [{ module: 'legacy-db', name: 'query', async: false }] }),
      /option "additionalApis\[0\]\.async" is unknown; the options are "module", "name"/,
    );
  });

  it('additionalApis: an object instead of a list', () => {
    assert.match(verify({ additionalApis: { module: 'legacy-db', name: 'query' } }), /option "additionalApis" must be an array/);
  });

  it('followHelpers, reportCliFiles: not booleans', () => {
    assert.match(verify({ followHelpers: 'yes' }), /option "followHelpers" must be a boolean; it is "yes"/);
    assert.match(verify({ reportCliFiles: 1 }), /option "reportCliFiles" must be a boolean; it is 1/);
  });

  it('startup, cliFiles: lists of non-empty strings', () => {
    assert.match(verify({ startup: [1] }), /option "startup\[0\]" must be a string; it is 1/);
    assert.match(verify({ cliFiles: 'bin/**' }), /option "cliFiles" must be an array; it is "bin\/\*\*"/);
    assert.match(verify({ cliFiles: [''] }), /option "cliFiles\[0\]" must not be empty/);
  });

  it('regression: a second options object is refused, not ignored', () => {
    const linter = new Linter({ configType: 'flat' });
    const plugin = { rules: { 'no-blocking-io': rule as unknown as ESLintRule.RuleModule } };
    assert.throws(
      () => linter.verify('x', [{ plugins: { loopguard: plugin }, rules: { 'loopguard/no-blocking-io': ['error', {}, { bogus: 1 }] } }], 'file.js'),
      /loopguard\/no-blocking-io: takes one options object; it was given 2/,
    );
  });

  it('the options themselves must be an object', () => {
    assert.match(verify(['contexts']), /loopguard\/no-blocking-io: the options must be an object; it is \["contexts"\]/);
  });
});
