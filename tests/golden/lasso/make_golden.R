# Golden values for tests/stats/lasso_logistic_test.cpp and tests/cli/select_command_test.cpp.
# Run from the repository root:  Rscript tests/golden/lasso/make_golden.R
# R packages: glmnet (4.1-6), Matrix.
# Reference: glmnet::cv.glmnet(x, y, family = "binomial", alpha, standardize = FALSE, foldid,
# type.measure = "deviance") with every other argument at its default (100 lambdas, lambda.min.ratio
# 0.01 when n < p else 1e-4, thresh 1e-7, grouped = TRUE, alignment = "lambda").
# Writes into tests/golden/lasso/:
#   lasso_cases.csv     name,alpha,folds,cases,features,lambda_min,lambda_1se,index_min,index_1se,nulldev,
#                       grouped,top5,top10 (1-based feature positions, largest |coef| first, ';'-separated)
#   <name>_data.csv     fold,y,<features>: the x given to glmnet (STS: z-scored as radstudy select does)
#   <name>_path.csv     step,lambda,a0,dev_ratio,df: glmnet.fit along the path
#   <name>_beta.csv     step,feature,coef: the non-zero coefficients (feature = 1-based column position)
#   <name>_cv.csv       step,lambda,cvm,cvsd,nzero
#   sts_folds.csv       id,fold: the stratified folds of the STS case (read by the CLI test)
suppressPackageStartupMessages(library(glmnet))
set.seed(20240611)
out_dir <- "tests/golden/lasso"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

num <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))
write_table <- function(df, file) {
  for (col in names(df)) if (is.numeric(df[[col]])) df[[col]] <- num(df[[col]])
  write.csv(df, file.path(out_dir, file), row.names = FALSE, quote = FALSE)
}

stratified_folds <- function(y, k) {
  folds <- integer(length(y))
  for (class in sort(unique(y))) {
    members <- which(y == class)
    folds[members] <- sample(rep(seq_len(k), length.out = length(members)))
  }
  folds
}

# radstudy select --n K: lambda.min if it has >= K non-zero coefficients, else the largest lambda
# with >= K (else the first with the most); the K largest |coef|.
top_k <- function(cvfit, k) {
  fit <- cvfit$glmnet.fit
  i <- cvfit$index["min", 1]
  if (fit$df[i] < k) {
    reaching <- which(fit$df >= k)
    i <- if (length(reaching)) reaching[1] else which.max(fit$df)
  }
  b <- as.numeric(fit$beta[, i])
  nonzero <- which(b != 0)
  ranked <- nonzero[order(-abs(b[nonzero]))]
  paste(head(ranked, k), collapse = ";")
}

cases <- list()
golden_case <- function(name, x, y, folds, alpha = 1) {
  data <- data.frame(fold = folds, y = y, x, check.names = FALSE)
  write_table(data, paste0(name, "_data.csv"))
  cvfit <- cv.glmnet(x, y, family = "binomial", alpha = alpha, standardize = FALSE, foldid = folds,
                     type.measure = "deviance")
  fit <- cvfit$glmnet.fit
  steps <- seq_along(fit$lambda)
  write_table(data.frame(step = steps, lambda = fit$lambda, a0 = as.numeric(fit$a0),
                         dev_ratio = fit$dev.ratio, df = fit$df), paste0(name, "_path.csv"))
  beta <- as.matrix(fit$beta)
  nz <- which(beta != 0, arr.ind = TRUE)
  nz <- nz[order(nz[, 2], nz[, 1]), , drop = FALSE]
  write_table(data.frame(step = nz[, 2], feature = nz[, 1], coef = beta[nz]), paste0(name, "_beta.csv"))
  write_table(data.frame(step = seq_along(cvfit$lambda), lambda = cvfit$lambda, cvm = cvfit$cvm,
                         cvsd = cvfit$cvsd, nzero = as.numeric(cvfit$nzero)), paste0(name, "_cv.csv"))
  grouped <- nrow(x) / max(folds) >= 3
  cases[[length(cases) + 1]] <<- data.frame(
    name = name, alpha = alpha, folds = max(folds), cases = nrow(x), features = ncol(x),
    lambda_min = num(cvfit$lambda.min), lambda_1se = num(cvfit$lambda.1se),
    index_min = cvfit$index["min", 1], index_1se = cvfit$index["1se", 1], nulldev = num(fit$nulldev),
    grouped = as.integer(grouped), top5 = top_k(cvfit, 5), top10 = top_k(cvfit, 10))
}

ar1 <- function(n, p, rho) {
  z <- matrix(rnorm(n * p), n, p)
  x <- z
  for (j in 2:p) x[, j] <- rho * x[, j - 1] + sqrt(1 - rho^2) * z[, j]
  x
}
logistic_labels <- function(eta) as.integer(runif(length(eta)) < 1 / (1 + exp(-eta)))
named <- function(x) { colnames(x) <- paste0("f", seq_len(ncol(x))); x }

# STS: PyRadiomics features of radstudy extract, z-scored (mean, sd with n - 1), label lung_mets.
features <- read.csv("tests/golden/sts_features.csv", check.names = FALSE)
clinical <- read.csv("../shared/data/sts/clinical.csv", check.names = FALSE)
sts <- merge(features, clinical[, c("id", "lung_mets")], by = "id", sort = FALSE)
sts <- sts[match(features$id, sts$id), ]
sts_x <- scale(as.matrix(sts[, setdiff(names(features), "id")]))
attr(sts_x, "scaled:center") <- NULL
attr(sts_x, "scaled:scale") <- NULL
sts_y <- sts$lung_mets
sts_folds <- stratified_folds(sts_y, 10)
write.csv(data.frame(id = sts$id, fold = sts_folds), file.path(out_dir, "sts_folds.csv"), row.names = FALSE,
          quote = FALSE)
golden_case("sts", sts_x, sts_y, sts_folds)
golden_case("sts_enet", sts_x, sts_y, sts_folds, alpha = 0.5)

# n > p, AR(1) correlated features, three of them informative.
x <- named(ar1(100, 15, 0.6))
y <- logistic_labels(1.2 * x[, 2] - 0.8 * x[, 7] + 0.5 * x[, 11])
golden_case("n_gt_p", x, y, sample(rep(1:10, length.out = 100)))

# n < p (40 x 300), correlated blocks: lambda.min.ratio 0.01 in the full fit and in every fold.
x <- named(ar1(40, 300, 0.8))
y <- c(rep(0L, 24), rep(1L, 16))
x[y == 1, c(5, 60, 61, 200)] <- x[y == 1, c(5, 60, 61, 200)] + 0.9
golden_case("n_lt_p", x, y, stratified_folds(y, 10))

# Elastic net (alpha 0.5), n < p, 5 folds.
x <- named(ar1(60, 80, 0.5))
y <- logistic_labels(x[, 3] + x[, 4] - x[, 50])
golden_case("elastic_net", x, y, stratified_folds(y, 5), alpha = 0.5)

# Fewer than 3 cases per fold: cv.glmnet's ungrouped cvm/cvsd (over cases).
x <- named(ar1(24, 10, 0.3))
y <- rep(c(0L, 1L), 12)
x[y == 1, 2] <- x[y == 1, 2] + 1
golden_case("ungrouped", x, y, stratified_folds(y, 10))

# Raw scales (not z-scored: centring and the intercept), integer ties, and a column that is constant
# in the training cases of fold 3 (glmnet's chkvars leaves it out of that fold's fit).
x <- named(cbind(ar1(80, 8, 0.4) * c(1, 100, 0.01, 5, 1, 1000, 1, 3) + c(0, 50, -3, 0, 10, 0, 0, 2),
                 matrix(sample(0:3, 80 * 3, replace = TRUE), 80, 3)))
y <- logistic_labels(0.9 * x[, 1] + 0.01 * x[, 2] - 0.5 * x[, 9])
folds <- stratified_folds(y, 4)
x <- cbind(x, f12 = ifelse(folds == 3, rnorm(80), 0))
golden_case("raw_scales", x, y, folds)

# Perfectly separated by one feature: the path stops once the deviance ratio passes 0.999.
x <- named(ar1(30, 50, 0.2))
y <- as.integer(x[, 10] > 0)
golden_case("separated", x, y, stratified_folds(y, 5))

# Unbalanced classes (6 of 60).
x <- named(ar1(60, 20, 0.5))
y <- integer(60)
y[order(-x[, 5])[1:6]] <- 1L
golden_case("unbalanced", x, y, stratified_folds(y, 3))

# n > p in the full fit (1e-4) but n < p in every training fold (0.01).
x <- named(ar1(45, 42, 0.3))
y <- logistic_labels(x[, 1] - x[, 2])
golden_case("ratio_switch", x, y, stratified_folds(y, 5))

write_table(do.call(rbind, cases), "lasso_cases.csv")
