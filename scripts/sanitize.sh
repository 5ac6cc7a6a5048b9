#!/usr/bin/env bash
# Builds radstudy, its tests and the libFuzzer targets with Clang under AddressSanitizer and
# UndefinedBehaviorSanitizer (build-sanitize/), then runs every test there; `--build-only` stops after
# the build. Any memory error, leak or undefined behaviour fails the test that meets it. The cohort-scale
# reference comparisons (the 51-case paper set and the ten-case PyRadiomics filter tables) run the code
# paths of the smaller filter and extraction tests on more cases, and the default demo's two whole studies
# (signal and --no-signal) those of the smaller demo and run tests; they are left to the optimised build,
# where they take minutes instead of hours.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
  -DCMAKE_C_FLAGS="-O1 -gline-tables-only" -DRADSTUDY_WERROR=ON \
  -DRADSTUDY_SANITIZE=ON -DRADSTUDY_FUZZ=ON -DRADSTUDY_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build build-sanitize -j"$(nproc)"
[ "${1:-}" = "--build-only" ] && exit 0
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0"
ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" \
  -E 'PaperConfig\.|PyRadiomicsFilters\.StsTenCases|WaveletFilter\.StsFeatures|DemoCommand\.RecoversThePlantedSignal|SlurmCluster\.' 
