import * as path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as mocha from 'mocha';

RuleTester.afterAll = mocha.after;
RuleTester.describe = mocha.describe;
RuleTester.it = mocha.it;
RuleTester.itOnly = mocha.it.only;

export const FIXTURES = path.join(__dirname, 'fixtures');

/** Without type information: the typescript-eslint parser alone (bindings only). */
export function untypedTester(): RuleTester {
  return new RuleTester({
    languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
  });
}

/** With type information: a real TypeScript program from the fixtures tsconfig (project service). */
export function typedTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: FIXTURES,
      },
    },
  });
}
