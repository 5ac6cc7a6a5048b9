#!/usr/bin/env bash
# Times `radstudy model` (all ten models, nested LASSO selection of 10 features, 5-fold CV repeated
# REPEATS times) against an R script doing the same with the seed paper's R packages, on one
# synthetic 51 x 2,458 table, in one run. Prints both wall times and the ratio.
# Usage: bench/model_vs_r.sh [repeats (default 100)] [radstudy binary]   (needs Rscript and the packages
# listed in bench/r/model_cv.R)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-100}"
binary="${2:-build/radstudy}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
Rscript -e '
set.seed(2458); n <- 51; p <- 2458
y <- c(rep(1, 19), rep(0, 32))
x <- matrix(rnorm(n * p), n, p); x[, 1:15] <- x[, 1:15] + 0.8 * y
colnames(x) <- sprintf("original_feature_%04d", 1:p)
write.csv(data.frame(id = sprintf("C%02d", 1:n), x, check.names = FALSE), "'"$work"'/features.csv", row.names = FALSE)
write.csv(data.frame(id = sprintf("C%02d", 1:n), label = y), "'"$work"'/clinical.csv", row.names = FALSE)'
start=$(date +%s.%N)
"$binary" model --features "$work/features.csv" --clinical "$work/clinical.csv" --outcome label --models all \
  --select lasso:10 --k 5 --repeats "$repeats" --seed 1 --jobs 2 --out "$work/radstudy" 2> "$work/radstudy.log"
middle=$(date +%s.%N)
Rscript bench/r/model_cv.R "$work/features.csv" "$work/clinical.csv" "$repeats" > "$work/r.log" 2>&1
end=$(date +%s.%N)
radstudy_seconds=$(echo "$middle - $start" | bc -l)
r_seconds=$(echo "$end - $middle" | bc -l)
printf 'repeats %d: radstudy %.1f s (2 jobs), R %.1f s (one process): x%.1f\n' "$repeats" "$radstudy_seconds" \
  "$r_seconds" "$(echo "$r_seconds / $radstudy_seconds" | bc -l)"
echo "R mean fold AUCs:"; tail -n 4 "$work/r.log"
