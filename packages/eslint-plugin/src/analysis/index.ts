export { findBindingCalls, type BindingFinding, type CalleeShape, type AdditionalApi } from './bindings';
export { findContext, CONTEXT_KINDS, type ContextKind, type ExecContext } from './context';
export { matchByDeclaration, originOf } from './declarations';
export { ProgramAnalysis } from './program';
export type { ChainStep, BlockingSummary } from './chain';
