export * from './format';
export { runTraced, nodeOptionsWithPreload, packageVersion, PRELOAD, DEFAULT_TRACE, type TraceRunOptions, type TraceRunResult } from './run';
export { readTrace, TraceError } from './read';
export { buildReport, costLine, type AnalysedFile, type StaticFinding, type TraceReport, type MeasuredFinding, type RuntimeOnly, type Verdict, type Cost } from './report';
export { renderTerminal, renderJson, renderHtml } from './render';
export { SourceMapper } from './source-maps';
export { targetsOf, targetsByModule, type Target } from './targets';
export { parseStack, LIMITS } from './recorder';
export { MeasuredCosts, type Measured } from './measured';
