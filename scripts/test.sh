#!/usr/bin/env bash
# Quick start 2: install, build, and run every test. Reference-data tests read ../shared
# (or $RADSTUDY_SHARED); with CI=true a missing reference file fails instead of skipping.
# Then the same tests under AddressSanitizer and UndefinedBehaviorSanitizer (Clang), after each libFuzzer
# target has run RADSTUDY_FUZZ (default runs:30000: 30,000 inputs, about a minute for a reader, the same
# inputs on every machine) from its seed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
scripts/sanitize.sh --build-only
scripts/fuzz.sh "${RADSTUDY_FUZZ:-runs:30000}"
scripts/sanitize.sh
