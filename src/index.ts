/** The package's library entry: the same functions the CLI calls. */
export { runValidate, validateExitCode, anyInputRead } from './pipeline.js';
export type { ValidationResult, SheetReport } from './pipeline.js';
export { ingest, listInputs } from './ingest/index.js';
export { validate } from './validate/index.js';
export { writeFindingsReport } from './validate/report.js';
export { VetError } from './errors.js';
export * from './types.js';
export * as format from './format/index.js';
