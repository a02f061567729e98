#!/usr/bin/env bash
# The README's second command: the whole test suite (real files, real Chromium, real PDFs).
# Ends with a plain line "tests: N passed, N failed" read from vitest's JSON report, so a run
# that executed nothing is visible in a CI log.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh || exit $?
results=.vitest-results.json
rm -f "$results"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
status=$?
node scripts/test-count.mjs "$results"
exit $status
