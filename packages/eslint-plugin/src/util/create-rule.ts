import { ESLintUtils } from '@typescript-eslint/utils';

export const DOCS_BASE = 'https://github.com/loopguard/loopguard/blob/main/packages/eslint-plugin/docs/rules';

export interface LoopguardDocs {
  description: string;
  recommended?: boolean;
  requiresTypeChecking?: boolean;
}

/** Builds every rule; the docs URL comes from the rule name. */
export const createRule = ESLintUtils.RuleCreator<LoopguardDocs>((name) => `${DOCS_BASE}/${name}.md`);
