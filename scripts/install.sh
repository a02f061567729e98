#!/usr/bin/env bash
# Installs what vet-report needs, only what is missing (safe to run again):
#   - from Debian: Chromium (prints the PDFs) and poppler-utils (the tests read PDFs with it);
#     fonts come from npm (@expo-google-fonts Noto SC, full TrueType files), which Chromium embeds as TrueType, not Type 3;
#   - npm dependencies exactly as package-lock.json pins them (puppeteer's own browser download
#     is skipped: there is no network here but the registries, and we drive Debian's Chromium);
#   - the TypeScript build (dist/).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "安装系统软件包：${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

stamp=node_modules/.vet-report-lock
want="$(node --version) $(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "安装 npm 依赖（npm ci）……"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

npm run --silent build
