#!/usr/bin/env bash
# The scale run of per-case results: a synthetic manifest of CASES small cases (the demo's generator,
# 24 x 24 x 8 voxels) extracted with PARAMS in SHARDS shards one after the other (as array tasks would),
# then merged. Prints the extraction's seconds per case, the results folder's files and bytes, the merge's
# wall time and peak memory, and checks the merged table against one radstudy extract --manifest run.
# Usage: bench/shard_merge_scale.sh [CASES=10000] [SHARDS=8] [PARAMS=configs/paper.yaml] [WORK=mktemp]
# Needs build/radstudy and build-bench/synthetic_manifest (cmake -B build-bench -DRADSTUDY_BENCH=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-10000}
shards=${2:-8}
params=$(realpath "${3:-configs/paper.yaml}")
work=${4:-$(mktemp -d)}
radstudy=$(realpath build/radstudy)
mkdir -p "$work"

echo "generating $cases cases in $work"
build-bench/synthetic_manifest "$work/cohort" "$cases" 24 >/dev/null
manifest=$work/cohort/manifest.csv

start=$(date +%s.%N)
for shard in $(seq 1 "$shards"); do
  "$radstudy" extract --manifest "$manifest" --params "$params" --results "$work/results" \
    --shard "$shard/$shards" --jobs 2 2>"$work/shard_$shard.log" || [ $? -eq 3 ]
done
end=$(date +%s.%N)
extract_seconds=$(echo "$end - $start" | bc)
echo "extraction in $shards shards: $extract_seconds s wall, $(echo "scale=4; $extract_seconds / $cases" | bc) s per case (2 jobs)"
echo "results folder: $(find "$work/results/cases" -name '*.jsonl' | wc -l) case files, $(du -sh "$work/results" | cut -f1)"

/usr/bin/time -f "%e %M" -o "$work/merge_time" "$radstudy" merge --results "$work/results" \
  --manifest "$manifest" --out "$work/merged.csv" 2>"$work/merge.log" || [ $? -eq 3 ]
read -r merge_seconds merge_kb <"$work/merge_time"
echo "merge: $merge_seconds s wall, peak memory $((merge_kb / 1024)) MB, table $(du -h "$work/merged.csv" | cut -f1)"

/usr/bin/time -f "%e %M" -o "$work/single_time" "$radstudy" extract --manifest "$manifest" --params "$params" \
  --jobs 2 --out "$work/single.csv" 2>"$work/single.log" || [ $? -eq 3 ]
read -r single_seconds single_kb <"$work/single_time"
echo "one extract --manifest run: $single_seconds s wall, peak memory $((single_kb / 1024)) MB"
if cmp -s "$work/single.csv" "$work/merged.csv"; then echo "merged table byte-identical"; else echo "MERGED TABLE DIFFERS"; exit 1; fi
