/** What a run of the stages gives the commands and the data cache (above the stages, below the pipeline). */
import type { AggregateResult } from './aggregate/types.js';
import type { ValidationResult } from './validate/index.js';

/** Validate, then aggregate: what runAggregate returns and the data cache keeps. */
export interface AggregateRun {
  validation: ValidationResult;
  result: AggregateResult;
  /** Rows were rejected: outputs are still written, the exit code says so. */
  rejected: boolean;
}
