import rule from '../../src/rules/no-blocking-io';
import { typedTester, untypedTester } from '../rule-tester';

untypedTester().run('no-blocking-io (bindings)', rule, {
  valid: [
    { name: 'module top level is start-up', code: "import fs from 'fs';\nfs.readFileSync('config.json');" },
  ],
  invalid: [
    {
      name: 'default import in an async function',
      code: "import fs from 'fs';\nasync function load(p: string) {\n  return fs.readFileSync(p, 'utf8');\n}",
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestFsPromises',
              output: "import fs from 'fs';\nasync function load(p: string) {\n  return await fs.promises.readFile(p, 'utf8');\n}",
            },
          ],
        },
      ],
    },
  ],
});

typedTester().run('no-blocking-io (types)', rule, {
  valid: [],
  invalid: [
    {
      name: 'better-sqlite3 instance in a class field, found through its declaration',
      code: "import type { Database } from 'better-sqlite3';\nclass Repo {\n  constructor(private db: Database) {}\n  async all() {\n    return this.db.prepare('select 1').all();\n  }\n}",
      errors: [{ messageId: 'blocking', line: 5, column: 12 }],
    },
  ],
});
