# Helpers shared by the golden-file scripts (tests/golden/*/make_*.R) and the R side of the modelling
# benchmark (bench/r/model_cv.R). Sourced from the repository root:
#   source("tests/golden/golden_helpers.R")

# A number as text that reads back to the same double; NA as "NA".
num <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))

# Writes `frame` to out_dir/name with every numeric column through num().
write_golden <- function(frame, name, out_dir, quote = FALSE) {
  for (column in names(frame)) if (is.numeric(frame[[column]])) frame[[column]] <- num(frame[[column]])
  write.csv(frame, file.path(out_dir, name), row.names = FALSE, quote = quote)
}

# Stratified folds: within each class (in order of first appearance), fold labels 1..k in a random order.
stratified_folds <- function(y, k) {
  fold <- integer(length(y))
  for (level in unique(y)) {
    members <- which(y == level)
    fold[members] <- sample(rep_len(1:k, length(members)))
  }
  fold
}

# Test and training rows z-scored with the training rows' mean and sd (n - 1).
zscore <- function(train, test) {
  centre <- colMeans(train)
  spread <- apply(train, 2, sd)
  list(train = sweep(sweep(train, 2, centre), 2, spread, "/"), test = sweep(sweep(test, 2, centre), 2, spread, "/"))
}

# P(score of a 1 > score of a 0) + P(tie) / 2, as pROC::auc.
auc <- function(score, label) {
  r <- rank(score); n1 <- sum(label == 1); n0 <- sum(label == 0)
  (sum(r[label == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)
}

# AdaBoost.M1 as adabag::boosting(boos = TRUE, mfinal = 100, coeflearn = "Breiman") with rpart stumps
# (adabag is not in Debian), as radstudy's boosting: bootstrap by the case weights, weighted error on
# all cases; `train` holds the factor y. No stump better than chance: the training share of class 1.
boosting_scores <- function(train, test) {
  n <- nrow(train); w <- rep(1 / n, n); votes <- rep(0, nrow(test)); total <- 0
  for (m in 1:100) {
    for (attempt in 1:20) {
      fit <- rpart::rpart(y ~ ., data = train[sample(1:n, n, replace = TRUE, prob = w), ],
                          control = rpart::rpart.control(maxdepth = 1), method = "class")
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
  if (total > 0) votes / total else rep(mean(train$y == "1"), nrow(test))
}
