import type { LintOutcome } from '../lint';

export interface FormatContext {
  /** Paths are shown relative to this folder. */
  readonly cwd: string;
  readonly color: boolean;
  readonly cliVersion: string;
}

export type Formatter = (outcome: LintOutcome, context: FormatContext) => string;
