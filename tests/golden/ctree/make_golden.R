# Golden values for tests/models/conditional_inference_tree_test.cpp.
# Run from the repository root:  Rscript tests/golden/ctree/make_golden.R
# R packages: party (1.3-11; ctree with ctree_control() defaults).
# Reference: party::ctree(y ~ ., data = training fold) with its defaults (teststat "quad", testtype
# "Bonferroni", mincriterion 0.95, minsplit 20, minbucket 7), features z-scored with the training fold's
# mean and sd (n - 1); score = predict(fit, newdata, type = "prob")[[i]][2], the class-1 share of the
# case's terminal node.
# Inputs: tests/golden/sts_features.csv + ../shared/data/sts/clinical.csv (label lung_mets) and
# synthetic tables this script writes itself.
# Writes into tests/golden/ctree/:
#   datasets.csv          dataset,data,folds
#   data_<dataset>.csv    id,label,<features> (raw, not z-scored)
#   folds_<dataset>.csv   id,repeat,fold
#   scores.csv            dataset,repeat,fold,id,set,score (set: train or test)
#   trees.csv             dataset,repeat,fold,terminal_nodes,splits (variable<=cutpoint, preorder)
suppressPackageStartupMessages(library(party))
set.seed(20240612)
out_dir <- "tests/golden/ctree"
source("tests/golden/golden_helpers.R")

datasets <- list()
add_dataset <- function(name, frame, k = 5, repeats = 2) {
  folds <- do.call(rbind, lapply(seq_len(repeats), function(r)
    data.frame(id = frame$id, `repeat` = r, fold = stratified_folds(frame$label, k), check.names = FALSE)))
  datasets[[name]] <<- list(frame = frame, folds = folds)
}

# ---- the STS cohort: eight fixed shape / first-order / texture features ----
features <- read.csv("tests/golden/sts_features.csv", check.names = FALSE)
clinical <- read.csv("../shared/data/sts/clinical.csv", check.names = FALSE)
chosen <- c("original_glszm_GrayLevelNonUniformity", "original_shape_SurfaceVolumeRatio",
            "original_shape_LeastAxisLength", "original_ngtdm_Coarseness", "original_firstorder_Entropy")
sts <- merge(clinical[, c("id", "lung_mets")], features[, c("id", chosen)], by = "id")
names(sts)[2] <- "label"
add_dataset("sts", sts, repeats = 4)
add_dataset("sts_two_features", sts[, c("id", "label", chosen[1:2])], repeats = 4)

# ---- synthetic tables ----
synthetic <- function(n, x, score) {
  frame <- data.frame(id = sprintf("case_%03d", seq_len(n)), label = as.integer(score > 0))
  cbind(frame, x)
}
n <- 80  # heavy ties: five features on a 0..4 scale
x <- as.data.frame(matrix(sample(0:4, n * 5, replace = TRUE), n, 5, dimnames = list(NULL, paste0("level", 1:5))))
add_dataset("ties", synthetic(n, x, x$level1 + x$level2 - 4 + rnorm(n, 0, 1)))
n <- 90  # nearly separable: a deep tree
x <- as.data.frame(matrix(rnorm(n * 4), n, 4, dimnames = list(NULL, paste0("x", 1:4))))
add_dataset("separable", synthetic(n, x, x$x1 + 0.7 * x$x2 + rnorm(n, 0, 0.2)))
n <- 32  # small: children fall under minsplit
x <- as.data.frame(matrix(rnorm(n * 3), n, 3, dimnames = list(NULL, paste0("x", 1:3))))
add_dataset("small", synthetic(n, x, 2 * x$x1 + rnorm(n, 0, 0.5)), k = 4)
n <- 50  # pure noise: mostly a single root node
x <- as.data.frame(matrix(rnorm(n * 10), n, 10, dimnames = list(NULL, paste0("noise", 1:10))))
add_dataset("noise", synthetic(n, x, rnorm(n)))
n <- 50  # 40 x 10 training folds with a moderate signal, heavy-tailed features
x <- as.data.frame(matrix(rt(n * 10, 3), n, 10, dimnames = list(NULL, paste0("t", 1:10))))
add_dataset("moderate_40x10", synthetic(n, x, x$t1 - x$t3 + rnorm(n, 0, 0.8)), repeats = 3)
n <- 100  # imbalanced (about 20% of class 1), a skewed feature
x <- data.frame(skewed = rexp(n), x2 = rnorm(n), x3 = rnorm(n))
add_dataset("imbalanced", synthetic(n, x, 1.5 * x$skewed + 0.5 * x$x2 - 3 + rnorm(n, 0, 0.5)))
n <- 70  # a duplicated column (equal criteria: the first wins) and a rounded copy of another
x <- data.frame(a = rnorm(n), b = rnorm(n))
x$a_copy <- x$a
x$b_rounded <- round(x$b, 1)
add_dataset("duplicates", synthetic(n, x, x$a + x$b + rnorm(n, 0, 0.7)))

# ---- fit ctree on every training fold ----
describe_tree <- function(node) {
  if (node$terminal) return(character(0))
  here <- paste0(node$psplit$variableName, "<=", num(node$psplit$splitpoint))
  c(here, describe_tree(node$left), describe_tree(node$right))
}
count_terminal <- function(node) if (node$terminal) 1 else count_terminal(node$left) + count_terminal(node$right)

scores <- list()
trees <- list()
index <- list()
for (name in names(datasets)) {
  frame <- datasets[[name]]$frame
  folds <- datasets[[name]]$folds
  write_golden(frame, paste0("data_", name, ".csv"), out_dir)
  write_golden(folds, paste0("folds_", name, ".csv"), out_dir)
  index[[name]] <- data.frame(dataset = name, data = paste0("data_", name, ".csv"), folds = paste0("folds_", name, ".csv"))
  feature_names <- setdiff(names(frame), c("id", "label"))
  for (r in unique(folds[["repeat"]])) {
    fold_of <- folds$fold[folds[["repeat"]] == r]
    for (k in sort(unique(fold_of))) {
      in_test <- fold_of == k
      scaled <- zscore(as.matrix(frame[!in_test, feature_names]), as.matrix(frame[in_test, feature_names]))
      train <- data.frame(y = factor(frame$label[!in_test], levels = c(0, 1)), scaled$train)
      test <- data.frame(scaled$test)
      fit <- ctree(y ~ ., data = train)
      for (set in c("train", "test")) {
        newdata <- if (set == "train") train[, -1] else test
        ids <- if (set == "train") frame$id[!in_test] else frame$id[in_test]
        probability <- sapply(predict(fit, newdata = newdata, type = "prob"), function(p) p[2])
        scores[[length(scores) + 1]] <- data.frame(dataset = name, `repeat` = r, fold = k, id = ids, set = set,
                                                   score = probability, check.names = FALSE)
      }
      trees[[length(trees) + 1]] <- data.frame(dataset = name, `repeat` = r, fold = k,
                                               terminal_nodes = count_terminal(fit@tree),
                                               splits = paste(describe_tree(fit@tree), collapse = " "),
                                               check.names = FALSE)
    }
  }
}
write.csv(do.call(rbind, index), file.path(out_dir, "datasets.csv"), row.names = FALSE, quote = FALSE)
write_golden(do.call(rbind, scores), "scores.csv", out_dir)
write_golden(do.call(rbind, trees), "trees.csv", out_dir)
