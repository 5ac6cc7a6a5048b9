#!/usr/bin/env bash
# Configures and builds radstudy (Release, warnings as errors) into build/. With ccache installed, objects
# are cached by the content of their sources and flags (paths taken from the checkout's root), so a clean
# clone rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRADSTUDY_WERROR=ON "${launcher[@]}" "$@"
cmake --build build -j"$(nproc)"
