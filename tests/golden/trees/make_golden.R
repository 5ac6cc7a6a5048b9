# Golden values for radstudy's rpart classifier (tests/models/recursive_partitioning_test.cpp).
# Needs R with rpart (4.1.19). Run from the repository root: Rscript tests/golden/trees/make_golden.R
# For each data set, stratified folds made here (written to *_folds.csv), features z-scored with the
# training fold's mean and sd (n - 1), rpart(y ~ ., method = "class") with its defaults, and the
# predicted probability of class 1 for the test cases (scores.csv).
suppressPackageStartupMessages(library(rpart))
out <- "tests/golden/trees"
source("tests/golden/golden_helpers.R")

features <- read.csv("tests/golden/sts_features.csv", check.names = FALSE)
clinical <- read.csv("../shared/data/sts/clinical.csv")
sts <- merge(clinical[, c("id", "lung_mets")], features, by = "id")
selected <- c("original_firstorder_Entropy", "original_firstorder_Mean", "original_shape_Sphericity",
              "original_shape_VoxelVolume", "original_glcm_Contrast", "original_glrlm_RunEntropy",
              "original_glszm_ZoneEntropy", "original_ngtdm_Busyness")
set.seed(42)
n <- 240
synthetic <- data.frame(id = sprintf("Z%03d", 1:n), label = 0)
for (j in 1:6) synthetic[[paste0("f", j)]] <- round(rnorm(n), ifelse(j <= 3, 1, 4))  # ties in f1-f3
risk <- 1.2 * synthetic$f1 - synthetic$f2 * synthetic$f3 + 0.8 * (synthetic$f4 > 0.5) + rnorm(n)
synthetic$label <- as.integer(risk > 0.3)

datasets <- list(
  list(name = "sts8", data = sts, label = "lung_mets", features = selected, k = 5, repeats = 3),
  list(name = "sts_all", data = sts, label = "lung_mets", features = setdiff(names(features), "id"), k = 5,
       repeats = 2),
  list(name = "synthetic", data = synthetic, label = "label", features = paste0("f", 1:6), k = 4, repeats = 2))

for (set in datasets) {
  d <- set$data
  rows <- list(); fold_rows <- list()
  for (r in seq_len(set$repeats)) {
    folds <- stratified_folds(d[[set$label]], set$k)
    fold_rows[[r]] <- data.frame(id = d$id, fold = folds, `repeat` = r, check.names = FALSE)
    for (f in seq_len(set$k)) {
      train <- d[folds != f, ]; test <- d[folds == f, ]
      centre <- sapply(set$features, function(v) mean(train[[v]]))
      spread <- sapply(set$features, function(v) sd(train[[v]]))
      z <- function(frame) as.data.frame(sapply(set$features, function(v) (frame[[v]] - centre[[v]]) / spread[[v]]))
      train_z <- z(train); test_z <- z(test)
      names(train_z) <- names(test_z) <- make.names(set$features)
      train_z$y <- factor(train[[set$label]], levels = c(0, 1))
      fit <- rpart(y ~ ., data = train_z, method = "class")
      p <- predict(fit, newdata = test_z, type = "prob")[, "1"]
      rows[[length(rows) + 1]] <- data.frame(id = test$id, `repeat` = r, fold = f, score = num(p),
                                             splits = nrow(fit$frame[fit$frame$var != "<leaf>", ]),
                                             check.names = FALSE)
    }
  }
  write.csv(do.call(rbind, fold_rows), file.path(out, paste0(set$name, "_folds.csv")), row.names = FALSE,
            quote = FALSE)
  write.csv(do.call(rbind, rows), file.path(out, paste0(set$name, "_rpart_scores.csv")), row.names = FALSE,
            quote = FALSE)
}
write.csv(synthetic, file.path(out, "synthetic.csv"), row.names = FALSE, quote = FALSE)
writeLines(selected, file.path(out, "sts8_features.txt"))
