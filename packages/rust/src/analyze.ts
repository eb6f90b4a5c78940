import type { Node } from 'web-tree-sitter';
import { collectUses } from './uses';
import { blockingWrappers, fieldTypes, syncFunctionNames } from './analysis/file-facts';
import { keepFinding } from './analysis/keep';
import type { Analysis, Helpers } from './analysis/model';
import { Walker } from './analysis/walker';

export { endOf, startOf, type Analysis, type Ctx, type Helpers, type Origin, type RawFinding, type Use } from './analysis/model';

/**
 * Analyses a file. Sync fns of the file are first analysed as if they ran on the runtime (until no new blocking
 * helper appears), so that a call from async code to a helper that blocks is reported at the call, with the chain.
 */
export function analyzeFile(root: Node): Analysis {
  let helpers: Helpers = new Map();
  for (let round = 0; round < 4; round++) {
    const pass = analyzeTree(root, helpers, true);
    const next: Helpers = new Map();
    for (const f of pass.findings) {
      if (f.ctx.helper && !next.has(f.ctx.helper)) next.set(f.ctx.helper, f);
    }
    for (const sub of pass.subtrees) sub.delete();
    const grew = next.size !== helpers.size;
    helpers = next;
    if (!grew) break;
  }
  return analyzeTree(root, helpers, false);
}

/** One pass over a file; `syncAsAsync` analyses its sync fns as if they ran on the runtime (to find blocking helpers). */
export function analyzeTree(root: Node, helpers: Helpers = new Map(), syncAsAsync = false): Analysis {
  const uses = collectUses(root);
  const walker = new Walker(uses, helpers, syncAsAsync, syncFunctionNames(root), blockingWrappers(root, uses), fieldTypes(root, uses));
  walker.walkFile(root);
  return { findings: walker.findings.filter((f) => keepFinding(f)), origins: walker.origins, uses, root, subtrees: walker.subtrees };
}
