# Goldens of radstudy model: glm (binomial), class::knn (k = 5), e1071::naiveBayes and e1071::svm
# fitted fold by fold on given folds, features z-scored with the training fold's mean and sd.
# Run from the repository root: Rscript tests/golden/models/make_golden.R
# R packages: class, e1071, pROC (R 4.2: class 7.3-21, e1071 1.7-13, pROC 1.18).
# Inputs: tests/golden/sts_features.csv with ../shared/data/sts/clinical.csv (label lung_mets), and
# synthetic tables this script writes here (<name>_features.csv, <name>_clinical.csv).
# Outputs per data set: <name>_folds.csv (id,fold,repeat), <name>_expected_metrics.csv
# (model,repeat,fold,set,n,tp,fp,tn,fn,auc) and <name>_expected_scores.csv (id,model,repeat,fold,set,score);
# sts6_expected_final_scores.csv: the models fitted on all cases (the saved model) scoring them.
# Class 1 when score > 0.5 (svm: decision value towards class 1 > 0). class::knn breaks vote ties at
# random; the confusion counts here use the score rule (a tied vote, score 0.5, is class 0) as radstudy.
suppressPackageStartupMessages({
  library(class)
  library(e1071)
  library(pROC)
})
out_dir <- "tests/golden/models"
num <- function(x) formatC(x, digits = 17, format = "g")

stratified_folds <- function(y, k, repeats) {
  rows <- list()
  for (r in seq_len(repeats)) {
    fold <- integer(length(y))
    offset <- 0
    for (cls in c(0, 1)) {
      members <- which(y == cls)
      members <- members[sample.int(length(members))]
      fold[members] <- ((seq_along(members) - 1 + offset) %% k) + 1
      offset <- offset + length(members)
    }
    rows[[r]] <- data.frame(fold = fold, rep = r)
  }
  rows
}

score_models <- function(train, train_y, test) {
  scores <- list()
  frame <- data.frame(train)
  glm_fit <- suppressWarnings(glm(train_y ~ ., data = cbind(frame, train_y = train_y), family = binomial))
  scores$logistic <- function(x) unname(suppressWarnings(predict(glm_fit, newdata = data.frame(x), type = "response")))
  scores$knn <- function(x) {
    set.seed(1)
    pred <- knn(train, x, factor(train_y, levels = c(0, 1)), k = 5, prob = TRUE, use.all = TRUE)
    prob <- attr(pred, "prob")
    ifelse(pred == "1", prob, 1 - prob)
  }
  nb <- naiveBayes(x = data.frame(train), y = factor(train_y, levels = c(0, 1)))
  scores$naive_bayes <- function(x) unname(predict(nb, data.frame(x), type = "raw")[, "1"])
  sv <- svm(x = train, y = factor(train_y, levels = c(0, 1)), type = "C-classification", kernel = "radial",
            cost = 1, gamma = 1 / ncol(train), scale = FALSE, tolerance = 0.001, shrinking = TRUE, cachesize = 40)
  scores$svm <- function(x) {
    dv <- attr(predict(sv, x, decision.values = TRUE), "decision.values")
    if (colnames(dv)[1] == "0/1") -dv[, 1] else dv[, 1]
  }
  scores
}

run_data_set <- function(name, ids, x, y, k, repeats) {
  folds <- stratified_folds(y, k, repeats)
  fold_rows <- do.call(rbind, lapply(folds, function(f) data.frame(id = ids, fold = f$fold, `repeat` = f$rep, check.names = FALSE)))
  write.csv(fold_rows, file.path(out_dir, paste0(name, "_folds.csv")), row.names = FALSE, quote = FALSE)
  metrics <- list()
  score_rows <- list()
  for (r in seq_len(repeats)) {
    for (f in seq_len(k)) {
      test_rows <- which(folds[[r]]$fold == f)
      train_rows <- which(folds[[r]]$fold != f)
      centre <- apply(x[train_rows, , drop = FALSE], 2, mean)
      spread <- apply(x[train_rows, , drop = FALSE], 2, sd)
      z <- sweep(sweep(x, 2, centre, "-"), 2, spread, "/")
      scorers <- score_models(z[train_rows, , drop = FALSE], y[train_rows], z[test_rows, , drop = FALSE])
      for (model in c("svm", "naive_bayes", "knn", "logistic")) {
        for (set in c("train", "test")) {
          rows <- if (set == "train") train_rows else test_rows
          s <- scorers[[model]](z[rows, , drop = FALSE])
          threshold <- if (model == "svm") 0 else 0.5
          predicted <- as.integer(s > threshold)
          truth <- y[rows]
          auc <- if (length(unique(truth)) == 2) {
            as.numeric(auc(roc(truth, s, levels = c(0, 1), direction = "<", quiet = TRUE)))
          } else NA
          metrics[[length(metrics) + 1]] <- data.frame(
            model = model, `repeat` = r, fold = f, set = set, n = length(rows),
            tp = sum(predicted == 1 & truth == 1), fp = sum(predicted == 1 & truth == 0),
            tn = sum(predicted == 0 & truth == 0), fn = sum(predicted == 0 & truth == 1),
            auc = if (is.na(auc)) "" else num(auc), check.names = FALSE)
          score_rows[[length(score_rows) + 1]] <- data.frame(
            id = ids[rows], model = model, `repeat` = r, fold = f, set = set, score = num(s), check.names = FALSE)
        }
      }
    }
  }
  write.csv(do.call(rbind, metrics), file.path(out_dir, paste0(name, "_expected_metrics.csv")), row.names = FALSE, quote = FALSE)
  write.csv(do.call(rbind, score_rows), file.path(out_dir, paste0(name, "_expected_scores.csv")), row.names = FALSE, quote = FALSE)
}

write_synthetic <- function(name, x, y) {
  ids <- sprintf("%s_%03d", name, seq_len(nrow(x)))
  features <- data.frame(id = ids, x, check.names = FALSE)
  write.csv(features, file.path(out_dir, paste0(name, "_features.csv")), row.names = FALSE, quote = FALSE)
  write.csv(data.frame(id = ids, label = y), file.path(out_dir, paste0(name, "_clinical.csv")), row.names = FALSE, quote = FALSE)
  ids
}

# STS: six fixed features (few enough for glm to converge), 5 folds x 2 repeats.
set.seed(20240603)
features <- read.csv("tests/golden/sts_features.csv", check.names = FALSE)
clinical <- read.csv("../shared/data/sts/clinical.csv", check.names = FALSE)
chosen <- c("original_firstorder_Mean", "original_firstorder_Skewness", "original_shape_Sphericity",
            "original_shape_Elongation", "original_glcm_Contrast", "original_glszm_ZoneEntropy")
sts <- merge(features[, c("id", chosen)], clinical[, c("id", "lung_mets")], by = "id", sort = FALSE)
sts <- sts[match(features$id, sts$id), ]
write.csv(features[, c("id", chosen)], file.path(out_dir, "sts6_features.csv"), row.names = FALSE, quote = FALSE)
run_data_set("sts6", sts$id, as.matrix(sts[, chosen]), sts$lung_mets, k = 5, repeats = 2)
# The final model (radstudy model --save, then predict): every model fitted on all 51 cases z-scored
# with their own mean and sd, scoring the same cases: sts6_expected_final_scores.csv (id,model,score).
x_all <- as.matrix(sts[, chosen])
z_all <- sweep(sweep(x_all, 2, apply(x_all, 2, mean), "-"), 2, apply(x_all, 2, sd), "/")
final <- score_models(z_all, sts$lung_mets, z_all)
final_rows <- do.call(rbind, lapply(c("svm", "naive_bayes", "knn", "logistic"), function(model)
  data.frame(id = sts$id, model = model, score = num(final[[model]](z_all)))))
write.csv(final_rows, file.path(out_dir, "sts6_expected_final_scores.csv"), row.names = FALSE, quote = FALSE)

# Ties: values on a coarse grid (distance ties for knn, tied scores for the AUC), 4 folds.
set.seed(7)
n <- 40
x <- matrix(round(rnorm(n * 4), 1), n, 4, dimnames = list(NULL, paste0("tied_", 1:4)))
y <- as.integer(runif(n) < plogis(0.8 * x[, 1] - 0.6 * x[, 2]))
ids <- write_synthetic("ties_n40", x, y)
run_data_set("ties_n40", ids, x, y, k = 4, repeats = 1)

# Separable: class 1 exactly when f1 > 0 (glm: fitted probabilities 0 or 1, no convergence), 3 folds.
set.seed(11)
n <- 30
x <- matrix(rnorm(n * 3), n, 3, dimnames = list(NULL, c("f1", "f2", "f3")))
y <- as.integer(x[, 1] > 0)
ids <- write_synthetic("separable_n30", x, y)
run_data_set("separable_n30", ids, x, y, k = 3, repeats = 1)

# Unbalanced with a feature constant within class 1 in training (naiveBayes' sd threshold) and far
# outliers (densities that underflow to 0 and take the 0.001 threshold), 3 folds x 2 repeats.
set.seed(23)
n <- 45
y <- as.integer(seq_len(n) %% 5 == 0)
x <- cbind(level = ifelse(y == 1, 2, rnorm(n)), spread = rnorm(n, sd = 3), skewed = rexp(n) * ifelse(y == 1, 2, 1))
x[c(3, 17), "spread"] <- c(400, -350)
ids <- write_synthetic("unbalanced_n45", x, y)
run_data_set("unbalanced_n45", ids, x, y, k = 3, repeats = 2)

# Many features (p close to n in the training folds): 26 cases x 12 features, 3 folds.
set.seed(5)
n <- 26
x <- matrix(rnorm(n * 12), n, 12, dimnames = list(NULL, paste0("g", 1:12)))
y <- as.integer(x[, 1] + rnorm(n) > 0)
ids <- write_synthetic("wide_n26", x, y)
run_data_set("wide_n26", ids, x, y, k = 3, repeats = 1)
