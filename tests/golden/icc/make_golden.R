# Golden values for radstudy's intraclass correlations (stats::intraclass_correlation, `radstudy icc`).
# Run from the repository root: Rscript tests/golden/icc/make_golden.R
# R packages: psych (ICC; lmer = FALSE gives the exact two-way ANOVA mean squares that radstudy
# uses; the default lmer = TRUE needs lme4 and is recorded in icc_lmer_reference.csv for a looser check).
# Deterministic (set.seed). Inputs: tests/golden/sts_features.csv (extraction A of the 51 STS cases)
# and, written here, two "re-extractions" made by perturbing it with seeded noise (B: rows shuffled,
# noise of a different size per feature, one shape feature unchanged; C: more noise and an offset),
# and a synthetic k = 3 raters table (high/low/negative agreement, rater bias, integer ties, a
# constant feature, raters differing by an exact offset).
suppressPackageStartupMessages(library(psych))
out_dir <- "tests/golden/icc"
set.seed(20240604)

number_text <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))
write_input <- function(table, name) {
  for (column in names(table)) if (is.numeric(table[[column]])) table[[column]] <- number_text(table[[column]])
  path <- file.path(out_dir, name)
  write.csv(table, path, row.names = FALSE, quote = FALSE)
  read.csv(path, check.names = FALSE)  # the goldens come from the files as written
}

a <- read.csv("tests/golden/sts_features.csv", check.names = FALSE)
features <- names(a)[-1]
noise_size <- setNames(runif(length(features), 0.01, 1.2), features)
b <- a
c3 <- a
for (name in features) {
  spread <- sd(a[[name]])
  b[[name]] <- a[[name]] + rnorm(nrow(a), 0, noise_size[[name]] * spread)
  c3[[name]] <- a[[name]] + rnorm(nrow(a), 0.3 * spread, 1.5 * noise_size[[name]] * spread)
}
b[["original_shape_MeshVolume"]] <- a[["original_shape_MeshVolume"]]  # identical in A and B
b <- b[sample(nrow(b)), ]
b <- write_input(b, "sts_extraction_b.csv")
c3 <- write_input(c3, "sts_extraction_c.csv")

n <- 25
truth <- rnorm(n, 10, 2)
rater_table <- function(rater) {
  data.frame(
    case = sprintf("S%02d", seq_len(n)),
    good = truth + rnorm(n, 0, 0.3),
    poor = truth + rnorm(n, 0, 3),
    biased = truth + rnorm(n, 0, 0.5) + c(0, 1.5, -1)[rater],
    negative = rnorm(n, 0, 1) + 0.01 * truth,
    integers = round(truth / 2 + rnorm(n, 0, 0.7)),
    constant = 3.5,
    offset = round(truth, 2) + c(0, 5, 10)[rater])
}
raters <- lapply(1:3, function(r) write_input(rater_table(r), sprintf("raters_%d.csv", r)))

icc_rows <- function(dataset, tables, id_column) {
  ids <- tables[[1]][[id_column]]
  feature_names <- setdiff(names(tables[[1]]), id_column)
  do.call(rbind, lapply(feature_names, function(name) {
    ratings <- sapply(tables, function(t) t[[name]][match(ids, t[[id_column]])])
    exact <- suppressWarnings(ICC(ratings, lmer = FALSE))$results
    lmer <- tryCatch(suppressWarnings(suppressMessages(ICC(ratings))), error = function(e) NULL)
    lmer_icc <- if (is.null(lmer)) rep(NA, 3) else lmer$results$ICC[1:3]
    # REML variance components at 0 (singular fit) do not equal the ANOVA ones.
    lmer_singular <- is.null(lmer) || any(lmer$lme[1:3, 1] <= 1e-6 * lmer$lme[4, 1])
    data.frame(dataset = dataset, feature = name, type = c("ICC1", "ICC2", "ICC3"),
               icc = exact$ICC[1:3], lower = exact$`lower bound`[1:3], upper = exact$`upper bound`[1:3],
               f = exact$F[1:3], df1 = exact$df1[1:3], df2 = exact$df2[1:3], p = exact$p[1:3],
               icc_lmer = lmer_icc, lmer_singular = lmer_singular)
  }))
}

results <- rbind(icc_rows("sts_ab", list(a, b), "id"), icc_rows("sts_abc", list(a, b, c3), "id"),
                 icc_rows("raters", raters, "case"))
# lme4's optimiser does not give the same last digits from run to run: its values go to their own file,
# rounded to 8 significant digits, for a check at 2e-4; icc_results.csv is exact and deterministic.
lmer_columns <- c("icc_lmer", "lmer_singular")
lmer <- results[, c("dataset", "feature", "type", lmer_columns)]
lmer$icc_lmer <- signif(lmer$icc_lmer, 8)
write.csv(lmer, file.path(out_dir, "icc_lmer_reference.csv"), row.names = FALSE)
results <- results[, setdiff(names(results), lmer_columns)]
for (column in names(results)) if (is.numeric(results[[column]])) results[[column]] <- number_text(results[[column]])
write.csv(results, file.path(out_dir, "icc_results.csv"), row.names = FALSE)
