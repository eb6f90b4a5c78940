export type * from './types';
export { DEFAULT_PATTERNS_DIR, listPatterns, loadPattern, loadPatterns } from './patterns';
export { runImpact, judge, DEFAULT_SWEEP, type ImpactOptions, type ImpactReporter, type RunInfo } from './run/impact';
export { runOnce, nodeFor, type RunSpec } from './run/measure';
export { killAll, liveChildren } from './run/processes';
export { renderHtml, writeHtmlReport } from './report/html';
export { renderTable, terminalReporter } from './report/table';
export { measuredStalls, measuredStallFor, readReport, LATEST_REPORT, type KindStall } from './stalls';
export { medianRun } from './stats';
/** The verdict's statistics and thresholds: one owner, also used by @loopguard/rust. */
export {
  VERDICT, decide, estimateRatio, bootstrapInterval, geometricMean, seededRandom, median, percentile, ratio,
  type JudgedFigure, type RepPair, type RatioEstimate, type VerdictInput, type VerdictResult, type VerdictName, type Thresholds,
} from './verdict';
export type { SetupTools } from './server/pattern-server';
export { renderPatternsReadme } from './report/patterns-readme';
/** The loopguard-impact command line: `loopguard impact [pattern...] [options]` can hand its arguments here; resolves to the exit status. */
export { main as impactMain } from './cli';
