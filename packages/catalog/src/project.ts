/**
 * Where the loopguard project lives. Rule docs URLs, the SARIF `helpUri`, the language server's "Show
 * documentation" and every package.json's `repository`/`homepage`/`bugs` (written by
 * `scripts/sync-package-metadata.mjs`, checked by tests/project.test.ts) come from these two values, so that
 * publishing under another home changes this file only.
 */
export const PROJECT_REPOSITORY = 'https://github.com/loopguard/loopguard';
/** The branch that docs links point into. */
export const PROJECT_BRANCH = 'main';

/** A link to a file of the repository as the web shows it, e.g. `packages/eslint-plugin/docs/rules/x.md`. */
export function projectFileUrl(pathInRepo: string): string {
  return `${PROJECT_REPOSITORY}/blob/${PROJECT_BRANCH}/${pathInRepo}`;
}

/** The documentation page of one rule of eslint-plugin-loopguard. */
export function ruleDocsUrl(ruleName: string): string {
  return projectFileUrl(`packages/eslint-plugin/docs/rules/${ruleName}.md`);
}

/** What a published package.json says about where it comes from (`directory`: its folder in the repository). */
export function packageMetadata(directory: string): {
  repository: { type: 'git'; url: string; directory: string };
  homepage: string;
  bugs: { url: string };
} {
  return {
    repository: { type: 'git', url: `git+${PROJECT_REPOSITORY}.git`, directory },
    homepage: `${PROJECT_REPOSITORY}/tree/${PROJECT_BRANCH}/${directory}#readme`,
    bugs: { url: `${PROJECT_REPOSITORY}/issues` },
  };
}
