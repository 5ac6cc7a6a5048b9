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

auc <- function(score, label) {
  r <- rank(score); n1 <- sum(label == 1); n0 <- sum(label == 0)
  (sum(r[label == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)
}

# AdaBoost.M1 as adabag::boosting(boos = TRUE, mfinal = 100, coeflearn = "Breiman") with rpart stumps
# (adabag is not in Debian): bootstrap by the case weights, weighted error on all cases.
boosting_scores <- function(train, test) {
  n <- nrow(train); w <- rep(1 / n, n); votes <- rep(0, nrow(test)); total <- 0
  for (m in 1:100) {
    for (attempt in 1:20) {
      fit <- rpart(y ~ ., data = train[sample(1:n, n, replace = TRUE, prob = w), ],
                   control = rpart.control(maxdepth = 1), method = "class")
      if (nrow(fit$frame) > 1) break
    }
    wrong <- as.numeric(predict(fit, train, type = "class") != train$y)
    err <- sum(w * wrong)
    if (err >= 0.5) { w <- rep(1 / n, n); next }
    alpha <- 0.5 * log((1 - max(err, 0.5 / n)) / max(err, 0.5 / n))
    votes <- votes + alpha * (predict(fit, test, type = "class") == "1"); total <- total + alpha
    if (err == 0) { w <- rep(1 / n, n); next }
    w <- w * exp(alpha * wrong); w <- w / sum(w)
  }
  votes / total
}

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
