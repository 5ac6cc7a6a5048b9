#!/usr/bin/env bash
# Times `radstudy extract` with PyRadiomics' default feature set (Original image, all 3D classes,
# binWidth 25, 1 mm isotropic B-spline resampling) on the 51 STS CT cases of ../shared.
# Prints the median seconds per case, the total wall time and the peak memory, and the ratio to
# PyRadiomics 3.1 measured on this machine class (median 1.9 s per case, 172 s for the 51 cases).
# Usage: bench/extract_sts.sh [jobs] [radstudy binary]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-1}"
binary="${2:-build/radstudy}"
shared="${RADSTUDY_SHARED:-../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "id,image,mask" > "$work/manifest.csv"
for case_dir in "$shared"/data/sts/STS_*; do
  id="$(basename "$case_dir")"
  echo "$id,$(realpath "$case_dir/ct_image.nii.gz"),$(realpath "$case_dir/ct_mask.nii.gz")" >> "$work/manifest.csv"
done

start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/peak_kb" "$binary" extract --manifest "$work/manifest.csv" \
  --params "$shared/reference/pyradiomics/params_sts_original.yaml" --jobs "$jobs" \
  --out "$work/features.csv" 2> "$work/progress.log" || true
end=$(date +%s.%N)

grep -E '^\[[0-9]+/[0-9]+\]' "$work/progress.log" | awk '{print $(NF-1)}' | sort -g > "$work/seconds"
cases=$(wc -l < "$work/seconds")
failed=$(grep -c 'FAILED' "$work/progress.log" || true)
median=$(awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}' "$work/seconds")
largest=$(tail -n 1 "$work/seconds")
total=$(echo "$end - $start" | bc -l)
peak_mb=$(( $(tail -n 1 "$work/peak_kb") / 1024 ))
printf 'cases %d (failed %d), jobs %d\n' "$cases" "$failed" "$jobs"
printf 'median per case %.3f s, largest case %.3f s, total %.2f s, peak memory %d MB\n' "$median" "$largest" "$total" "$peak_mb"
printf 'speed-up over PyRadiomics 3.1 (1.9 s median, 172 s total): median x%.1f, total x%.1f\n' \
  "$(echo "1.9 / $median" | bc -l)" "$(echo "172 / $total" | bc -l)"
