// The CLI's lint API, in process, so that the report joins the trace with exactly what `loopguard` reports.
// Reached by path: the CLI depends on this package for `loopguard trace`, and a dependency back would be a cycle.
export { lint } from '../../../cli/dist/lint';
export { Progress } from '../../../cli/dist/progress';
