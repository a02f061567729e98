#!/usr/bin/env bash
# The house checks, run by .ci/run before the tests: one style (biome: lint and format), no unused
# files, exports or dependencies (knip), no import cycles, type-only imports included (madge),
# and the types (tsc). Each prints what to fix; the script fails if any does.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
run() {
  echo "== $*"
  "$@" || status=1
}
run npx --no-install biome ci --colors=off .
run npx --no-install knip --no-progress
run npx --no-install madge --circular --no-spinner --extensions ts --ts-config tsconfig.json src
run npx --no-install tsc -p tsconfig.json --noEmit
exit $status
