#!/usr/bin/env bash
# Quick start 1: install, build, and run the demo on a generated cohort.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/radstudy demo --out "${1:-radstudy-demo}"
