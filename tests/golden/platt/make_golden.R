# Platt's sigmoid P(y = 1 | f) = 1 / (1 + exp(A f + B)) with libsvm's smoothed targets
# (N+ + 1) / (N+ + 2) and 1 / (N- + 2): the maximum-likelihood fit, by glm on the targets.
# Run from the repository root: Rscript tests/golden/platt/make_golden.R
set.seed(20261127)
out <- "tests/golden/platt"
make <- function(name, f, y) data.frame(dataset = name, f = f, y = y)
n <- 40
sets <- list(
  make("overlapping", c(rnorm(20, 0.8), rnorm(20, -0.8)), rep(c(1, 0), each = 20)),
  make("separable", c(runif(15, 0.2, 2), runif(25, -2, -0.1)), rep(c(1, 0), c(15, 25))),
  make("few", c(1.2, -0.4, 0.3, -1.1, 0.9, -0.2, 0.05), c(1, 0, 1, 0, 0, 1, 0)),
  make("wide", c(rnorm(30, 5, 4), rnorm(30, -3, 4)), rep(c(1, 0), each = 30)),
  make("unbalanced", c(rnorm(6, 1), rnorm(44, -0.5)), rep(c(1, 0), c(6, 44)))
)
data <- do.call(rbind, sets)
results <- do.call(rbind, lapply(split(data, factor(data$dataset, levels = unique(data$dataset))), function(d) {
  positives <- sum(d$y == 1); negatives <- sum(d$y == 0)
  target <- ifelse(d$y == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))
  fit <- suppressWarnings(glm(target ~ d$f, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 200)))
  data.frame(dataset = d$dataset[1], a = -coef(fit)[[2]], b = -coef(fit)[[1]])
}))
write.csv(transform(data, f = sprintf("%.17g", f)), file.path(out, "decision_values.csv"), row.names = FALSE, quote = FALSE)
write.csv(format(results, digits = 17), file.path(out, "sigmoids.csv"), row.names = FALSE, quote = FALSE)
