#!/usr/bin/env bash
# Debian packages the tests need: xmllint (an independent XSD check of every generated ERN) and chromium (the
# reference web app's browser tests, driven by playwright-core; never `npx playwright install`).
set -euo pipefail
need=()
command -v xmllint >/dev/null || need+=(libxml2-utils)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
