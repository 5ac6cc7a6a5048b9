#!/usr/bin/env bash
# Configures and builds radstudy (Release, warnings as errors) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRADSTUDY_WERROR=ON "$@"
cmake --build build -j"$(nproc)"
