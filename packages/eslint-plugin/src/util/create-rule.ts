import { ruleDocsUrl } from '@loopguard/catalog';
import { ESLintUtils } from '@typescript-eslint/utils';

export interface LoopguardDocs {
  description: string;
  recommended?: boolean;
  requiresTypeChecking?: boolean;
}

/** Builds every rule; the docs URL comes from the rule name and the project's home (@loopguard/catalog). */
export const createRule = ESLintUtils.RuleCreator<LoopguardDocs>(ruleDocsUrl);
