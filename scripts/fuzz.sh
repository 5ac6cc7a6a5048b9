#!/usr/bin/env bash
# Runs each libFuzzer target of fuzz/ (built by scripts/sanitize.sh under ASan and UBSan) for SECONDS
# (default 60), two at a time (RADSTUDY_FUZZ_PARALLEL), from the seeds in fuzz/seeds/<target>/ and small files of the shared data
# (../shared or $RADSTUDY_SHARED). Limits: 1 GB of memory, 10 s per input. Prints each target's
# executions, executions per second and corpus size; a crash, leak, timeout or out-of-memory input is
# written to build-sanitize/fuzz/findings/<target>/ and fails the run: keep it in fuzz/regressions/<target>/
# (replayed by the FuzzRegressions test) once fixed. The mutation seed is fixed (RADSTUDY_FUZZ_SEED, default
# 1), so a short run (CI's 60 s) explores the start of what a longer run with the same seed explored.
#   scripts/fuzz.sh [SECONDS | runs:N] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
# SECONDS may also be runs:N, a fixed number of inputs per target: with the fixed seed the run is then the
# same on every machine, which is what CI runs (a finding in CI is a regression, never the luck of timing).
seconds=${1:-60}
limit=(-max_total_time="$seconds")
[[ $seconds == runs:* ]] && limit=(-runs="${seconds#runs:}")
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(nifti nrrd meta_image dicom rtstruct parameter_file csv_table)
shared=${RADSTUDY_SHARED:-$(cd .. && pwd)/shared}
[ -d "$shared/data" ] || { echo "fuzz.sh: the shared data is missing ($shared): the seed corpus needs it" >&2; exit 1; }
scripts/sanitize.sh --build-only >/dev/null

seeds_of() {
  local target=$1
  [ -d "fuzz/seeds/$target" ] && echo "fuzz/seeds/$target"
  case $target in
    nifti) echo "$shared/data/ibsi1/digital_phantom/image.nii.gz" "$shared/data/ibsi1/digital_phantom/mask.nii.gz" \
                "$shared/data/ibsi2/digital_phantoms/orientation/image.nii.gz" \
                "$shared/data/ibsi2/digital_phantoms/pattern_1/image.nii.gz" \
                "$shared/data/ibsi2/digital_phantoms/checkerboard/mask.nii.gz" ;;
    nrrd) echo "$shared/data/pyradiomics/brain1/label_2d.nrrd" ;;
    dicom) echo "$shared/data/sts/dicom/STS_001/ct/000010.dcm" "$shared/data/ibsi1/ct_phantom/dicom/image/DCM_IMG_00030.dcm" ;;
    rtstruct) echo "$shared/data/ibsi1/ct_phantom/dicom/rtstruct/DCM_RS_00060.dcm" ;;
    parameter_file) echo configs/ibsi1/config_C.yaml configs/pyradiomics/*.yaml "$shared"/reference/pyradiomics/params_*.yaml ;;
    csv_table) echo "$shared/data/sts/clinical.csv" ;;
  esac
}

run_target() {
  local target=$1 work=build-sanitize/fuzz/$1
  rm -rf "$work/corpus" "$work/log" "build-sanitize/fuzz/findings/$target"
  mkdir -p "$work/corpus" "build-sanitize/fuzz/findings/$target"
  local largest=4096 seed
  for seed in $(seeds_of "$target"); do
    if [ -d "$seed" ]; then
      find "$seed" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$work/corpus/" \;
    elif [ -f "$seed" ]; then
      cp "$seed" "$work/corpus/"
    else
      echo "fuzz.sh: $target: seed $seed is missing" >&2
      return 1
    fi
  done
  for seed in "$work"/corpus/*; do
    local size; size=$(stat -c %s "$seed"); [ "$size" -gt "$largest" ] && largest=$size
  done
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
  LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "build-sanitize/${target}_fuzzer" "$work/corpus" "${limit[@]}" -rss_limit_mb=1024 \
    -malloc_limit_mb=1024 -timeout=10 -max_len="$largest" -seed="${RADSTUDY_FUZZ_SEED:-1}" -print_final_stats=1 \
    -artifact_prefix="build-sanitize/fuzz/findings/$target/" >"$work/log" 2>&1
}

status=0
parallel=${RADSTUDY_FUZZ_PARALLEL:-2}
for ((k = 0; k < ${#targets[@]}; k += parallel)); do
  pids=()
  for target in "${targets[@]:k:parallel}"; do run_target "$target" & pids+=($!); done
  for index in "${!pids[@]}"; do
    if ! wait "${pids[$index]}"; then status=1; fi
  done
done
printf '%-16s %12s %10s %8s  %s\n' target executions exec/s corpus result
for target in "${targets[@]}"; do
  log=build-sanitize/fuzz/$target/log
  runs=$(grep -ao 'stat::number_of_executed_units:[[:space:]]*[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  speed=$(grep -ao 'stat::average_exec_per_sec:[[:space:]]*[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  corpus=$(find "build-sanitize/fuzz/$target/corpus" -type f | wc -l)
  findings=$(find "build-sanitize/fuzz/findings/$target" -type f | wc -l)
  result=ok
  [ "$findings" -gt 0 ] && result="FAILED: $(ls "build-sanitize/fuzz/findings/$target" | tr '\n' ' ')(see $log)"
  printf '%-16s %12s %10s %8s  %s\n' "$target" "$runs" "$speed" "$corpus" "$result"
done
exit $status
