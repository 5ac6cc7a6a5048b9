# The R side of bench/model_vs_r.sh: what `radstudy model --models all --select lasso:10 --k 5
# --repeats R` does, with the R packages the seed paper used. Usage:
#   Rscript bench/r/model_cv.R FEATURES.csv CLINICAL.csv REPEATS
# Needs glmnet, e1071, rpart, party, randomForest, class, nnet, ipred.
suppressPackageStartupMessages({
  library(glmnet); library(e1071); library(rpart); library(party); library(randomForest)
  library(class); library(nnet); library(ipred)
})
args <- commandArgs(trailingOnly = TRUE)
features <- read.csv(args[1], check.names = FALSE)
clinical <- read.csv(args[2])
repeats <- as.integer(args[3])
d <- merge(clinical[, c("id", "label")], features, by = "id")
x_all <- as.matrix(d[, setdiff(names(features), "id")])
y_all <- d$label

source("tests/golden/golden_helpers.R")  # stratified_folds, auc, boosting_scores
top_lasso <- function(x, y, k) {  # radstudy select --n k
  cv <- cv.glmnet(x, y, family = "binomial", standardize = FALSE, foldid = stratified_folds(y, 10))
  beta <- as.matrix(cv$glmnet.fit$beta)
  index <- which(cv$lambda == cv$lambda.min)
  if (sum(beta[, index] != 0) < k) { enough <- which(colSums(beta != 0) >= k); if (length(enough)) index <- min(enough) }
  coefs <- beta[, index]
  head(order(-abs(coefs)), min(k, sum(coefs != 0)))
}
set.seed(1)
aucs <- list()
for (r in seq_len(repeats)) {
  folds <- stratified_folds(y_all, 5)
  for (f in 1:5) {
    train_x <- x_all[folds != f, , drop = FALSE]; test_x <- x_all[folds == f, , drop = FALSE]
    centre <- colMeans(train_x); spread <- apply(train_x, 2, sd)
    keep <- spread > 0
    train_z <- scale(train_x[, keep], centre[keep], spread[keep]); test_z <- scale(test_x[, keep], centre[keep], spread[keep])
    ytr <- y_all[folds != f]; yte <- y_all[folds == f]
    selected <- top_lasso(train_z, ytr, 10)
    tr <- as.data.frame(train_z[, selected, drop = FALSE]); te <- as.data.frame(test_z[, selected, drop = FALSE])
    names(tr) <- names(te) <- paste0("f", seq_along(selected))
    tr$y <- factor(ytr, levels = c(0, 1))
    p <- ncol(te)
    scores <- list(
      svm = attr(predict(svm(y ~ ., tr, type = "C-classification", kernel = "radial", cost = 1, gamma = 1 / p,
                             scale = FALSE), te, decision.values = TRUE), "decision.values")[, 1],
      naive_bayes = predict(naiveBayes(y ~ ., tr), te, type = "raw")[, "1"],
      rpart = predict(rpart(y ~ ., tr, method = "class"), te, type = "prob")[, "1"],
      ctree = sapply(treeresponse(ctree(y ~ ., tr), newdata = te), function(v) v[2]),
      random_forest = predict(randomForest(y ~ ., tr), te, type = "prob")[, "1"],
      knn = { k <- knn(tr[, seq_len(p)], te, tr$y, k = 5, prob = TRUE); ifelse(k == "1", attr(k, "prob"), 1 - attr(k, "prob")) },
      neural_net = as.numeric(predict(nnet(y ~ ., tr, size = 5, decay = 0.01, trace = FALSE), te, type = "raw")),
      boosting = boosting_scores(tr, te),
      bagging = predict(bagging(y ~ ., tr), te, type = "prob")[, "1"],
      logistic = suppressWarnings(predict(glm(y ~ ., tr, family = binomial), te, type = "response")))
    for (model in names(scores)) aucs[[model]] <- c(aucs[[model]], if (length(unique(yte)) == 2) auc(scores[[model]], yte) else NA)
  }
}
print(sapply(aucs, mean, na.rm = TRUE))
