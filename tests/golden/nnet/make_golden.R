# Golden values for tests/models/neural_network_test.cpp.
# Run from the repository root:  Rscript tests/golden/nnet/make_golden.R
# R packages: nnet (7.3-18).
# Reference: nnet::nnet(y ~ ., data, size = 5, decay = 0.01) with its other defaults (maxit 100, rang 0.7,
# entropy fit with one logistic output for a two-level factor, BFGS by vmmin with abstol 1e-4, reltol 1e-8).
# Inputs: tests/golden/sts_features.csv + ../shared/data/sts/clinical.csv (label lung_mets) and synthetic
# tables written here.
# Writes into tests/golden/nnet/:
#   optimiser_fits.csv       fit,data,value,convergence: fits from R's own initial weights (Wts = w)
#   optimiser_<fit>.csv      label,<z-scored features>: the training data of the fit, exactly as R saw it
#   optimiser_weights.csv    fit,index,initial,final (nnet's weight order)
#   optimiser_fitted.csv     fit,case,fitted
#   spread_datasets.csv      dataset,data,folds
#   data_<dataset>.csv       id,label,<raw features>;  folds_<dataset>.csv  id,repeat,fold
#   spread_auc.csv           dataset,seed,mean_auc: per R seed, the mean test AUC over all folds
suppressPackageStartupMessages(library(nnet))
set.seed(20240613)
out_dir <- "tests/golden/nnet"
source("tests/golden/golden_helpers.R")
fit_nnet <- function(train_x, label, ...) {
  train <- data.frame(y = factor(label, levels = c(0, 1)), train_x)
  nnet(y ~ ., data = train, size = 5, decay = 0.01, trace = FALSE, ...)
}

features <- read.csv("tests/golden/sts_features.csv", check.names = FALSE)
clinical <- read.csv("../shared/data/sts/clinical.csv", check.names = FALSE)
chosen <- c("original_glszm_GrayLevelNonUniformity", "original_shape_SurfaceVolumeRatio",
            "original_shape_LeastAxisLength", "original_ngtdm_Coarseness", "original_firstorder_Entropy",
            "original_shape_Sphericity", "original_firstorder_Kurtosis", "original_glcm_Contrast")
sts <- merge(clinical[, c("id", "lung_mets")], features[, c("id", chosen)], by = "id")
names(sts)[2] <- "label"
synthetic <- function(n, x, score) cbind(data.frame(id = sprintf("case_%03d", seq_len(n)), label = as.integer(score > 0)), x)
n <- 50
x <- as.data.frame(matrix(rnorm(n * 10), n, 10, dimnames = list(NULL, paste0("x", 1:10))))
moderate <- synthetic(n, x, x$x1 - 0.8 * x$x2 + 0.5 * x$x3 + rnorm(n, 0, 1))
n <- 60
x <- as.data.frame(matrix(rnorm(n * 3), n, 3, dimnames = list(NULL, paste0("x", 1:3))))
separable <- synthetic(n, x, 3 * x$x1 + x$x2)  # perfectly separable: large weights, saturated units
n <- 45
x <- as.data.frame(matrix(sample(0:3, n * 4, replace = TRUE), n, 4, dimnames = list(NULL, paste0("level", 1:4))))
ties <- synthetic(n, x, x$level1 - x$level2 + rnorm(n, 0, 1))

# ---- the optimiser from R's own initial weights ----
fits <- list(); weights <- list(); fitted <- list()
optimiser_fit <- function(name, frame, rows) {
  feature_names <- setdiff(names(frame), c("id", "label"))
  scaled <- zscore(as.matrix(frame[rows, feature_names]), as.matrix(frame[rows, feature_names]))$train
  label <- frame$label[rows]
  write_golden(data.frame(label = label, scaled, check.names = FALSE), paste0("optimiser_", name, ".csv"), out_dir)
  nwts <- (ncol(scaled) + 1) * 5 + 6
  initial <- runif(nwts, -0.7, 0.7)
  fit <- fit_nnet(scaled, label, Wts = initial)
  fits[[length(fits) + 1]] <<- data.frame(fit = name, data = paste0("optimiser_", name, ".csv"), value = fit$value,
                                          convergence = fit$convergence)
  weights[[length(weights) + 1]] <<- data.frame(fit = name, index = seq_len(nwts), initial = initial, final = fit$wts)
  fitted[[length(fitted) + 1]] <<- data.frame(fit = name, case = seq_along(label), fitted = as.vector(fit$fitted.values))
}
sts_folds <- stratified_folds(sts$label, 5)
optimiser_fit("sts_all", sts, seq_len(nrow(sts)))
optimiser_fit("sts_all_again", sts, seq_len(nrow(sts)))  # another start
for (k in 1:3) optimiser_fit(paste0("sts_fold", k), sts, which(sts_folds != k))
optimiser_fit("moderate_40x10", moderate, 1:40)
optimiser_fit("separable", separable, seq_len(nrow(separable)))
optimiser_fit("ties", ties, seq_len(nrow(ties)))
write_golden(do.call(rbind, fits), "optimiser_fits.csv", out_dir)
write_golden(do.call(rbind, weights), "optimiser_weights.csv", out_dir)
write_golden(do.call(rbind, fitted), "optimiser_fitted.csv", out_dir)

# ---- seed-to-seed spread of the cross-validated AUC ----
spread <- list(); index <- list()
for (name in c("sts", "moderate")) {
  frame <- if (name == "sts") sts else moderate
  folds <- do.call(rbind, lapply(1:2, function(r) data.frame(id = frame$id, `repeat` = r,
                                                             fold = stratified_folds(frame$label, 5), check.names = FALSE)))
  write_golden(frame, paste0("data_", name, ".csv"), out_dir)
  write_golden(folds, paste0("folds_", name, ".csv"), out_dir)
  index[[name]] <- data.frame(dataset = name, data = paste0("data_", name, ".csv"), folds = paste0("folds_", name, ".csv"))
  feature_names <- setdiff(names(frame), c("id", "label"))
  for (seed in 1:25) {
    set.seed(seed)
    aucs <- c()
    for (r in 1:2) {
      fold_of <- folds$fold[folds[["repeat"]] == r]
      for (k in 1:5) {
        test <- fold_of == k
        scaled <- zscore(as.matrix(frame[!test, feature_names]), as.matrix(frame[test, feature_names]))
        fit <- fit_nnet(scaled$train, frame$label[!test])
        aucs <- c(aucs, auc(as.vector(predict(fit, newdata = data.frame(scaled$test))), frame$label[test]))
      }
    }
    spread[[length(spread) + 1]] <- data.frame(dataset = name, seed = seed, mean_auc = mean(aucs))
  }
}
write.csv(do.call(rbind, index), file.path(out_dir, "spread_datasets.csv"), row.names = FALSE, quote = FALSE)
write_golden(do.call(rbind, spread), "spread_auc.csv", out_dir)
