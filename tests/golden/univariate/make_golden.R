# Golden values for radstudy's univariate screening (stats::roc_auc/delong_test/roc_curve,
# stats::spearman_correlation_matrix, stats::principal_components and `radstudy univariate`).
# Run from the repository root: Rscript tests/golden/univariate/make_golden.R
# R packages: pROC (roc, ci.auc method "delong", roc.test method "delong"), stats (wilcox.test,
# t.test, p.adjust "BH", cor spearman, prcomp). Deterministic (set.seed).
# Inputs: tests/golden/sts_features.csv with ../shared/data/sts/clinical.csv (label lung_mets), and
# synthetic tables written here (ties, perfect separation, features higher in class 0, tiny groups,
# n >= 50 per class).
suppressPackageStartupMessages(library(pROC))
out_dir <- "tests/golden/univariate"

number_text <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))
write_golden <- function(table, name) {
  for (column in names(table)) if (is.numeric(table[[column]])) table[[column]] <- number_text(table[[column]])
  write.csv(table, file.path(out_dir, name), row.names = FALSE, quote = TRUE)
}

# One row per feature: the AUC oriented so that it is >= 0.5 (pROC direction "<" = higher in class 1,
# else ">"), DeLong CI, Wilcoxon and Welch p, group summaries, Benjamini-Hochberg p.
univariate_table <- function(features, label) {
  rows <- lapply(names(features), function(name) {
    x <- features[[name]]
    raw <- roc(label, x, levels = c(0, 1), direction = "<", quiet = TRUE)
    raw_ci <- suppressWarnings(ci.auc(raw, method = "delong"))
    direction <- if (as.numeric(auc(raw)) < 0.5) ">" else "<"
    oriented <- roc(label, x, levels = c(0, 1), direction = direction, quiet = TRUE)
    ci <- suppressWarnings(ci.auc(oriented, method = "delong"))
    controls <- x[label == 0]
    cases <- x[label == 1]
    variance <- suppressWarnings(var(oriented))
    data.frame(feature = name, auc = ci[2], auc_lower = ci[1], auc_upper = ci[3],
               direction = if (direction == "<") "higher_in_1" else "higher_in_0",
               auc_raw = raw_ci[2], auc_raw_lower = raw_ci[1], auc_raw_upper = raw_ci[3],
               auc_variance = variance,
               p_mannwhitney = suppressWarnings(wilcox.test(cases, controls)$p.value),
               p_ttest = t.test(cases, controls)$p.value,
               mean_0 = mean(controls), mean_1 = mean(cases),
               median_0 = median(controls), median_1 = median(cases),
               n_0 = length(controls), n_1 = length(cases))
  })
  table <- do.call(rbind, rows)
  table$p_mannwhitney_bh <- p.adjust(table$p_mannwhitney, "BH")
  table$p_ttest_bh <- p.adjust(table$p_ttest, "BH")
  table
}

# prcomp(scale. = TRUE) with min(n - 1, p) components, each oriented so that its loading of largest
# absolute value is positive (radstudy's sign convention).
pca_tables <- function(features, ids) {
  pca <- prcomp(as.matrix(features), center = TRUE, scale. = TRUE)
  kept <- min(nrow(features) - 1, ncol(features))
  rotation <- pca$rotation[, seq_len(kept), drop = FALSE]
  scores <- pca$x[, seq_len(kept), drop = FALSE]
  for (k in seq_len(kept)) {
    if (rotation[which.max(abs(rotation[, k])), k] < 0) {
      rotation[, k] <- -rotation[, k]
      scores[, k] <- -scores[, k]
    }
  }
  proportion <- pca$sdev^2 / sum(pca$sdev^2)
  list(loadings = data.frame(feature = names(features), rotation, check.names = FALSE),
       scores = data.frame(id = ids, scores, check.names = FALSE),
       variance = data.frame(component = paste0("PC", seq_len(kept)), sdev = pca$sdev[seq_len(kept)],
                             proportion = proportion[seq_len(kept)],
                             cumulative = cumsum(proportion)[seq_len(kept)]))
}

spearman_table <- function(features) {
  matrix <- cor(as.matrix(features), method = "spearman")
  data.frame(feature = names(features), matrix, check.names = FALSE)
}

write_all <- function(prefix, features, ids, label) {
  write_golden(univariate_table(features, label), paste0(prefix, "_univariate.csv"))
  write_golden(spearman_table(features), paste0(prefix, "_spearman.csv"))
  pca <- pca_tables(features, ids)
  write_golden(pca$loadings, paste0(prefix, "_pca_loadings.csv"))
  write_golden(pca$scores, paste0(prefix, "_pca_scores.csv"))
  write_golden(pca$variance, paste0(prefix, "_pca_variance.csv"))
}

# DeLong's paired test of two features' AUCs (both direction "<") and pROC's ROC points.
delong_rows <- function(table_name, features, label, pairs) {
  do.call(rbind, lapply(pairs, function(pair) {
    roc1 <- roc(label, features[[pair[1]]], levels = c(0, 1), direction = "<", quiet = TRUE)
    roc2 <- roc(label, features[[pair[2]]], levels = c(0, 1), direction = "<", quiet = TRUE)
    test <- roc.test(roc1, roc2, method = "delong", paired = TRUE)
    data.frame(table = table_name, feature1 = pair[1], feature2 = pair[2], auc1 = as.numeric(auc(roc1)),
               auc2 = as.numeric(auc(roc2)), z = unname(test$statistic), p = test$p.value,
               lower = test$conf.int[1], upper = test$conf.int[2])
  }))
}
roc_point_rows <- function(table_name, features, label, names) {
  do.call(rbind, lapply(names, function(name) {
    curve <- roc(label, features[[name]], levels = c(0, 1), direction = "<", quiet = TRUE)
    data.frame(table = table_name, feature = name, threshold = curve$thresholds,
               sensitivity = curve$sensitivities, specificity = curve$specificities)
  }))
}

# --- STS: 51 cases x 107 PyRadiomics features, label lung_mets (19 of 51).
sts_features <- read.csv("tests/golden/sts_features.csv", check.names = FALSE)
clinical <- read.csv("../shared/data/sts/clinical.csv", check.names = FALSE)
sts_label <- clinical$lung_mets[match(sts_features$id, clinical$id)]
stopifnot(!anyNA(sts_label))
sts_values <- sts_features[, -1]
write_all("sts", sts_values, sts_features$id, sts_label)

# --- Synthetic tables, written here with their clinical file (rows shuffled against the features).
set.seed(20240603)
make_synthetic <- function(n0, n1) {
  label <- sample(c(rep(0, n0), rep(1, n1)))
  n <- n0 + n1
  features <- data.frame(
    continuous = rnorm(n) + 0.8 * label,
    reversed = rexp(n) - 0.7 * label,
    rounded = round(rnorm(n, 2 + 0.5 * label), 0),
    binary = as.numeric(runif(n) < 0.3 + 0.3 * label),
    tenths = round(runif(n) + 0.2 * label, 1),
    perfect = ifelse(label == 1, 10 + runif(n), runif(n)),
    noise = rnorm(n, 100, 15),
    scaled = 1e6 * rlnorm(n, 0.3 * label))
  features$related <- features$continuous + rnorm(n, sd = 0.3)
  list(ids = sprintf("case_%03d", seq_len(n)), features = features, label = label)
}
synthetic <- list(small = make_synthetic(18, 12), large = make_synthetic(70, 60), tiny = make_synthetic(3, 2))
synthetic$tiny$features$perfect <- NULL  # tiny: keep it to non-degenerate features
for (name in names(synthetic)) {
  table <- synthetic[[name]]
  features_file <- file.path(out_dir, paste0(name, "_features.csv"))
  write.csv(data.frame(case_id = table$ids, lapply(table$features, number_text)), features_file,
            row.names = FALSE, quote = FALSE)
  clinical_order <- sample(seq_along(table$ids))
  write.csv(data.frame(case_id = table$ids[clinical_order], outcome = table$label[clinical_order],
                       age = round(runif(length(table$ids), 30, 80))),
            file.path(out_dir, paste0(name, "_clinical.csv")), row.names = FALSE, quote = FALSE)
  # The goldens come from the files as written (17 significant digits read back exactly).
  table$features <- read.csv(features_file)[, -1]
  stopifnot(identical(read.csv(features_file)$case_id, table$ids))
  synthetic[[name]] <- table
  write_all(name, table$features, table$ids, table$label)
}

sts_pairs <- list(c("original_firstorder_Energy", "original_shape_MeshVolume"),
                  c("original_glcm_Contrast", "original_glrlm_RunLengthNonUniformity"),
                  c("original_firstorder_Median", "original_firstorder_Mean"),
                  c("original_shape_Sphericity", "original_firstorder_Kurtosis"))
synthetic_pairs <- list(c("continuous", "related"), c("rounded", "tenths"), c("binary", "reversed"),
                        c("noise", "scaled"))
delong <- rbind(delong_rows("sts", sts_values, sts_label, sts_pairs),
                delong_rows("small", synthetic$small$features, synthetic$small$label, synthetic_pairs),
                delong_rows("large", synthetic$large$features, synthetic$large$label, synthetic_pairs))
write_golden(delong, "delong_tests.csv")
points <- rbind(roc_point_rows("sts", sts_values, sts_label, c("original_firstorder_Median", "original_shape_Sphericity")),
                roc_point_rows("small", synthetic$small$features, synthetic$small$label,
                               c("rounded", "binary", "continuous", "reversed")))
write_golden(points, "roc_points.csv")
