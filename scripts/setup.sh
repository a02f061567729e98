#!/usr/bin/env bash
# The README's first command: set everything up, then build every edition of the shipped data
# (data/) into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
node bin/vet-report.js build "$@"
