export { analyzeRust, analyzeRustSync, applyPreferredFixes, rustParsesCleanly, type RustFinding } from './findings';
export { applyEdits, type RustFix, type RustPosition, type RustTextEdit } from './fixes';
export { initRustParser, isRustParserReady, rustWasmFiles, type RustParserOptions } from './parser';
export {
  buildRustFixtures, findCargo, measureRustTicker, tickerVerdict,
  type MeasureRustTickerOptions, type TickerMeasurement, type TickerRun,
} from './measure';
export { measureRustPattern, RUST_FIXTURES_DIR, RUST_PATTERNS, type RustPattern } from './patterns';
export {
  isRustFile, lintRustFile, RUST_RULE_ID, rustFixAsSingleEdit, rustLspFindings,
  type RustCliFinding, type RustLspFinding,
} from './front-ends';
