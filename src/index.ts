/** The package's library entry: the same functions the CLI calls. */
export { runValidate, runAggregate, runBuild, validateExitCode, anyInputRead } from './pipeline.js';
export type { ValidationResult, SheetReport, AggregateRun, BuildResult, BuildOptions, AggregateOptions, ValidateOptions } from './pipeline.js';
export { watchBuild, type WatchOptions } from './watch.js';
export { runPreview, type PreviewOptions } from './preview/server.js';
export { mergeManifestFiles, loadManifest, type Manifest, type EditionEntry } from './manifest.js';
export { resolveBuildOptions, type ResolvedBuildOptions } from './options.js';
export { ingest, listInputs } from './ingest/index.js';
export { validate } from './validate/index.js';
export { writeFindingsReport } from './validate/report.js';
export { FindingSpill, findingsJson, FINDINGS_CAP, type SuppressedGroup, type FindingSink } from './validate/findings.js';
export { VetError } from './errors.js';
export * from './types.js';
export * as format from './format/index.js';
