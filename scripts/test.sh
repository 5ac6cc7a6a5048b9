#!/usr/bin/env bash
# Quick start 2: install, build, and run every test. Reference-data tests read ../shared
# (or $RADSTUDY_SHARED); with CI=true a missing reference file fails instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
