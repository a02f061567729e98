// Prints "tests: N passed, N failed" from vitest's JSON report (0/0 if there is none).
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
try {
  const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTests ?? 0);
  // A suite that failed to load has no tests counted; count it as a failure.
  for (const s of r.testResults ?? []) if (s.status === 'failed' && (s.assertionResults ?? []).length === 0) failed++;
} catch {
  // No report: vitest did not run.
}
console.log(`tests: ${passed} passed, ${failed} failed`);
