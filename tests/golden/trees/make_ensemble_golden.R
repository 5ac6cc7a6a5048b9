# Seed-to-seed spread of R's tree ensembles on the sts8 folds of make_golden.R
# (tests/models/tree_ensembles_test.cpp). Needs rpart, ipred, randomForest.
# Run from the repository root: Rscript tests/golden/trees/make_ensemble_golden.R
suppressPackageStartupMessages({ library(rpart); library(ipred); library(randomForest) })
out <- "tests/golden/trees"
features <- read.csv("tests/golden/sts_features.csv", check.names = FALSE)
clinical <- read.csv("../shared/data/sts/clinical.csv")
d <- merge(clinical[, c("id", "lung_mets")], features, by = "id")
selected <- readLines(file.path(out, "sts8_features.txt"))
folds <- read.csv(file.path(out, "sts8_folds.csv"), check.names = FALSE)

source("tests/golden/golden_helpers.R")

rows <- list()
for (seed in 1:10) {
  set.seed(seed)
  aucs <- list(bagging = c(), random_forest = c(), boosting = c())
  for (r in unique(folds[["repeat"]])) {
    f <- folds[folds[["repeat"]] == r, ]
    fold <- f$fold[match(d$id, f$id)]
    for (k in sort(unique(fold))) {
      train <- d[fold != k, ]; test <- d[fold == k, ]
      centre <- sapply(selected, function(v) mean(train[[v]])); spread <- sapply(selected, function(v) sd(train[[v]]))
      z <- function(frame) { m <- as.data.frame(sapply(selected, function(v) (frame[[v]] - centre[[v]]) / spread[[v]]));
                             names(m) <- make.names(selected); m }
      tr <- z(train); te <- z(test); tr$y <- factor(train$lung_mets, levels = c(0, 1))
      bag <- bagging(y ~ ., data = tr)
      aucs$bagging <- c(aucs$bagging, auc(predict(bag, te, type = "prob")[, "1"], test$lung_mets))
      rf <- randomForest(y ~ ., data = tr)
      aucs$random_forest <- c(aucs$random_forest, auc(predict(rf, te, type = "prob")[, "1"], test$lung_mets))
      aucs$boosting <- c(aucs$boosting, auc(boosting_scores(tr, te), test$lung_mets))
    }
  }
  for (model in names(aucs)) rows[[length(rows) + 1]] <- data.frame(model = model, seed = seed, mean_auc = mean(aucs[[model]]))
}
write.csv(do.call(rbind, rows), file.path(out, "sts8_ensemble_mean_auc.csv"), row.names = FALSE, quote = FALSE)
