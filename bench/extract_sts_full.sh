#!/usr/bin/env bash
# Times `radstudy extract` with PyRadiomics' full filtered set (params_sts_full.yaml: Original, Wavelet coif1,
# LoG sigma 1-5 mm, Square, SquareRoot, Logarithm, Exponential, Gradient, LBP3D; all 3D classes; binWidth 25;
# 1 mm B-spline resampling; 2,060 features per case) on the 51 STS CT cases of ../shared.
# Prints the median seconds per case, the total wall time, the peak memory of the whole run and of the
# largest case (STS_020) and of STS_001 alone, and the ratios to PyRadiomics 3.1 measured on this machine
# class (median 18.6 s per case, 1,383 s for the 51 cases in one process; 10.3 GB on STS_020, 1.7 GB on a
# median case).
# Usage: bench/extract_sts_full.sh [jobs] [radstudy binary]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-1}"
binary="${2:-build/radstudy}"
shared="${RADSTUDY_SHARED:-../shared}"
params="$shared/reference/pyradiomics/params_sts_full.yaml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "id,image,mask" > "$work/manifest.csv"
for case_dir in "$shared"/data/sts/STS_*; do
  id="$(basename "$case_dir")"
  echo "$id,$(realpath "$case_dir/ct_image.nii.gz"),$(realpath "$case_dir/ct_mask.nii.gz")" >> "$work/manifest.csv"
done

start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/peak_kb" "$binary" extract --manifest "$work/manifest.csv" \
  --params "$params" --jobs "$jobs" --out "$work/features.csv" 2> "$work/progress.log" || true
end=$(date +%s.%N)

grep -E '^\[[0-9]+/[0-9]+\]' "$work/progress.log" | awk '{print $(NF-1)}' | sort -g > "$work/seconds"
cases=$(wc -l < "$work/seconds")
failed=$(grep -c 'FAILED' "$work/progress.log" || true)
median=$(awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}' "$work/seconds")
largest=$(tail -n 1 "$work/seconds")
total=$(echo "$end - $start" | bc -l)
peak_mb=$(( $(tail -n 1 "$work/peak_kb") / 1024 ))
columns=$(head -n 1 "$work/features.csv" | tr ',' '\n' | grep -vc '^id$\|^error$' || true)

single_case_peak() {  # peak memory (MB) of one case extracted alone
  local case_dir="$shared/data/sts/$1"
  /usr/bin/time -f "%M" -o "$work/peak_$1" "$binary" extract --image "$case_dir/ct_image.nii.gz" \
    --mask "$case_dir/ct_mask.nii.gz" --params "$params" --out "$work/$1.csv" 2> /dev/null || true
  echo $(( $(tail -n 1 "$work/peak_$1") / 1024 ))
}
peak_020=$(single_case_peak STS_020)
peak_001=$(single_case_peak STS_001)

printf 'cases %d (failed %d), jobs %d, feature columns %d\n' "$cases" "$failed" "$jobs" "$columns"
printf 'median per case %.3f s, largest case %.3f s, total %.2f s, peak memory %d MB\n' "$median" "$largest" \
  "$total" "$peak_mb"
printf 'peak memory alone: STS_020 %d MB (goal < 1024), STS_001 %d MB (goal < 200)\n' "$peak_020" "$peak_001"
printf 'speed-up over PyRadiomics 3.1 (18.6 s median, 1383 s total): median x%.1f, total x%.1f\n' \
  "$(echo "18.6 / $median" | bc -l)" "$(echo "1383 / $total" | bc -l)"
